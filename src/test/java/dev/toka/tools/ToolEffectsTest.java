package dev.toka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The effects and provenance a manifest declares, and what it is taken to declare when it says nothing. */
class ToolEffectsTest {

    private static final JsonNode SCHEMA = new ObjectMapper().createObjectNode().put("type", "object");

    @Test
    void aManifestThatDeclaresNothingHasEveryEffectAndAnswersUntrustedContent() {
        ToolManifest silent = ToolManifest.of("text.silent", "1.0.0", "Says nothing about itself", SideEffect.NONE,
                SCHEMA);
        assertEquals(Set.of(ToolEffect.values()), silent.effects());
        assertEquals(Provenance.UNTRUSTED, silent.provenance());
    }

    @Test
    void declaredEffectsAreKeptInTheirOrderWhateverOrderTheyCameIn() {
        ToolManifest declared = ToolManifest.of("text.tidy", "1.0.0", "Tidies a file", SideEffect.IDEMPOTENT, SCHEMA)
                .declaring(Set.of(ToolEffect.WRITES_LOCAL, ToolEffect.READS_LOCAL), Provenance.TRUSTED);
        assertEquals(List.of(ToolEffect.READS_LOCAL, ToolEffect.WRITES_LOCAL), List.copyOf(declared.effects()));
        assertEquals(Provenance.TRUSTED, declared.provenance());
        assertEquals(Set.of(), ToolManifest.of("text.pure", "1.0.0", "Pure", SideEffect.NONE, SCHEMA)
                .declaring(Set.of(), Provenance.TRUSTED).effects(), "an empty list declares no effect at all");
    }

    @Test
    void aToolWithNetworkMustDeclareNetworkEgress() {
        InvalidManifestException refused = assertThrows(InvalidManifestException.class, () -> new ToolManifest(
                "net.probe", "1.0.0", "Probes", null, SideEffect.READ_ONLY, SCHEMA, true, false,
                Set.of(ToolEffect.READS_LOCAL), Provenance.TRUSTED));
        assertEquals("effects", refused.field());
    }

    @Test
    void onlyEgressProcessesAndExternalSideEffectsCarryDataOut() {
        assertEquals(List.of(ToolEffect.NETWORK_EGRESS, ToolEffect.RUNS_PROCESSES, ToolEffect.EXTERNAL_SIDE_EFFECTS),
                List.of(ToolEffect.values()).stream().filter(ToolEffect::carriesDataOut).toList());
        assertEquals(ToolEffect.EXTERNAL_SIDE_EFFECTS, ToolEffect.ofWireName("external-side-effects").orElseThrow());
        assertEquals(Provenance.UNTRUSTED, Provenance.ofWireName("untrusted").orElseThrow());
    }
}

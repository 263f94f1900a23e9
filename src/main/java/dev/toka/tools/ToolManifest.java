package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.Permissions;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tool is and what calling it needs.
 *
 * @param id          The tool's name, lower-case, for example {@code fs.read}.
 * @param version     The tool's version, for example {@code 1.0.0}; recorded with every call.
 * @param description What the tool does, for people and models.
 * @param permission  The permission a caller must hold; by default {@code tool:<id>}.
 * @param sideEffect  What calling it does to the world.
 * @param inputSchema The JSON schema (draft 2020-12 unless it names draft 07) its input must match.
 * @param network     Whether its commands may use the network; they get it only for a caller that also
 *                    holds {@value Permissions#NET_CONNECT}.
 * @param approvalRequired Whether every call needs a person's approval first (docs/agents.md, "Approvals");
 *                    {@code toka.tools.approval-required} can ask it of any tool too.
 * @param effects     What it can do with the data it is given; a manifest that declares nothing ({@code null})
 *                    is taken to have every effect.
 * @param provenance  Where its answers come from: {@code untrusted} when a third party could have written
 *                    them; a manifest that declares nothing ({@code null}) is taken as untrusted.
 * @since 0.1
 */
public record ToolManifest(
        String id, String version, String description, String permission, SideEffect sideEffect,
        JsonNode inputSchema, boolean network, boolean approvalRequired, Set<ToolEffect> effects,
        Provenance provenance) {

    /** Tool ids: short enough that {@code tool:<id>} stays within the permission length limit. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,58}");

    public ToolManifest {
        require(id != null && ID.matcher(id).matches(), "id", "must be 1-59 of a-z, 0-9, '.', '_', '-', starting"
                + " with a letter or digit");
        require(version != null && !version.isBlank() && version.length() <= 64, "version", "must be 1-64 characters");
        require(description != null && !description.isBlank() && description.length() <= 1024, "description",
                "must be 1-1024 characters");
        permission = permission == null ? "tool:" + id : permission;
        String problem = Permissions.problemWith(permission);
        require(problem == null, "permission", String.valueOf(problem));
        require(sideEffect != null, "sideEffect", "must be one of none, read-only, idempotent, external, privileged");
        require(inputSchema != null && inputSchema.isObject(), "inputSchema", "must be a JSON schema object");
        effects = Collections.unmodifiableSet(effects == null ? ToolEffect.undeclared() : inOrder(effects));
        provenance = provenance == null ? Provenance.UNTRUSTED : provenance;
        require(!network || effects.contains(ToolEffect.NETWORK_EGRESS), "effects",
                "must include network-egress when network is true");
    }

    /**
     * A manifest that needs no approval and declares no effects and no provenance, and is therefore taken as the
     * most dangerous.
     */
    public ToolManifest(String id, String version, String description, String permission, SideEffect sideEffect,
            JsonNode inputSchema, boolean network) {
        this(id, version, description, permission, sideEffect, inputSchema, network, false, null, null);
    }

    /** A manifest with the default permission {@code tool:<id>}, without network, declaring no effects. */
    public static ToolManifest of(String id, String version, String description, SideEffect sideEffect,
            JsonNode inputSchema) {
        return new ToolManifest(id, version, description, null, sideEffect, inputSchema, false);
    }

    /** The same manifest, declaring what the tool can do and where its answers come from. */
    public ToolManifest declaring(Set<ToolEffect> effects, Provenance provenance) {
        return new ToolManifest(id, version, description, permission, sideEffect, inputSchema, network,
                approvalRequired, effects, provenance);
    }

    /** The effects in their declaration order, so listings and logs show them the same way every time. */
    private static EnumSet<ToolEffect> inOrder(Set<ToolEffect> effects) {
        EnumSet<ToolEffect> ordered = EnumSet.noneOf(ToolEffect.class);
        ordered.addAll(effects);
        return ordered;
    }

    private static void require(boolean rule, String field, String broken) {
        if (!rule) {
            throw new InvalidManifestException(field, broken);
        }
    }
}

package dev.toka.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.BoundedYaml;
import dev.toka.kernel.AgentTypes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads and validates spec sets: every error of every file at once, each naming file, field and rule. */
@Singleton
public class Workstreams {

    /** Most agents in one set. */
    public static final int MAX_AGENTS = 10_000;

    /** The agent type of a spec that names none, unless configured otherwise. */
    public static final String DEFAULT_AGENT_TYPE = "script";

    private final BoundedYaml yaml = new BoundedYaml();
    private final AgentTypes agentTypes;
    private final String defaultType;

    /** @param defaultType the agent type of a spec without {@code spec.type} */
    public Workstreams(AgentTypes agentTypes, String defaultType) {
        this.agentTypes = agentTypes;
        this.defaultType = defaultType;
    }

    @Inject
    Workstreams(AgentTypes agentTypes, OrchestrationConfig config) {
        this(agentTypes, config.defaultAgentType());
    }

    /**
     * Parses, validates and links the specs.
     *
     * @throws InvalidWorkstreamException with every broken rule
     */
    public SpecSet load(List<SpecSource> sources) {
        List<SpecError> errors = new ArrayList<>();
        if (sources.isEmpty()) {
            errors.add(new SpecError("(request)", "", "must hold at least one spec"));
        } else if (sources.size() > MAX_AGENTS) {
            errors.add(new SpecError("(request)", "", "must hold at most " + MAX_AGENTS + " specs"));
        }
        List<WorkstreamSpec> specs = new ArrayList<>();
        Map<String, String> fileOfName = new HashMap<>();
        for (SpecSource source : sources) {
            JsonNode root = parse(source, errors);
            WorkstreamSpec spec = root == null ? null : SpecReader.read(source, root, agentTypes, defaultType, errors);
            if (spec == null || spec.name() == null) {
                continue; // an invalid spec without a name is still checked; only its dependencies cannot be
            }
            String other = fileOfName.putIfAbsent(spec.name(), source.file());
            if (other != null) {
                errors.add(new SpecError(source.file(), "metadata.name", "'" + spec.name()
                        + "' is already the name of the agent in " + other));
            } else {
                specs.add(spec);
            }
        }
        DependencyGraph graph = DependencyGraph.of(specs, errors);
        if (!errors.isEmpty()) {
            throw new InvalidWorkstreamException(errors);
        }
        return new SpecSet(specs, graph);
    }

    private JsonNode parse(SpecSource source, List<SpecError> errors) {
        try {
            return yaml.readTree(source.text());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst()
                    .orElse("");
            errors.add(new SpecError(source.file(), "", "is not valid YAML" + where + message));
            return null;
        }
    }
}

package dev.toka.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import dev.toka.tools.InvalidToolInputException;
import dev.toka.tools.SideEffect;
import dev.toka.tools.Tool;
import dev.toka.tools.ToolContext;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolsConfig;
import dev.toka.tools.sandbox.ProcessResult;
import dev.toka.tools.sandbox.ProcessSandbox;
import dev.toka.tools.sandbox.SandboxLimits;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code process.exec}: runs an allow-listed command in the workspace through the
 * {@link ProcessSandbox}, never with network. The allow-list names the program only; a shell on it
 * can run anything the sandbox holds.
 */
@Singleton
public class ProcessExec implements Tool {

    private static final String SCHEMA = """
            {"type":"object","required":["command"],"additionalProperties":false,
             "properties":{"command":{"type":"string","minLength":1,"maxLength":256,
               "description":"A command on toka.tools.exec.allowed-commands, exactly as listed there"},
              "args":{"type":"array","maxItems":256,"items":{"type":"string","maxLength":8192}}}}""";

    private final ObjectMapper mapper;
    private final ToolManifest manifest;
    private final ProcessSandbox sandbox;
    private final Set<String> allowedCommands;
    private final SandboxLimits limits;

    public ProcessExec(ObjectMapper mapper, ToolsConfig config, ProcessSandbox sandbox) {
        this.mapper = mapper;
        this.sandbox = sandbox;
        this.allowedCommands = Set.copyOf(config.exec().allowedCommands().orElse(List.of()));
        this.limits = new SandboxLimits(config.exec().timeout(), config.exec().maxOutputBytes(),
                config.exec().allowedEnv());
        this.manifest = ToolManifest.of("process.exec", "1.0.0",
                "Runs an allow-listed command in the workspace, in a sandbox without network, with resource limits"
                        + " and a timeout",
                SideEffect.EXTERNAL, Schemas.parse(mapper, SCHEMA))
                .declaring(Set.of(ToolEffect.READS_LOCAL, ToolEffect.WRITES_LOCAL, ToolEffect.RUNS_PROCESSES),
                        Provenance.TRUSTED);
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        String command = input.get("command").asText();
        if (!allowedCommands.contains(command)) {
            throw new InvalidToolInputException("/command", "'" + command
                    + "' is not on toka.tools.exec.allowed-commands");
        }
        List<String> argv = new ArrayList<>(List.of(command));
        input.path("args").forEach(arg -> argv.add(arg.asText()));
        ProcessResult result = sandbox.run(argv, context.workspace().directory(), limits, context.network());
        return mapper.valueToTree(result);
    }
}

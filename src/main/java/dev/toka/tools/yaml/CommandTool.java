package dev.toka.tools.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.tools.Tool;
import dev.toka.tools.ToolContext;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.sandbox.ProcessSandbox;
import dev.toka.tools.sandbox.SandboxLimits;

/** A tool declared in a YAML manifest: a fixed command line, filled from the input, run in the sandbox. */
final class CommandTool implements Tool {

    private final ToolManifest manifest;
    private final ArgvTemplate command;
    private final SandboxLimits limits;
    private final ProcessSandbox sandbox;
    private final ObjectMapper mapper;

    CommandTool(ToolManifest manifest, ArgvTemplate command, SandboxLimits limits, ProcessSandbox sandbox,
            ObjectMapper mapper) {
        this.manifest = manifest;
        this.command = command;
        this.limits = limits;
        this.sandbox = sandbox;
        this.mapper = mapper;
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        return mapper.valueToTree(sandbox.run(command.fill(input), context.workspace().directory(), limits,
                context.network()));
    }
}

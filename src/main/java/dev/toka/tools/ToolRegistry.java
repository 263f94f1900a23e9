package dev.toka.tools;

import dev.toka.security.Caller;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every tool Toka offers: the built-in {@link Tool} beans, fixed at start, the tools of the YAML
 * manifests, replaced as a whole whenever the manifest directory changes, and the tools of the
 * configured MCP servers ({@code mcp.<server>.<tool>}), registered once they are connected.
 *
 * @since 0.1
 */
@Singleton
public class ToolRegistry {

    private final Map<String, RegisteredTool> builtIns = new LinkedHashMap<>();
    private final AtomicReference<Map<String, RegisteredTool>> fromManifests = new AtomicReference<>(Map.of());
    private final AtomicReference<List<ManifestError>> manifestErrors = new AtomicReference<>(List.of());
    private final AtomicReference<Map<String, RegisteredTool>> fromMcp = new AtomicReference<>(Map.of());
    private final AtomicReference<List<ManifestError>> mcpErrors = new AtomicReference<>(List.of());

    private final Set<String> approvalPolicy;

    ToolRegistry(Instance<Tool> beans, InputSchemas schemas, ToolsConfig config) {
        this.approvalPolicy = Set.copyOf(config.approvalRequired().orElse(List.of()));
        for (Tool tool : beans) {
            RegisteredTool registered = new RegisteredTool(tool, schemas.compile(tool.manifest().inputSchema()));
            if (builtIns.putIfAbsent(tool.manifest().id(), registered) != null) {
                throw new IllegalStateException("two tool beans share the id " + tool.manifest().id());
            }
        }
    }

    /** The tool with this id. */
    public Optional<RegisteredTool> find(String id) {
        RegisteredTool builtIn = builtIns.get(id);
        if (builtIn != null) {
            return Optional.of(builtIn);
        }
        RegisteredTool mcp = fromMcp.get().get(id);
        return mcp != null ? Optional.of(mcp) : Optional.ofNullable(fromManifests.get().get(id));
    }

    /** Every tool's manifest, by id. */
    public List<ToolManifest> all() {
        List<ToolManifest> all = new ArrayList<>();
        builtIns.values().forEach(tool -> all.add(tool.manifest()));
        fromManifests.get().values().forEach(tool -> all.add(tool.manifest()));
        fromMcp.get().values().forEach(tool -> all.add(tool.manifest()));
        all.sort(Comparator.comparing(ToolManifest::id));
        return all;
    }

    /** Exactly the tools whose permission the caller holds (all of them for an admin), by id. */
    public List<ToolManifest> permitted(Caller caller) {
        return all().stream().filter(manifest -> caller.principal().holds(manifest.permission())).toList();
    }

    /** Whether a call of this tool needs a person's approval: its manifest says so, or the operator's policy. */
    public boolean needsApproval(ToolManifest manifest) {
        return manifest.approvalRequired() || approvalPolicy.contains(manifest.id());
    }

    /** Whether a built-in tool has this id, which a manifest may then not take. */
    public boolean isBuiltIn(String id) {
        return builtIns.containsKey(id);
    }

    /** Replaces the manifest tools and the errors of the files that were skipped. */
    public void replaceManifestTools(Collection<RegisteredTool> tools, List<ManifestError> errors) {
        Map<String, RegisteredTool> byId = new LinkedHashMap<>();
        tools.forEach(tool -> byId.put(tool.manifest().id(), tool));
        fromManifests.set(Map.copyOf(byId));
        manifestErrors.set(List.copyOf(errors));
        Log.infof("tool manifests loaded: %s; skipped: %d", byId.keySet(), errors.size());
    }

    /** Replaces the tools of the MCP servers, and why servers or tools were left out ({@code file} is {@code mcp:<server>}). */
    public void replaceMcpTools(Collection<RegisteredTool> tools, List<ManifestError> errors) {
        Map<String, RegisteredTool> byId = new LinkedHashMap<>();
        tools.forEach(tool -> byId.put(tool.manifest().id(), tool));
        fromMcp.set(Map.copyOf(byId));
        mcpErrors.set(List.copyOf(errors));
    }

    /** Why manifest files were skipped at the last scan, then why MCP servers or their tools were left out. */
    public List<ManifestError> manifestErrors() {
        List<ManifestError> errors = new ArrayList<>(manifestErrors.get());
        errors.addAll(mcpErrors.get());
        return errors;
    }
}

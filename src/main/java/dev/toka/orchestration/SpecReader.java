package dev.toka.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.Sha256;
import dev.toka.kernel.AgentTypes;
import dev.toka.kernel.Limits;
import dev.toka.kernel.TaskTimeouts;
import dev.toka.orchestration.WorkstreamSpec.Objective;
import dev.toka.orchestration.WorkstreamSpec.TaskSpec;
import dev.toka.redaction.Redactor;
import dev.toka.security.Budget;
import dev.toka.security.Money;
import dev.toka.security.Permissions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one parsed spec into a {@link WorkstreamSpec}, recording every broken rule with its field
 * path instead of stopping at the first. Lenient where the shipped specs disagree with the Rust
 * loader: {@code dependencies.*} and {@code reporting.metrics} may be a map or a list of single-key
 * maps, a task may be {@code critical}, and unknown top-level keys are kept as opaque metadata.
 */
final class SpecReader {

    /** A reference to a dependency's result or a fan-out item in a task ({@code ${deps.a.result.x}}, {@code ${item}}). */
    private static final Pattern RESULT_REFERENCE = Pattern.compile(
            "\\$\\{(?:deps\\.([A-Za-z0-9][A-Za-z0-9._-]*?)\\.result|(item))[^}]*}");
    /** Room left in a kernel agent name after the run prefix {@code run-<uuid>/}. */
    static final int MAX_NAME_BYTES = 200;
    private static final Set<String> KNOWN_KEYS = Set.of(
            "metadata", "spec", "capabilities", "objectives", "tasks", "dependencies", "security", "loop", "fan_out",
            "output");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern MEMORY = Pattern.compile("\\d+(B|KB|MB|GB)?");
    private static final Pattern CPU = Pattern.compile("\\d+(\\.\\d+)?%?");

    private final SpecSource source;
    private final String file;
    private final AgentTypes agentTypes;
    private final String defaultType;
    private final List<SpecError> errors;

    private SpecReader(SpecSource source, AgentTypes agentTypes, String defaultType, List<SpecError> errors) {
        this.source = source;
        this.file = source.file();
        this.agentTypes = agentTypes;
        this.defaultType = defaultType;
        this.errors = errors;
    }

    /**
     * The spec in {@code root}, whole when it broke no rule; with a rule broken, what could be read (its fields
     * may be {@code null}), so that its dependencies are still checked. {@code null} when it is no mapping.
     *
     * @param defaultType the agent type of a spec without {@code spec.type}
     */
    static WorkstreamSpec read(SpecSource source, JsonNode root, AgentTypes agentTypes, String defaultType,
            List<SpecError> errors) {
        return new SpecReader(source, agentTypes, defaultType, errors).read(root);
    }

    private WorkstreamSpec read(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "must be a mapping with metadata, spec, tasks, ...");
            return null;
        }
        String name = text(root, "metadata.name", true, MAX_NAME_BYTES);
        if (name != null && !NAME.matcher(name).matches()) {
            error("metadata.name", "must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String version = text(root, "metadata.version", true, Limits.MAX_IDENTIFIER_BYTES);
        if (version != null && version.chars().anyMatch(Character::isISOControl)) {
            error("metadata.version", "must not hold control characters"); // it is listed, one per line, by runs
        }
        String workstream = text(root, "metadata.workstream", true, Limits.MAX_IDENTIFIER_BYTES);
        String displayName = text(root, "spec.name", true, Limits.MAX_AGENT_NAME_BYTES);
        String domain = text(root, "spec.domain", true, Limits.MAX_IDENTIFIER_BYTES);
        TaskPriority priority = priority(root, "spec.priority");
        String type = text(root, "spec.type", false, Limits.MAX_IDENTIFIER_BYTES);
        Set<String> known = new TreeSet<>(agentTypes.known());
        if (type == null && !known.contains(defaultType)) {
            error("spec.type", "is required: the default agent type '" + defaultType
                    + "' (toka.orchestration.default-agent-type) is none of the known " + String.join(", ", known));
        } else if (type == null) {
            type = defaultType;
        } else if (!known.contains(type)) {
            error("spec.type", "must be a known agent type: " + String.join(", ", known));
            type = null;
        }
        strings(root, "capabilities.primary");
        strings(root, "capabilities.secondary");
        List<Objective> objectives = objectives(root);
        List<TaskSpec> tasks = tasks(at(root, "tasks.default"), "tasks.default", true);
        Map<String, List<TaskSpec>> conditional = conditionalTasks(root);
        Map<String, String> required = pairs(root, "dependencies.required");
        Map<String, String> optional = pairs(root, "dependencies.optional");
        if (name != null && required.containsKey(name)) {
            error("dependencies.required." + name, "an agent cannot depend on itself");
        }
        List<String> capabilities = capabilities(root, "security.capabilities_required");
        Budget budget = budget(root, "security.budget");
        matching(root, "security.resource_limits.max_memory", MEMORY, "a whole number with B, KB, MB or GB");
        matching(root, "security.resource_limits.max_cpu", CPU, "a fraction (0.75) or a percentage (75%)");
        String timeout = text(root, "security.resource_limits.timeout", false, Limits.MAX_IDENTIFIER_BYTES);
        if (timeout != null) {
            try {
                TaskTimeouts.parse(timeout);
            } catch (IllegalArgumentException e) {
                error("security.resource_limits.timeout", e.getMessage());
            }
        }
        ControlFlow flow = new ControlFlowReader(root, errors, file, required.keySet()).read();
        if (type != null) {
            String runsOn = type;
            checkRunnable(runsOn, tasks, "tasks.default");
            conditional.forEach((profile, list) -> checkRunnable(runsOn, list, "tasks.conditional." + profile));
        }
        checkReferences(tasks, "tasks.default", required.keySet(), flow.fanOut() != null);
        conditional.forEach((profile, list) -> checkReferences(list, "tasks.conditional." + profile,
                required.keySet(), flow.fanOut() != null));
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!KNOWN_KEYS.contains(e.getKey())) {
                extensions.put(e.getKey(), e.getValue());
            }
        });
        return new WorkstreamSpec(file, name, workstream, displayName, domain, priority, type, timeout, objectives,
                capabilities, budget, tasks, required, optional, extensions, version, Sha256.hex(source.text()), flow,
                conditional);
    }

    /** A task a {@code script} agent cannot run (a natural-language description) is an error now, not at run time. */
    private void checkRunnable(String type, List<TaskSpec> tasks, String path) {
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec task = tasks.get(i);
            String field = path + "[" + i + "]" + (task.steps().isEmpty() ? ".description" : ".steps");
            agentTypes.problemWith(type, task.instructions()).ifPresent(problem -> error(field,
                    "cannot run on agent type '" + type + "': " + problem));
        }
    }

    /** A result reference in a task must name a required dependency, and {@code ${item}} needs a fan-out. */
    private void checkReferences(List<TaskSpec> tasks, String path, Set<String> required, boolean fanOut) {
        for (int i = 0; i < tasks.size(); i++) {
            Matcher reference = RESULT_REFERENCE.matcher(tasks.get(i).instructions());
            while (reference.find()) {
                if (reference.group(2) != null && !fanOut) {
                    error(path + "[" + i + "]", reference.group() + " needs fan_out: only a fan-out instance has an item");
                } else if (reference.group(1) != null && !required.contains(reference.group(1))) {
                    error(path + "[" + i + "]", reference.group() + " names '" + reference.group(1)
                            + "', which is not in dependencies.required");
                }
            }
        }
    }

    /** {@code tasks.conditional}: profile name to a list of tasks, added to runs started with that profile. */
    private Map<String, List<TaskSpec>> conditionalTasks(JsonNode root) {
        JsonNode node = at(root, "tasks.conditional");
        Map<String, List<TaskSpec>> profiles = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return profiles;
        }
        if (!node.isObject()) {
            error("tasks.conditional", "must be a mapping of profile name to a list of tasks");
            return profiles;
        }
        node.fields().forEachRemaining(entry -> {
            String path = "tasks.conditional." + entry.getKey();
            if (!PROFILE.matcher(entry.getKey()).matches()) {
                error(path, "a profile name must be 1-64 letters, digits, '.', '_' or '-'");
            }
            profiles.put(entry.getKey(), tasks(entry.getValue(), path, false));
        });
        return profiles;
    }

    private List<TaskSpec> tasks(JsonNode list, String listPath, boolean required) {
        List<TaskSpec> tasks = new ArrayList<>();
        if (list == null || !list.isArray() || (required && list.isEmpty())) {
            error(listPath, required ? "must list at least one task" : "must be a list of tasks");
            return tasks;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = listPath + "[" + i + "]";
            JsonNode task = list.get(i);
            if (!task.isObject()) {
                error(path, "must be a mapping with description and priority");
                continue;
            }
            String description = text(task, "description", path, true, Limits.MAX_TASK_DESCRIPTION_BYTES);
            TaskPriority priority = priority(task, "priority", path);
            List<String> steps = steps(task.get("steps"), path + ".steps");
            TaskSpec spec = new TaskSpec(description, priority, steps);
            // The run records the task redacted and schedules it as recorded, so that is the text that must fit.
            if (description != null && utf8(Redactor.redact(spec.instructions())) > Limits.MAX_TASK_DESCRIPTION_BYTES) {
                error(path + (steps.isEmpty() ? ".description" : ".steps"),
                        "must be at most " + Limits.MAX_TASK_DESCRIPTION_BYTES + " UTF-8 bytes"
                                + (steps.isEmpty() ? "" : " when joined one per line") + " with secrets masked");
            }
            tasks.add(spec);
        }
        return tasks;
    }

    private List<String> steps(JsonNode node, String path) {
        List<String> steps = new ArrayList<>();
        if (node == null) {
            return steps;
        }
        if (!node.isArray()) {
            error(path, "must be a list of steps such as \"echo hello\"");
            return steps;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode step = node.get(i);
            if (!step.isTextual() || step.asText().isBlank() || step.asText().contains("\n")) {
                error(path + "[" + i + "]", "must be a one-line step such as \"echo hello\"");
            } else {
                steps.add(step.asText().strip());
            }
        }
        return steps;
    }

    private List<Objective> objectives(JsonNode root) {
        JsonNode list = at(root, "objectives");
        List<Objective> objectives = new ArrayList<>();
        if (list == null) {
            return objectives;
        }
        if (!list.isArray()) {
            error("objectives", "must be a list of objectives");
            return objectives;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "objectives[" + i + "]";
            String description = text(list.get(i), "description", path, true, Limits.MAX_TASK_DESCRIPTION_BYTES);
            String deliverable = text(list.get(i), "deliverable", path, true, Limits.MAX_TASK_DESCRIPTION_BYTES);
            objectives.add(new Objective(description, deliverable));
        }
        return objectives;
    }

    /** The permissions an agent acts with; each must be a well-formed permission. */
    private List<String> capabilities(JsonNode root, String path) {
        strings(root, path);
        JsonNode node = at(root, path);
        List<String> capabilities = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return capabilities;
        }
        if (node.size() > Permissions.MAX_COUNT) {
            error(path, "must list at most " + Permissions.MAX_COUNT + " permissions");
        }
        for (int i = 0; i < node.size(); i++) {
            String problem = Permissions.problemWith(node.get(i).asText());
            if (problem != null) {
                error(path + "[" + i + "]", problem);
            }
            capabilities.add(node.get(i).asText());
        }
        return capabilities;
    }

    /** A spending limit: {@code tokens} a positive whole number, {@code cost} a {@link Money} amount. */
    private Budget budget(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            error(path, "must be a mapping with tokens and/or cost");
            return null;
        }
        JsonNode tokens = node.get("tokens");
        JsonNode cost = node.get("cost");
        boolean valid = true;
        if (tokens != null && !(tokens.canConvertToLong() && tokens.isIntegralNumber() && tokens.asLong() > 0)) {
            error(path + ".tokens", "must be a positive whole number");
            valid = false;
        }
        BigDecimal amount = cost != null && cost.isNumber() ? Money.amountOrNull(cost.asText()) : null;
        if (cost != null && amount == null) {
            error(path + ".cost", Money.RULE);
            valid = false;
        }
        return valid ? new Budget(tokens == null ? null : tokens.asLong(), amount) : null;
    }

    /** A map of name to text, written either as a mapping or as a list of single-key mappings. */
    private Map<String, String> pairs(JsonNode root, String path) {
        JsonNode node = at(root, path);
        Map<String, String> pairs = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return pairs;
        }
        if (node.isObject()) {
            putAll(node, path, pairs);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isObject() && item.size() == 1) {
                    putAll(item, path, pairs);
                } else {
                    error(path + "[" + i + "]", "must be a single-key mapping such as \"name\": \"reason\"");
                }
            }
        } else {
            error(path, "must be a mapping of name to text, or a list of single-key mappings");
        }
        return pairs;
    }

    private void putAll(JsonNode mapping, String path, Map<String, String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isValueNode()) {
                into.put(entry.getKey(), value.isNull() ? "" : value.asText());
            } else {
                error(path + "." + entry.getKey(), "must be text");
            }
        }
    }

    private void strings(JsonNode root, String path) {
        JsonNode node = at(root, path);
        if (node != null && !(node.isArray() && allText(node))) {
            error(path, "must be a list of text");
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void matching(JsonNode root, String path, Pattern pattern, String what) {
        String value = text(root, path, false, Limits.MAX_IDENTIFIER_BYTES);
        if (value != null && !pattern.matcher(value.trim()).matches()) {
            error(path, "must be " + what + "; got \"" + value + "\"");
        }
    }

    private TaskPriority priority(JsonNode root, String path) {
        return priority(root, path, "");
    }

    private TaskPriority priority(JsonNode node, String path, String prefix) {
        String full = prefix.isEmpty() ? path : prefix + "." + path;
        String value = text(node, path, prefix, true, Limits.MAX_IDENTIFIER_BYTES);
        if (value == null) {
            return null;
        }
        try {
            return TaskPriority.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(full, "must be one of critical, high, medium, low; got \"" + value + "\"");
            return null;
        }
    }

    private String text(JsonNode root, String path, boolean required, int maxBytes) {
        return text(root, path, "", required, maxBytes);
    }

    /** The text at {@code path} under {@code node}; errors are named {@code prefix.path}. */
    private String text(JsonNode node, String path, String prefix, boolean required, int maxBytes) {
        String full = prefix.isEmpty() ? path : prefix + "." + path;
        JsonNode value = at(node, path);
        if (value == null || value.isNull()) {
            if (required) {
                error(full, "is required");
            }
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            error(full, "must be non-empty text");
            return null;
        }
        if (utf8(value.asText()) > maxBytes) {
            error(full, "must be at most " + maxBytes + " UTF-8 bytes");
            return null;
        }
        return value.asText();
    }

    /** The node at a dotted path, or {@code null} when any step is missing. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String key : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(key);
        }
        return current;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void error(String field, String rule) {
        errors.add(new SpecError(file, field, rule));
    }
}

package dev.toka.tools.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.BoundedYaml;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import dev.toka.tools.InputSchema;
import dev.toka.tools.InputSchemas;
import dev.toka.tools.InvalidManifestException;
import dev.toka.tools.RegisteredTool;
import dev.toka.tools.SideEffect;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolsConfig;
import dev.toka.tools.sandbox.ProcessSandbox;
import dev.toka.tools.sandbox.SandboxLimits;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one YAML tool manifest into a command tool, checking every member; the first broken rule
 * is reported with the member's name.
 */
@Singleton
class ManifestReader {

    private static final List<String> MEMBERS = List.of("id", "version", "description", "permission", "sideEffect",
            "inputSchema", "command", "env", "timeout", "maxOutputBytes", "network", "approval", "effects",
            "provenance");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final BoundedYaml yaml = new BoundedYaml();
    private final ObjectMapper json;
    private final InputSchemas schemas;
    private final ProcessSandbox sandbox;
    private final ToolsConfig.Exec exec;

    ManifestReader(ObjectMapper json, InputSchemas schemas, ProcessSandbox sandbox, ToolsConfig config) {
        this.json = json;
        this.schemas = schemas;
        this.sandbox = sandbox;
        this.exec = config.exec();
    }

    /**
     * Reads a manifest.
     *
     * @param text The file's content.
     * @throws InvalidManifestException naming the member at fault
     */
    RegisteredTool read(String text) {
        JsonNode root = parse(text);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new InvalidManifestException(name, "is not a manifest member; expected one of " + MEMBERS);
            }
        }
        ToolManifest manifest = new ToolManifest(text(root, "id", true), text(root, "version", true),
                text(root, "description", true), text(root, "permission", false), sideEffect(root),
                root.get("inputSchema"), network(root), approvalRequired(root), effects(root), provenance(root));
        InputSchema schema = schemas.compile(manifest.inputSchema());
        ArgvTemplate command = ArgvTemplate.of(strings(root, "command"), required(manifest.inputSchema()));
        SandboxLimits limits = new SandboxLimits(timeout(root), maxOutputBytes(root), environment(root));
        return new RegisteredTool(new CommandTool(manifest, command, limits, sandbox, json), schema);
    }

    private JsonNode parse(String text) {
        try {
            JsonNode root = yaml.readTree(text);
            if (root == null || !root.isObject()) {
                throw new InvalidManifestException("(document)", "must be a YAML mapping");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException("(document)", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
    }

    private static String text(JsonNode root, String name, boolean required) {
        JsonNode value = root.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidManifestException(name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidManifestException(name, "must be a string");
        }
        return value.asText();
    }

    private static boolean network(JsonNode root) {
        JsonNode value = root.get("network");
        if (value != null && !value.isBoolean()) {
            throw new InvalidManifestException("network", "must be true or false");
        }
        return value != null && value.booleanValue();
    }

    private static boolean approvalRequired(JsonNode root) {
        String approval = text(root, "approval", false);
        if (approval != null && !approval.equals("required") && !approval.equals("none")) {
            throw new InvalidManifestException("approval", "must be required or none");
        }
        return "required".equals(approval);
    }

    /** The declared effects, or {@code null} when the manifest declares none (then it is taken to have them all). */
    private static Set<ToolEffect> effects(JsonNode root) {
        if (root.get("effects") == null) {
            return null;
        }
        Set<ToolEffect> effects = EnumSet.noneOf(ToolEffect.class);
        List<String> names = strings(root, "effects");
        for (int i = 0; i < names.size(); i++) {
            String field = "effects[" + i + "]";
            effects.add(ToolEffect.ofWireName(names.get(i)).orElseThrow(() -> new InvalidManifestException(field,
                    "must be one of " + ToolEffect.wireNames())));
        }
        return effects;
    }

    /** The declared provenance of the tool's answers, or {@code null} (then they are untrusted). */
    private static Provenance provenance(JsonNode root) {
        String name = text(root, "provenance", false);
        return name == null ? null : Provenance.ofWireName(name).orElseThrow(() -> new InvalidManifestException(
                "provenance", "must be trusted or untrusted"));
    }

    private static SideEffect sideEffect(JsonNode root) {
        String name = text(root, "sideEffect", true);
        return SideEffect.ofWireName(name).orElseThrow(() -> new InvalidManifestException("sideEffect",
                "must be one of none, read-only, idempotent, external, privileged"));
    }

    private static List<String> strings(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null || !value.isArray()) {
            throw new InvalidManifestException(name, "must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidManifestException(name + "[" + i + "]", "must be a string");
            }
            strings.add(value.get(i).asText());
        }
        return strings;
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    private List<String> environment(JsonNode root) {
        if (root.get("env") == null) {
            return exec.allowedEnv();
        }
        List<String> names = strings(root, "env");
        for (int i = 0; i < names.size(); i++) {
            if (!ENV_NAME.matcher(names.get(i)).matches()) {
                throw new InvalidManifestException("env[" + i + "]", "must be an environment variable name");
            }
        }
        return names;
    }

    private Duration timeout(JsonNode root) {
        String text = text(root, "timeout", false);
        if (text == null) {
            return exec.timeout();
        }
        try {
            Duration timeout = Duration.parse(text);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidManifestException("timeout", "must be positive");
            }
            return timeout;
        } catch (DateTimeParseException e) {
            throw new InvalidManifestException("timeout", "must be an ISO-8601 duration such as PT10S");
        }
    }

    private int maxOutputBytes(JsonNode root) {
        JsonNode value = root.get("maxOutputBytes");
        if (value == null) {
            return exec.maxOutputBytes();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new InvalidManifestException("maxOutputBytes", "must be a whole number >= 0");
        }
        return value.asInt();
    }
}

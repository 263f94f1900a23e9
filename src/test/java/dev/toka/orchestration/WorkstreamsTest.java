package dev.toka.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Loading and validating spec sets, and their dependency graph, without a running service. */
class WorkstreamsTest {

    private final Workstreams testSubject = new Workstreams(() -> Set.of("script", "llm"), "script");

    /** A minimal valid spec whose required dependencies are written in the list form. */
    static String spec(String name, String... requires) {
        String deps = requires.length == 0 ? "  required: {}\n"
                : "  required:\n" + Arrays.stream(requires)
                        .map(d -> "    - \"" + d + "\": \"needs it\"\n").collect(Collectors.joining());
        return "metadata:\n  name: " + name + "\n  version: v1\n  workstream: test\n"
                + "spec:\n  name: " + name + " agent\n  domain: testing\n  priority: high\n"
                + "tasks:\n  default:\n    - description: \"echo " + name + "\"\n      priority: medium\n"
                + "dependencies:\n" + deps;
    }

    private List<SpecError> errorsOf(SpecSource... sources) {
        return assertThrows(InvalidWorkstreamException.class, () -> testSubject.load(List.of(sources))).errors();
    }

    @Test
    void loadsTheShippedFormatWithListMetricsCriticalTasksAndOpaqueExtensions() {
        String yaml = """
                metadata:
                  name: "build-system-stabilization"
                  version: "v0.3.0"
                  created: "2025-07-04"
                  workstream: "Build System Stabilization"
                  branch: "feature/build-system-stabilization"
                spec:
                  name: "Build System Stabilization Agent"
                  domain: "infrastructure"
                  priority: "critical"
                capabilities:
                  primary: ["build-validation"]
                  secondary: []
                objectives:
                  - description: "Resolve base64ct dependency conflict"
                    deliverable: "Fixed base64ct"
                    validation: "cargo check"
                tasks:
                  default:
                    - description: "Analyse the conflict"
                      priority: "critical"
                    - description: "Smoke test"
                      priority: "low"
                      steps: ["echo checking", "sleep 10ms"]
                dependencies:
                  required: {}
                  optional:
                    - "kernel-events": "nice to have"
                reporting:
                  frequency: "daily"
                  channels: ["main-agent"]
                  metrics:
                    - "dependency-conflicts": "Number of unresolved dependency conflicts"
                security:
                  sandbox: true
                  capabilities_required: ["filesystem-read"]
                  resource_limits:
                    max_memory: "512MB"
                    max_cpu: "75%"
                    timeout: "2h"
                behavioral_directives:
                  operational_focus: ["Prioritise stability"]
                """;
        WorkstreamSpec spec = testSubject.load(List.of(new SpecSource("build.yaml", yaml))).specs().get(0);

        assertEquals("build-system-stabilization", spec.name());
        assertEquals(TaskPriority.CRITICAL, spec.tasks().get(0).priority());
        assertEquals("echo checking\nsleep 10ms", spec.tasks().get(1).instructions());
        assertEquals("Analyse the conflict", spec.tasks().get(0).instructions());
        assertEquals("script", spec.type());
        assertEquals("2h", spec.timeout());
        assertEquals(Set.of("kernel-events"), spec.optional().keySet());
        assertEquals(Set.of("behavioral_directives", "reporting"), spec.extensions().keySet());
    }

    /** The shape of the Rust project's v1.0 specs (agents-specs/v1.0), abridged: reporting of any shape, conditional tasks. */
    private static final String V1_SPEC = """
            metadata:
              name: github-api-integration
              version: v1.0.3
              workstream: GitHub API Integration & Management
              schema_version: 1.0.0
              checksum: fc325ac28aaf59a3
            spec:
              name: GitHub API Integration Agent
              domain: github-integration
              priority: high
              description: Provides secure GitHub API integration.
            objectives:
            - description: Implement secure GitHub API client
              deliverable: Production-ready GitHub API client
              priority: critical
            tasks:
              default:
              - description: Set up GitHub API client with authentication and rate limiting
                priority: critical
                estimated_duration: 1d
              conditional:
                enterprise:
                - description: Implement GitHub Enterprise Server compatibility
                  priority: high
                security_focused:
                - description: Add compliance reporting and audit trail features
                  priority: medium
            dependencies:
              required:
                build-system: Need stable build system
            reporting:
              frequency: real-time
              metrics:
              - name: github-api-requests
                description: Number of GitHub API requests per hour
                type: counter
                unit: requests/hour
            security:
              capabilities_required: [network-access]
              resource_limits: {max_memory: 512MB, max_cpu: 50%, timeout: 2h, max_network_bandwidth: 100Mbps}
            """;

    @Test
    void acceptsV1SpecsWithOpaqueReportingAndConditionalTasksUnderAConfiguredDefaultType() {
        Workstreams llmByDefault = new Workstreams(() -> Set.of("script", "llm"), "llm");
        SpecSet set = llmByDefault.load(List.of(new SpecSource("github-api-integration.yaml", V1_SPEC),
                new SpecSource("build.yaml", spec("build-system"))));
        WorkstreamSpec spec = set.spec("github-api-integration").orElseThrow();

        assertEquals("llm", spec.type());
        assertEquals("v1.0.3", spec.version());
        assertEquals("real-time", spec.extensions().get("reporting").get("frequency").asText());
        assertEquals(Set.of("enterprise", "security_focused"), spec.conditional().keySet());
        assertEquals(List.of("Set up GitHub API client with authentication and rate limiting",
                "Implement GitHub Enterprise Server compatibility"),
                spec.tasksFor(List.of("enterprise")).stream().map(WorkstreamSpec.TaskSpec::instructions).toList());
        assertEquals(64, spec.sha256().length());
    }

    @Test
    void reportsEveryBrokenControlFlowRuleAtOnceWithTheMissingDependency() {
        String yaml = spec("flow", "plan", "ghost") + """
                  when: "deps.plan.result.count >"
                loop:
                  until: "result.done"
                fan_out:
                  items: "deps.plan.result.files"
                  max_items: 5000
                output: "everything"
                """;
        yaml = yaml.replace("\"echo flow\"", "\"echo ${deps.other.result} ${item}\"");
        List<String> errors = errorsOf(new SpecSource("flow.yaml", yaml), new SpecSource("plan.yaml", spec("plan")))
                .stream().map(SpecError::toString).toList();

        assertEquals(8, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("flow.yaml: dependencies.when: must be a valid CEL condition"), errors.get(0));
        assertEquals(List.of(
                "flow.yaml: loop.max_iterations: is required: a whole number from 1 to 100",
                "flow.yaml: fan_out.max_items: must be a whole number from 1 to 1000",
                "flow.yaml: fan_out: cannot be combined with loop in one agent: loop inside a fan-out's instances",
                "flow.yaml: output: must be a mapping of 1 to 50 names to CEL expressions over tasks, such as summary:"
                        + " \"tasks[1]\"",
                "flow.yaml: tasks.default[0]: ${deps.other.result} names 'other', which is not in dependencies.required",
                "flow.yaml: tasks.default[0]: ${item} needs fan_out: only a fan-out instance has an item",
                "flow.yaml: dependencies.required.ghost: agent 'flow' depends on agent 'ghost', which is not in the set"),
                errors.subList(1, 8));
    }

    @Test
    void conditionsSeeJsonResultsAsValuesAndTextAsText() {
        Map<String, Object> deps = Map.of("deps", Map.of(
                "fetch", Map.of("result", JsonValues.ofResult("{\"count\": 3, \"files\": [\"a\", \"b\"]}")),
                "note", Map.of("result", JsonValues.ofResult("all fine"))));

        assertTrue(Expressions.holds("deps.fetch.result.count > 2 && deps.note.result.contains('fine')", deps));
        assertEquals("[\"a\",\"b\"]", JsonValues.jsonOf(Expressions.valueOf("deps.fetch.result.files", deps)));
        assertThrows(Expressions.InvalidExpression.class, () -> Expressions.holds("deps.note.result.count > 2", deps));
    }

    @Test
    void reportsEveryBrokenRuleAtOnceWithFileFieldAndRule() {
        String yaml = """
                metadata:
                  name: "broken"
                  version: ""
                  workstream: "w"
                spec:
                  name: "Broken"
                  domain: "d"
                  priority: "urgent"
                  type: "quantum"
                tasks:
                  default:
                    - description: "x"
                      priority: "high"
                      steps: [42]
                dependencies:
                  required: "everything"
                security:
                  resource_limits:
                    timeout: "2hours"
                """;
        List<String> errors = errorsOf(new SpecSource("broken.yaml", yaml)).stream().map(SpecError::toString).toList();

        assertEquals(List.of(
                "broken.yaml: metadata.version: must be non-empty text",
                "broken.yaml: spec.priority: must be one of critical, high, medium, low; got \"urgent\"",
                "broken.yaml: spec.type: must be a known agent type: llm, script",
                "broken.yaml: tasks.default[0].steps[0]: must be a one-line step such as \"echo hello\"",
                "broken.yaml: dependencies.required: must be a mapping of name to text, or a list of single-key"
                        + " mappings",
                "broken.yaml: security.resource_limits.timeout: must be a positive whole number with ms, s, m or h,"
                        + " or bare seconds (\"500ms\", \"5m\", \"2h\", \"1800\"); got \"2hours\""), errors);
    }

    @Test
    void aVersionHoldsNoControlCharactersForTheRunsListsItOnePerLine() {
        String yaml = spec("a").replace("version: v1", "version: \"1.0\\nb@2\"");
        List<SpecError> errors = errorsOf(new SpecSource("a.yaml", yaml));
        assertEquals(List.of("a.yaml: metadata.version: must not hold control characters"),
                errors.stream().map(SpecError::toString).toList());
    }

    @Test
    void aTaskMustFitItsLimitAsItWillBeRecordedWithSecretsMasked() {
        // 4,091 bytes as written; masking the password makes it 4,100, more than a task may hold.
        String yaml = spec("a").replace("\"echo a\"", "\"password=x " + "y".repeat(4080) + "\"");
        List<SpecError> errors = errorsOf(new SpecSource("a.yaml", yaml));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("tasks.default[0].description", errors.get(0).field());
        assertTrue(errors.get(0).rule().contains("with secrets masked"), errors.get(0).rule());
    }

    @Test
    void rejectsYamlThatDoesNotParseNamingTheLine() {
        List<SpecError> errors = errorsOf(new SpecSource("bad.yaml", "metadata:\n  name: [unclosed\n"));
        assertEquals(1, errors.size());
        assertEquals("bad.yaml", errors.get(0).file());
        assertTrue(errors.get(0).rule().startsWith("is not valid YAML at line "), errors.get(0).rule());
    }

    @Test
    void rejectsAnUnknownDependencyNamingBothAgents() {
        List<SpecError> errors = errorsOf(new SpecSource("a.yaml", spec("a")), new SpecSource("b.yaml", spec("b", "ghost")));
        assertEquals(List.of(new SpecError("b.yaml", "dependencies.required.ghost",
                "agent 'b' depends on agent 'ghost', which is not in the set")), errors);
    }

    @Test
    void rejectsACycleNamingItsAgentsInOrder() {
        List<SpecError> errors = errorsOf(new SpecSource("a.yaml", spec("a", "c")), new SpecSource("b.yaml", spec("b", "a")),
                new SpecSource("c.yaml", spec("c", "b")), new SpecSource("d.yaml", spec("d")));
        assertEquals(List.of(new SpecError("a.yaml", "dependencies.required", "dependency cycle: a -> c -> b -> a")),
                errors);
    }

    @Test
    void rejectsTwoAgentsWithTheSameName() {
        List<SpecError> errors = errorsOf(new SpecSource("one.yaml", spec("a")), new SpecSource("two.yaml", spec("a")));
        assertEquals(List.of(new SpecError("two.yaml", "metadata.name",
                "'a' is already the name of the agent in one.yaml")), errors);
    }

    @Test
    void splitsADiamondIntoThreeWaves() {
        SpecSet set = testSubject.load(List.of(new SpecSource("d.yaml", spec("d", "b", "c")),
                new SpecSource("b.yaml", spec("b", "a")), new SpecSource("c.yaml", spec("c", "a")),
                new SpecSource("a.yaml", spec("a"))));

        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d")), set.graph().waves());
        assertEquals(Set.of("b", "c"), set.graph().dependents("a"));
        assertEquals(Set.of("b", "c"), set.graph().requires("d"));
    }
}

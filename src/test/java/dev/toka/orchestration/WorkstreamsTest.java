package dev.toka.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
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
        assertEquals(Set.of("behavioral_directives"), spec.extensions().keySet());
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

package dev.toka.tools;

import static dev.toka.tools.ToolCalls.ADMIN;
import static dev.toka.tools.ToolCalls.invoke;
import static dev.toka.tools.ToolCalls.invokeFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** YAML command tools: loaded from the manifest directory (%test: rescanned every second), checked, reloaded. */
@QuarkusTest
class ToolsManifestTest {

    /** {@code %test.toka.tools.manifest-dir}. */
    private static final Path DIRECTORY = Path.of("target/test-tool-manifests");

    private static final String GREET = """
            id: test.greet
            version: %s
            description: Greets someone by name
            sideEffect: none
            inputSchema:
              type: object
              required: [name]
              additionalProperties: false
              properties:
                name: {type: string, pattern: "^[a-z]+$"}
            command: [echo, "hello {name}"]
            timeout: PT5S
            """;

    /** A tool that allows the network: it tries to connect to a port on the host's loopback. */
    private static final String NET_PROBE = """
            id: test.netprobe
            version: 1.0.0
            description: Tries to connect to a port of the loopback
            sideEffect: read-only
            network: true
            effects: [network-egress]
            provenance: trusted
            inputSchema:
              type: object
              required: [port]
              additionalProperties: false
              properties:
                port: {type: string, pattern: "^[0-9]+$"}
            command: [sh, -c, 'bash -c "echo > /dev/tcp/127.0.0.1/$0" 2>/dev/null && echo connected || echo refused', "{port}"]
            timeout: PT5S
            """;

    @AfterEach
    void removeManifests() throws IOException {
        if (Files.isDirectory(DIRECTORY)) {
            try (var files = Files.list(DIRECTORY)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        awaitList(list -> list.getList("manifestErrors").isEmpty() && !list.getList("tools.id").contains("test.greet"));
    }

    @Test
    void aToolThatAllowsTheNetworkGetsItOnlyForACallerHoldingNetConnect() throws IOException {
        write("netprobe.yaml", NET_PROBE);
        awaitList(list -> list.getList("tools.id").contains("test.netprobe"));
        String agent = ToolCalls.spawnRoot("prober");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, Object> call = Map.of("input", Map.of("port", String.valueOf(listener.getLocalPort())));
            invoke(ToolCalls.tokenFor(agent, "tool:test.netprobe"), "test.netprobe", call)
                    .statusCode(200)
                    .body("output.stdout", equalTo("refused\n"));
            invoke(ToolCalls.tokenFor(agent, "tool:test.netprobe", "net:connect"), "test.netprobe", call)
                    .statusCode(200)
                    .body("output.stdout", equalTo("connected\n"));
        }
    }

    @Test
    void aManifestToolIsListedAndRunsItsCommandWithTheInputFilledIn() throws IOException {
        write("greet.yaml", GREET.formatted("1.0.0"));
        awaitList(list -> list.getList("tools.id").contains("test.greet"));

        given().header("Authorization", ADMIN).get("/api/v1/tools")
                .then().body("tools.find { it.id == 'test.greet' }.permission", equalTo("tool:test.greet"))
                .body("tools.find { it.id == 'test.greet' }.sideEffect", equalTo("none"));
        invokeFor(ToolCalls.freshAgent(), "test.greet", Map.of("name", "world"))
                .statusCode(200)
                .body("output.stdout", equalTo("hello world\n"))
                .body("output.exitCode", equalTo(0));
        invokeFor(ToolCalls.freshAgent(), "test.greet", Map.of("name", "--help"))
                .statusCode(400)
                .body("type", equalTo("urn:toka:problem:invalid-tool-input"))
                .body("field", equalTo("/name"));
    }

    @Test
    void theSampleManifestOfTheDocsLoadsAndCountsWords() throws IOException {
        write("word-count.yaml", Files.readString(Path.of("samples/tools/word-count.yaml")));
        awaitList(list -> list.getList("tools.id").contains("word-count"));
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "fs.write", Map.of("path", "hello.txt", "content", "one two three")).statusCode(200);
        invokeFor(agent, "word-count", Map.of("path", "hello.txt"))
                .statusCode(200)
                .body("output.stdout", equalTo("3 hello.txt\n"));
        invokeFor(agent, "word-count", Map.of("path", "-c"))
                .statusCode(400)
                .body("field", equalTo("/path"));
    }

    @Test
    void aChangedManifestIsReloadedAndADeletedOneDisappears() throws IOException {
        write("greet.yaml", GREET.formatted("1.0.0"));
        awaitList(list -> "1.0.0".equals(versionOfGreet(list)));
        write("greet.yaml", GREET.formatted("2.0.0"));
        awaitList(list -> "2.0.0".equals(versionOfGreet(list)));

        Files.delete(DIRECTORY.resolve("greet.yaml"));
        awaitList(list -> !list.getList("tools.id").contains("test.greet"));
        invokeFor(ToolCalls.freshAgent(), "test.greet", Map.of("name", "world"))
                .statusCode(404)
                .body("type", equalTo("urn:toka:problem:tool-not-found"));
    }

    @Test
    void badManifestsAreReportedWithFileAndFieldAndSkippedWhileGoodOnesLoad() throws IOException {
        write("good.yaml", GREET.formatted("1.0.0"));
        write("broken.yaml", "id: [unclosed\n");
        write("unknown-member.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.other") + "colour: red\n");
        write("loose-placeholder.yml", GREET.formatted("1.0.0").replace("test.greet", "test.loose")
                .replace("hello {name}", "hello {nickname}"));
        write("remote-ref.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.remote")
                .replace("{type: string, pattern: \"^[a-z]+$\"}", "{$ref: \"https://example.org/name.json\"}"));
        write("shadows-builtin.yaml", GREET.formatted("1.0.0").replace("test.greet", "fs.read"));
        write("bad-side-effect.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.side")
                .replace("sideEffect: none", "sideEffect: sometimes"));
        write("bad-effect.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.effect")
                + "effects: [reads-local, phones-home]\n");
        write("bad-provenance.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.provenance")
                + "provenance: mostly\n");
        write("network-without-egress.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.net")
                + "network: true\neffects: [reads-local]\n");

        awaitList(list -> list.getList("manifestErrors").size() == 9);
        JsonPath list = list();
        List<String> ids = list.getList("tools.id");
        org.hamcrest.MatcherAssert.assertThat(ids, hasItem("test.greet"));
        org.hamcrest.MatcherAssert.assertThat(ids, not(hasItem("test.other")));
        assertError(list, "broken.yaml", "(document)");
        assertError(list, "unknown-member.yaml", "colour");
        assertError(list, "loose-placeholder.yml", "command[1]");
        assertError(list, "remote-ref.yaml", "inputSchema/properties/name/$ref");
        assertError(list, "shadows-builtin.yaml", "id");
        assertError(list, "bad-side-effect.yaml", "sideEffect");
        assertError(list, "bad-effect.yaml", "effects[1]");
        assertError(list, "bad-provenance.yaml", "provenance");
        assertError(list, "network-without-egress.yaml", "effects");
    }

    @Test
    void aManifestDeclaresItsEffectsAndProvenanceAndOneThatDeclaresNoneIsTakenAsTheMostDangerous() throws IOException {
        write("greet.yaml", GREET.formatted("1.0.0"));
        write("count.yaml", GREET.formatted("1.0.0").replace("test.greet", "test.count")
                + "effects: [reads-local]\nprovenance: trusted\n");
        awaitList(list -> list.getList("tools.id").containsAll(List.of("test.greet", "test.count")));

        given().header("Authorization", ADMIN).get("/api/v1/tools").then()
                .body("tools.find { it.id == 'test.count' }.effects", equalTo(List.of("reads-local")))
                .body("tools.find { it.id == 'test.count' }.provenance", equalTo("trusted"))
                .body("tools.find { it.id == 'test.greet' }.effects", equalTo(List.of("reads-local", "writes-local",
                        "network-egress", "runs-processes", "external-side-effects")))
                .body("tools.find { it.id == 'test.greet' }.provenance", equalTo("untrusted"))
                .body("tools.find { it.id == 'http.get' }.effects", equalTo(List.of("network-egress")))
                .body("tools.find { it.id == 'http.get' }.provenance", equalTo("untrusted"))
                .body("tools.find { it.id == 'process.exec' }.effects", equalTo(List.of("reads-local", "writes-local",
                        "runs-processes")));
    }

    @Test
    void onlyAnAdminSeesManifestErrors() throws IOException {
        write("broken.yaml", "id: [unclosed\n");
        awaitList(list -> list.getList("manifestErrors").size() == 1);
        String agent = ToolCalls.spawnRoot("no-errors-for-me");
        given().header("Authorization", ToolCalls.tokenFor(agent, "tool:*")).get("/api/v1/tools")
                .then().statusCode(200)
                .body("manifestErrors", equalTo(null));
    }

    private static void assertError(JsonPath list, String file, String field) {
        List<Map<String, String>> errors = list.getList("manifestErrors");
        boolean found = errors.stream().anyMatch(error -> error.get("file").equals(file)
                && error.get("field").equals(field) && !error.get("rule").isBlank());
        org.junit.jupiter.api.Assertions.assertTrue(found, "expected an error for " + file + " at " + field
                + " in " + errors);
    }

    private static String versionOfGreet(JsonPath list) {
        return list.getString("tools.find { it.id == 'test.greet' }.version");
    }

    private static void write(String name, String content) throws IOException {
        Files.createDirectories(DIRECTORY);
        Files.writeString(DIRECTORY.resolve(name), content);
    }

    private static JsonPath list() {
        return given().header("Authorization", ADMIN).get("/api/v1/tools").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitList(Predicate<JsonPath> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> condition.test(list()));
    }
}

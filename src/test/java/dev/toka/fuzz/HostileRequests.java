package dev.toka.fuzz;

import static dev.toka.fuzz.HostileValues.bytes;
import static dev.toka.fuzz.HostileValues.concat;
import static dev.toka.fuzz.HostileValues.pick;
import static dev.toka.fuzz.HostileValues.utf8;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.toka.fuzz.HostileRequest.Header;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seeded generator of hostile requests. Each request starts from a valid one for its endpoint
 * (real ids, a credential that may make it) and breaks it in one way of its {@link Category}, so the
 * attack reaches the code behind authentication, parsing and id look-ups. Endpoints and categories
 * take turns, so every endpoint gets every kind; the seed decides everything else, so a run can be
 * repeated exactly ({@code -Dtoka.fuzz.seed=...}).
 */
public final class HostileRequests {

    /** The seed of a run unless {@code -Dtoka.fuzz.seed} names another. */
    public static final long DEFAULT_SEED = 20261205L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "@@hostile@@";
    private static final byte[] MARK_IN_JSON = utf8("\"" + MARK + "\"");
    private static final String BOUNDARY = "toka-fuzz-boundary";

    /** A valid spec: the multipart baseline, which each attack breaks. */
    private static final String VALID_SPEC = """
            metadata: {name: fuzz, version: v1, workstream: fuzz}
            spec: {name: Fuzz, domain: fuzz, priority: low, type: script}
            tasks:
              default:
                - {description: noop, priority: low, steps: [noop]}
            """;

    private final FuzzTarget target;
    private final Random random;
    private final ForgedTokens tokens;

    private HostileRequests(FuzzTarget target, long seed) {
        this.target = target;
        this.random = new Random(seed);
        this.tokens = new ForgedTokens(target, random);
    }

    /** The seed to use: {@code -Dtoka.fuzz.seed} or {@link #DEFAULT_SEED}. */
    public static long seed() {
        return Long.getLong("toka.fuzz.seed", DEFAULT_SEED);
    }

    /** {@code count} hostile requests spread over {@code endpoints} and every category. */
    public static List<HostileRequest> generate(List<Endpoint> endpoints, FuzzTarget target, long seed, int count) {
        HostileRequests generator = new HostileRequests(target, seed);
        Category[] categories = Category.values();
        List<HostileRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            requests.add(generator.next(endpoint, categories[(i / endpoints.size()) % categories.length]));
        }
        return requests;
    }

    private HostileRequest next(Endpoint endpoint, Category category) {
        Draft draft = baseline(endpoint, category);
        switch (category) {
            case TOKEN -> token(draft);
            case BODY -> body(draft);
            case UNICODE -> unicode(draft);
            case YAML -> yaml(draft);
            case NUMBER -> number(draft);
            case TRAVERSAL -> traversal(draft);
            case FRAMING -> framing(draft);
        }
        return draft.build();
    }

    // ---- the valid request each attack starts from

    private Draft baseline(Endpoint endpoint, Category category) {
        Draft draft = new Draft(endpoint, category);
        for (Endpoint.Parameter parameter : endpoint.parameters("path")) {
            draft.pathValues.put(parameter.name(), idFor(endpoint.path()));
        }
        boolean delegates = endpoint.path().endsWith("/delegate") || endpoint.path().contains("/tools/");
        draft.header("Authorization", delegates ? target.agentBearer() : target.adminBearer());
        if (endpoint.takes("application/json") && !(endpoint.takes("multipart/form-data") && random.nextBoolean())) {
            draft.json(jsonBaseline(endpoint));
        } else if (endpoint.takes("multipart/form-data")) {
            draft.multipart(List.of(new Part("files", "fuzz.yaml", utf8(VALID_SPEC))));
        }
        return draft;
    }

    private String idFor(String path) {
        if (path.contains("/tools/")) {
            return "fs.write";
        }
        return path.contains("/runs/") ? target.runId() : target.agentId();
    }

    private JsonNode jsonBaseline(Endpoint endpoint) {
        String agent = target.agentId();
        String json = switch (endpoint.path()) {
            case "/api/v1/operations" -> pick(random,
                    "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"fuzz\"}",
                    "{\"op\":\"spawn-agent\",\"parent\":\"" + agent + "\",\"name\":\"fuzz-child\",\"type\":\"script\","
                            + "\"mandate\":{\"instructions\":\"be brief\",\"capabilities\":[\"task:schedule\"],"
                            + "\"budget\":{\"tokens\":100,\"cost\":\"0.5\"}},"
                            + "\"token\":{\"permissions\":[\"task:schedule\"],\"ttlSeconds\":60}}",
                    "{\"op\":\"emit-observation\",\"agent\":\"" + agent + "\",\"data\":\"aGVsbG8=\"}");
            case "/api/v1/tokens", "/api/v1/tokens/delegate" -> "{\"subject\":\"" + agent
                    + "\",\"permissions\":[\"task:schedule\"],\"ttlSeconds\":60,\"budget\":{\"tokens\":100,\"cost\":\"0.5\"}}";
            case "/api/v1/tokens/revoke" -> "{\"jti\":\"" + target.spareJti() + "\",\"reason\":\"fuzz\"}";
            case "/api/v1/runs", "/api/v1/workstreams/validate" -> "[{\"metadata\":{\"name\":\"fuzz\",\"version\":\"v1\","
                    + "\"workstream\":\"fuzz\"},\"spec\":{\"name\":\"Fuzz\",\"domain\":\"fuzz\",\"priority\":\"low\","
                    + "\"type\":\"script\"},\"security\":{\"budget\":{\"tokens\":100,\"cost\":0.5}},"
                    + "\"tasks\":{\"default\":[{\"description\":\"noop\",\"priority\":\"low\",\"steps\":[\"noop\"]}]}}]";
            case "/api/v1/runs/{id}/cancel" -> "{\"reason\":\"fuzz\"}";
            case "/api/v1/approvals/{id}/reject" -> "{\"reason\":\"not on a Friday\"}";
            case "/api/v1/tools/{id}/invoke" -> "{\"input\":{\"path\":\"fuzz/a.md\",\"content\":\"x\"},\"agent\":\""
                    + agent + "\",\"task\":\"t1\",\"idempotencyKey\":{\"step\":0,\"attempt\":0}}";
            default -> "{}";
        };
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the categories

    private void token(Draft draft) {
        ForgedTokens.Credential credential = tokens.next();
        draft.headers.removeIf(header -> header.name().equals("Authorization"));
        List<Header> authorizations = credential.authorizations().stream().map(value -> new Header("Authorization", value)).toList();
        draft.headers.addAll(0, authorizations);
        draft.describe(credential.description());
    }

    private void body(Draft draft) {
        if (draft.json == null) {
            if (draft.endpoint.takes("multipart/form-data")) {
                malformedMultipart(draft);
            } else {
                draft.refusedCaller();
                draft.body(pick(random, "application/json", "text/plain", "application/xml"),
                        pick(random, utf8("{\"op\":\"spawn-agent\"}"), HostileValues.noise(random, 64), utf8("[".repeat(5_000))));
                draft.describe("a body where none belongs");
            }
            return;
        }
        byte[] json = draft.jsonBytes();
        switch (random.nextInt(10)) {
            case 0 -> draft.rawJson("truncated", java.util.Arrays.copyOf(json, 1 + random.nextInt(json.length - 1)));
            case 1 -> {
                int depth = 1_001 + random.nextInt(60_000);
                boolean arrays = random.nextBoolean();
                draft.at(anyLeaf(draft), "nested " + depth + (arrays ? " arrays" : " objects"),
                        utf8(arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            }
            case 2 -> {
                int length = random.nextInt(20) == 0 ? 5_000_000 + random.nextInt(3_000_000) : 5_000 + random.nextInt(200_000);
                if (length < 5_000_000) {
                    draft.refusedCaller(); // some members take this much
                }
                draft.at(anyLeaf(draft), "string of " + length + " chars", utf8("\"" + "x".repeat(length) + "\""));
            }
            case 3 -> {
                draft.refusedCaller(); // a spec reads "workstream": true as the text "true"
                JsonPointer at = anyLeaf(draft);
                draft.at(at, "wrong type", utf8(wrongType(draft.json.at(at))));
            }
            case 4 -> duplicateKey(draft);
            case 5 -> {
                draft.refusedCaller(); // unknown members are ignored, and some of these are known ones
                extraField(draft);
            }
            case 6 -> draft.refused().rawJson("not a JSON object (none at all is fine where the body is optional)", pick(random, new byte[0], utf8("null"), utf8("[]"), utf8("42"),
                    utf8("\"x\""), HostileValues.noise(random, 1 + random.nextInt(500)), utf8("{}"), utf8("[{}]")));
            case 7 -> draft.refused().body(pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "application/json; charset=UTF-16", "application/json; charset=evil", "multipart/form-data",
                    "application/*", "*/*; q=x"), json).describe("media type");
            case 8 -> draft.refused().rawJson("not quite JSON (a BOM before valid JSON is fine)", concat(pick(random, bytes(0xEF, 0xBB, 0xBF), utf8("/* c */"),
                    utf8("// c\n"), new byte[0]), pick(random, json, utf8(new String(json, StandardCharsets.UTF_8)
                    .replace('"', '\'')), concat(java.util.Arrays.copyOf(json, json.length - 1), utf8(",}")),
                    utf8("{\"a\":NaN}"), utf8("{\"a\":1}{\"b\":2}"))));
            default -> {
                StringBuilder many = new StringBuilder("{");
                int members = 5_000 + random.nextInt(35_000);
                for (int i = 0; i < members; i++) {
                    many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                }
                draft.refusedCaller(); // an object member ignores unknown members
                draft.at(anyLeaf(draft), members + " members", utf8(many.append('}').toString()));
            }
        }
    }

    private void malformedMultipart(Draft draft) {
        byte[] valid = multipart(List.of(new Part("files", "fuzz.yaml", utf8(VALID_SPEC))));
        switch (random.nextInt(6)) {
            case 0 -> draft.body("multipart/form-data", valid).describe("multipart without a boundary");
            case 1 -> draft.body("multipart/form-data; boundary=other", valid).describe("multipart with another boundary");
            case 2 -> draft.body("multipart/form-data; boundary=" + BOUNDARY,
                    java.util.Arrays.copyOf(valid, random.nextInt(valid.length))).describe("truncated multipart");
            case 3 -> {
                List<Part> parts = new ArrayList<>();
                int count = 100 + random.nextInt(900);
                for (int i = 0; i < count; i++) {
                    parts.add(new Part("files", "f" + i + ".yaml", utf8("metadata: {name: f" + i + "}")));
                }
                draft.multipart(parts).describe(count + " files");
            }
            case 4 -> draft.multipart(List.of(new Part(pick(random, "file", "", "files\u0000", "FILES"), "fuzz.yaml",
                    utf8(VALID_SPEC)))).describe("the files under another field name");
            default -> draft.multipart(List.of(new Part("files", null, utf8(VALID_SPEC)))).describe("a file part without a name");
        }
    }

    private void duplicateKey(Draft draft) {
        if (!(draft.json instanceof ObjectNode object) || object.isEmpty()) {
            draft.rawJson("duplicate keys", utf8("[{\"a\":1,\"a\":2}]"));
            return;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = pick(random, names);
        String json = new String(draft.jsonBytes(), StandardCharsets.UTF_8);
        String duplicate = "\"" + name + "\":" + pick(random, "\"" + target.agentId() + "-other\"", "[\"admin\"]",
                "\"admin\"", "99999999", "{\"tokens\":1}", "null");
        draft.rawJson("duplicate key " + name, utf8(random.nextBoolean() ? "{" + duplicate + "," + json.substring(1)
                : json.substring(0, json.length() - 1) + "," + duplicate + "}"));
    }

    private void extraField(Draft draft) {
        String json = new String(draft.jsonBytes(), StandardCharsets.UTF_8);
        String extra = pick(random, "\"@class\":\"java.lang.ProcessBuilder\"", "\"__proto__\":{\"admin\":true}",
                "\"vault\":\"other\"", "\"permissions\":[\"admin\"]", "\"x-fuzz\":\"" + "y".repeat(10_000) + "\"",
                "\"principal\":\"admin\"", "\"position\":1", "\"hash\":\"00\"");
        if (json.startsWith("{") && json.length() > 2) {
            draft.rawJson("extra member " + extra.substring(0, Math.min(30, extra.length())),
                    utf8("{" + extra + "," + json.substring(1)));
        } else if (json.startsWith("[{")) {
            draft.rawJson("extra member in a spec", utf8("[{" + extra + "," + json.substring(2)));
        } else {
            draft.rawJson("extra member", utf8("{" + extra + "}"));
        }
    }

    private String wrongType(JsonNode current) {
        if (current.isTextual()) {
            return pick(random, "42", "true", "[\"x\"]", "{\"a\":\"x\"}", "1.5e300");
        }
        if (current.isNumber()) {
            return pick(random, "\"many\"", "[1]", "{\"n\":1}", "true");
        }
        if (current.isArray()) {
            return pick(random, "{\"0\":\"x\"}", "\"x\"", "7", "[[[]]]", "[1,2,3]");
        }
        return pick(random, "[]", "\"x\"", "7", "false", "[{}]");
    }

    private void unicode(Draft draft) {
        List<Runnable> places = new ArrayList<>();
        if (!draft.pathValues.isEmpty()) {
            places.add(() -> {
                String name = draft.pathValues.keySet().iterator().next();
                String encoded = pick(random, HostileValues.UNICODE_ENCODED);
                draft.pathValues.put(name, draft.pathValues.get(name) + encoded);
                draft.describe("path parameter " + name + " with " + encoded);
            });
        }
        places.add(() -> {
            String name = stringQueryParameter(draft.endpoint);
            String encoded = pick(random, HostileValues.UNICODE_ENCODED);
            draft.refusedCaller(); // an undeclared parameter is ignored
            draft.query.add(name + "=x" + encoded);
            draft.describe("query parameter " + name + " with " + encoded);
        });
        if (draft.json != null) {
            places.add(() -> {
                JsonPointer at = stringLeaf(draft);
                if (random.nextBoolean()) {
                    String escape = pick(random, HostileValues.UNICODE_ESCAPES);
                    if (!escape.contains("\\ud8") && !escape.contains("\\udc") && !escape.contains("\\udf")) {
                        draft.refusedCaller(); // well-formed, if odd, text may be accepted
                    }
                    draft.at(at, "escape " + escape + " at " + at, utf8("\"fuzz" + escape + "\""));
                } else {
                    byte[] raw = pick(random, HostileValues.UNICODE_BYTES);
                    draft.at(at, "bytes " + hex(raw) + " at " + at, concat(utf8("\"fuzz"), raw, utf8("\"")));
                }
            });
        }
        if (draft.multipartParts != null) {
            places.add(() -> draft.refused().multipart(List.of(new Part("files", pick(random, "\u202egnp.yaml", "a\u0000.yaml",
                    "\u00c0\u00af.yaml", "caf\u00e9.yaml", "x\r\nContent-Type: text/html"), utf8(VALID_SPEC))))
                    .describe("a file name with control or non-ASCII bytes"));
        }
        places.add(() -> {
            byte[] raw = pick(random, HostileValues.UNICODE_BYTES);
            draft.refusedCaller(); // a header the service does not read
            draft.header(pick(random, "X-Fuzz", "Accept-Language", "User-Agent", "X-Forwarded-For", "Forwarded"),
                    "a" + new String(raw, StandardCharsets.ISO_8859_1) + "b");
            draft.raw = true;
            draft.describe("header bytes " + hex(raw));
        });
        pick(random, places).run();
    }

    private void yaml(Draft draft) {
        byte[] yaml = HostileValues.yaml(random, draft.endpoint.takes("multipart/form-data"));
        String summary = yamlSummary(yaml);
        if (draft.endpoint.takes("multipart/form-data")) {
            List<Part> parts = new ArrayList<>();
            parts.add(new Part("files", "hostile.yaml", yaml));
            if (random.nextBoolean()) {
                parts.add(new Part("files", "valid.yaml", utf8(VALID_SPEC)));
            }
            draft.json = null;
            draft.multipart(parts).describe("YAML " + summary);
            return;
        }
        if (!draft.endpoint.reads() && draft.json == null) {
            draft.refusedCaller();
        }
        draft.json = null;
        draft.body(pick(random, "application/yaml", "application/x-yaml", "text/yaml", "application/json"), yaml)
                .describe("YAML " + summary + " as the body");
    }

    private void number(Draft draft) {
        String number = pick(random, HostileValues.NUMBERS);
        if (!HostileValues.OUT_OF_EVERY_RANGE.contains(number)) {
            draft.refusedCaller(); // -0, 1.5 or 2147483648 fit some members
        }
        List<Endpoint.Parameter> numeric = draft.endpoint.parameters().stream()
                .filter(Endpoint.Parameter::numeric).filter(p -> !p.in().equals("path")).toList();
        List<JsonPointer> numericLeaves = draft.json == null ? List.of()
                : leaves(draft.json).stream().filter(p -> draft.json.at(p).isNumber()
                        || p.toString().endsWith("/cost")).toList();
        boolean inQuery = !numeric.isEmpty() && (numericLeaves.isEmpty() || random.nextBoolean());
        if (inQuery) {
            Endpoint.Parameter parameter = pick(random, numeric);
            if (parameter.in().equals("header")) {
                draft.header(parameter.name(), number);
            } else {
                draft.query.add(parameter.name() + "=" + URLEncoder.encode(number, StandardCharsets.UTF_8));
            }
            draft.describe(parameter.in() + " " + parameter.name() + "=" + abbreviate(number));
        } else if (draft.json != null) {
            JsonPointer at = numericLeaves.isEmpty() ? anyLeaf(draft) : pick(random, numericLeaves);
            boolean quoted = random.nextInt(3) == 0;
            if (quoted) {
                draft.refusedCaller(); // as text, any number is a fine reason or name
            }
            draft.at(at, at + "=" + abbreviate(number) + (quoted ? " (quoted)" : ""),
                    utf8(quoted ? "\"" + number + "\"" : number));
        } else {
            draft.refusedCaller();
            draft.query.add(pick(random, "limit", "from", "maxCost") + "=" + URLEncoder.encode(number, StandardCharsets.UTF_8));
            draft.describe("undeclared number " + abbreviate(number));
        }
    }

    private void traversal(Draft draft) {
        if (draft.endpoint.path().contains("/tools/") && draft.json != null) {
            String tool = pick(random, "fs.read", "fs.write", "fs.list");
            String path = pick(random, HostileValues.TRAVERSAL_TEXT);
            draft.pathValues.replaceAll((name, value) -> tool);
            ((ObjectNode) draft.json).set("input", JSON.createObjectNode().put("path", MARK).put("content", "x"));
            if (!tool.equals("fs.write")) {
                ((ObjectNode) draft.json.get("input")).remove("content");
            }
            draft.at(JsonPointer.compile("/input/path"), tool + " of " + path, utf8("\"" + path + "\""));
            return;
        }
        List<Runnable> places = new ArrayList<>();
        if (!draft.pathValues.isEmpty()) {
            places.add(() -> {
                String segment = pick(random, HostileValues.TRAVERSAL_SEGMENTS);
                draft.pathValues.replaceAll((name, value) -> random.nextBoolean() ? segment : segment + "%2F" + value);
                draft.describe("path parameter " + segment);
            });
        }
        if (draft.json != null) {
            places.add(() -> {
                String path = pick(random, HostileValues.TRAVERSAL_TEXT);
                draft.refusedCaller(); // a name or description may well read like a path
                JsonPointer at = stringLeaf(draft);
                draft.at(at, at + "=" + path, utf8("\"" + path + "\""));
            });
        }
        if (draft.multipartParts != null) {
            places.add(() -> draft.multipart(List.of(new Part("files", pick(random, "../../etc/passwd", "/etc/passwd",
                    "..\\..\\x.yaml", "a/../../../x.yaml", "%2e%2e%2fx.yaml"), utf8("metadata: {name: x}"))))
                    .describe("a file named outside the upload"));
        }
        places.add(() -> {
            String segment = pick(random, "..", "%2e%2e", ".", "%2e", "", "..;", "%2F");
            int cut = draft.endpoint.path().lastIndexOf('/');
            draft.refusedCaller();
            draft.pathPrefix = draft.endpoint.path().substring(0, cut) + "/" + segment;
            draft.raw = segment.isEmpty() || segment.contains("..");
            draft.describe("path with segment '" + segment + "'");
        });
        places.add(() -> {
            String name = stringQueryParameter(draft.endpoint);
            draft.refusedCaller();
            draft.query.add(name + "=" + URLEncoder.encode(pick(random, HostileValues.TRAVERSAL_TEXT), StandardCharsets.UTF_8));
            draft.describe("query parameter " + name + " with a path");
        });
        pick(random, places).run();
    }

    private void framing(Draft draft) {
        draft.raw = true;
        draft.refusedCaller(); // the HTTP layer is on trial: what it lets through must not act
        switch (random.nextInt(15)) {
            case 0 -> draft.header("X-Fuzz", "a".repeat(21_000 + random.nextInt(60_000))).describe("oversized header");
            case 1 -> {
                int count = 500 + random.nextInt(3_000);
                for (int i = 0; i < count; i++) {
                    draft.headers.add(new Header("X-Fuzz-" + i, "v"));
                }
                draft.describe(count + " headers");
            }
            case 2 -> {
                draft.query.add("q=" + "a".repeat(9_000 + random.nextInt(60_000)));
                draft.describe("oversized URI");
            }
            case 3 -> draft.header(pick(random, "Authorization", "X-Fuzz", "Content-Type"),
                    pick(random, target.adminBearer() + "\u0000", "a\u0000b", "\u0000")).describe("NUL in a header");
            case 4 -> draft.header("X-Fuzz", pick(random, "a\rInjected: b", "a\nInjected: b", "a\u000bb", "a\u007fb"))
                    .describe("control character in a header");
            case 5 -> draft.header(pick(random, "X-F\u00ffuzz", "X Fuzz", "X-Fuzz:", "", "(x)"), "v")
                    .describe("bad header name");
            case 6 -> draft.body(null, new byte[0]).header("Content-Length",
                    pick(random, "20000000", "99999999999", "9223372036854775807", "18446744073709551616"))
                    .describe("declared body past the limit");
            case 7 -> draft.header("Content-Length", pick(random, "-1", "abc", "1, 2", "0x10", "1e3", "5 5"))
                    .describe("malformed Content-Length");
            case 8 -> {
                draft.body(null, utf8("0\r\n\r\n"));
                draft.headers.add(new Header("Content-Length", "5"));
                draft.headers.add(new Header("Transfer-Encoding", "chunked"));
                draft.describe("both Content-Length and Transfer-Encoding");
            }
            case 9 -> draft.body(null, utf8(pick(random, "zz\r\nabc\r\n0\r\n\r\n", "-1\r\n\r\n", "5;x=\u0000\r\nabcde\r\n0\r\n\r\n")))
                    .header("Transfer-Encoding", pick(random, "chunked", "chunked, gzip", "xchunked"))
                    .describe("malformed chunked body");
            case 10 -> {
                draft.headers.add(new Header("X-Fuzz", "a\r\n folded"));
                draft.describe("obsolete line folding");
            }
            case 11 -> {
                draft.versionSuffix = pick(random, " HTTP/9.9", " x", " HTTP/1.1 HTTP/1.1");
                draft.describe("malformed request line");
            }
            case 12 -> {
                draft.method = pick(random, "FUZZ", "PUT", "DELETE", "PATCH", "TRACE", "G\u00c9T", "PROPFIND");
                draft.describe("method " + draft.method);
            }
            case 13 -> draft.header("Accept", pick(random, "application/xml", "text/html", "image/png", "x/y;q=2"))
                    .describe("unacceptable Accept");
            default -> draft.header("Expect", pick(random, "100-continue", "evil")).header("Content-Length", "50000000")
                    .describe("Expect with a huge body");
        }
    }

    // ---- helpers

    private String stringQueryParameter(Endpoint endpoint) {
        List<Endpoint.Parameter> strings = endpoint.parameters("query").stream()
                .filter(p -> p.type().equals("string")).toList();
        return strings.isEmpty() ? pick(random, "q", "stream", "id") : pick(random, strings).name();
    }

    private JsonPointer anyLeaf(Draft draft) {
        return pick(random, leaves(draft.json));
    }

    private JsonPointer stringLeaf(Draft draft) {
        List<JsonPointer> strings = leaves(draft.json).stream().filter(p -> draft.json.at(p).isTextual()).toList();
        return strings.isEmpty() ? anyLeaf(draft) : pick(random, strings);
    }

    /** Every node below the root, as a pointer; an empty document offers a new member. */
    private static List<JsonPointer> leaves(JsonNode root) {
        List<JsonPointer> pointers = new ArrayList<>();
        collect(root, JsonPointer.empty(), pointers);
        if (pointers.isEmpty()) {
            pointers.add(JsonPointer.compile("/fuzz"));
        }
        return pointers;
    }

    private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> pointers) {
        if (node.isObject()) {
            node.properties().forEach(member -> {
                JsonPointer child = at.appendProperty(member.getKey());
                pointers.add(child);
                collect(member.getValue(), child, pointers);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                pointers.add(child);
                collect(node.get(i), child, pointers);
            }
        }
    }

    private static byte[] multipart(List<Part> parts) {
        List<byte[]> chunks = new ArrayList<>();
        for (Part part : parts) {
            chunks.add(utf8("--" + BOUNDARY + "\r\n"));
            String disposition = "Content-Disposition: form-data; name=\"" + part.field() + "\""
                    + (part.fileName() == null ? "" : "; filename=\"" + part.fileName() + "\"");
            chunks.add(disposition.getBytes(StandardCharsets.ISO_8859_1));
            chunks.add(utf8("\r\nContent-Type: application/yaml\r\n\r\n"));
            chunks.add(part.content());
            chunks.add(utf8("\r\n"));
        }
        chunks.add(utf8("--" + BOUNDARY + "--\r\n"));
        return concat(chunks.toArray(byte[][]::new));
    }

    private static String yamlSummary(byte[] yaml) {
        String text = new String(yaml, 0, Math.min(yaml.length, 40), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + text + "…' (" + yaml.length + " bytes)";
    }

    private static String abbreviate(String value) {
        return value.length() > 24 ? value.substring(0, 12) + "…(" + value.length() + " chars)" : value;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02X", b & 0xFF));
        }
        return hex.toString();
    }

    /** A file part of a multipart body. */
    private record Part(String field, String fileName, byte[] content) {}

    /** A request being built: the valid baseline, then one attack. */
    private final class Draft {

        final Endpoint endpoint;
        final Category category;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final List<String> query = new ArrayList<>();
        final List<Header> headers = new ArrayList<>();
        String method;
        String pathPrefix;
        String versionSuffix = "";
        JsonNode json;
        List<Part> multipartParts;
        byte[] body = new byte[0];
        String description = "";
        boolean raw;

        Draft(Endpoint endpoint, Category category) {
            this.endpoint = endpoint;
            this.category = category;
            this.method = endpoint.method();
        }

        Draft header(String name, String value) {
            headers.removeIf(header -> header.name().equalsIgnoreCase(name));
            if (value != null) {
                headers.add(new Header(name, value));
            }
            return this;
        }

        Draft describe(String text) {
            description = description.isEmpty() ? text : description + "; " + text;
            return this;
        }

        Draft refused() {
            refusedCaller();
            return this;
        }

        /**
         * Where the attack may leave a valid request (an ignored header, a value in range), a caller that may
         * not change anything keeps it from acting: the log must then hold nothing but audit entries.
         */
        void refusedCaller() {
            if (!endpoint.reads()) {
                header("Authorization", target.strangerBearer());
                describe("sent by an agent without the right");
            }
        }

        void json(JsonNode node) {
            json = node;
            body("application/json", jsonBytes());
        }

        byte[] jsonBytes() {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        Draft multipart(List<Part> parts) {
            multipartParts = parts;
            return body("multipart/form-data; boundary=" + BOUNDARY, HostileRequests.multipart(parts));
        }

        Draft body(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            body = bytes;
            return this;
        }

        void rawJson(String text, byte[] bytes) {
            body = bytes;
            describe(text);
        }

        /** Puts {@code fragment}, raw JSON bytes, where {@code at} points (a new member when it points nowhere). */
        void at(JsonPointer at, String text, byte[] fragment) {
            JsonNode copy = json.deepCopy();
            JsonNode parent = copy.at(at.head());
            String last = at.last().getMatchingProperty();
            if (parent instanceof ArrayNode array) {
                array.set(at.last().getMatchingIndex(), TextNode.valueOf(MARK));
            } else if (parent instanceof ObjectNode object) {
                object.put(last, MARK);
            } else {
                ((ObjectNode) copy).put("fuzz", MARK);
            }
            byte[] serialised;
            try {
                serialised = JSON.writeValueAsBytes(copy);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            int mark = indexOf(serialised, MARK_IN_JSON);
            body = concat(java.util.Arrays.copyOf(serialised, mark), fragment,
                    java.util.Arrays.copyOfRange(serialised, mark + MARK_IN_JSON.length, serialised.length));
            describe(text);
        }

        HostileRequest build() {
            String path = pathPrefix != null ? pathPrefix : endpoint.path();
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query)) + versionSuffix;
            return new HostileRequest(endpoint.key(), category, description, method, target, List.copyOf(headers),
                    body, raw || !versionSuffix.isEmpty());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("mark not found");
    }
}

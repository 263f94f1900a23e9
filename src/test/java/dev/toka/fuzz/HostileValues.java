package dev.toka.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** The catalogue of hostile values, each in the form it takes on the wire. */
final class HostileValues {

    /** Inside a JSON string literal: escapes of lone surrogates, NUL, bidirectional overrides, non-characters. */
    static final List<String> UNICODE_ESCAPES = List.of("\\ud800", "\\udfff", "x\\ud800y", "\\udc00\\ud800",
            "\\ud800\\u0041", "\\ud83d", "\\u0000", "a\\u0000b", "\\u202e", "\\u202egnp.exe", "\\u2066x\\u2069",
            "\\ufeff", "\\ufffe", "\\uffff", "\\u200d\\u200b", "\\u001b[31m", "\\r\\n");

    /** Inside a JSON string, byte for byte: invalid, overlong and truncated UTF-8, encoded surrogates, NUL. */
    static final List<byte[]> UNICODE_BYTES = List.of(bytes(0xFF), bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes(0xF8, 0x88, 0x80, 0x80, 0x80), bytes(0xE2, 0x82),
            bytes(0x80), bytes(0xC3), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0x00), bytes(0xFE, 0xFF),
            bytes(0xC1, 0xBF), bytes(0xF0, 0x80, 0x80, 0xAF));

    /** In a URL: the same percent-encoded, plus broken escapes. */
    static final List<String> UNICODE_ENCODED = List.of("%ED%A0%80", "%C0%AF", "%C0%AE%C0%AE%C0%AF", "%FF",
            "%00", "a%00b", "%E2%80%AE", "%F0%9F", "%E2%82", "%uD800", "%", "%zz", "%%", "%F8%88%80%80%80");

    /** Numbers past every range, as JSON tokens (also sent quoted and in URLs). */
    static final List<String> NUMBERS = List.of("1e999999999", "-1e999999999", "1e-999999999", "1E+2147483648",
            "-0", "-0.0", "0e999999999", "NaN", "-Infinity", "Infinity", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1" + "0".repeat(400), "-" + "9".repeat(400),
            "0." + "0".repeat(399) + "1", "9".repeat(5_000), "2147483648", "-2147483649", "1.5", "4.9e-325",
            "0x1F", "1_000", "+1", "01", "1e3", "-1", "0");

    /** Those of {@link #NUMBERS} that no member or parameter of Toka's takes. */
    static final List<String> OUT_OF_EVERY_RANGE = List.of("1e999999999", "-1e999999999", "1E+2147483648", "NaN",
            "-Infinity", "Infinity", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "1" + "0".repeat(400), "-" + "9".repeat(400), "0." + "0".repeat(399) + "1", "9".repeat(5_000));

    /** As a path parameter or id, already encoded for a URL path segment. */
    static final List<String> TRAVERSAL_SEGMENTS = List.of("..", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "..%2F..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows", "%252e%252e%252f", "..;", "....%2F%2F",
            "%2Fetc%2Fpasswd", "%00", "x%00.yaml", "..%00", "~root", "%c0%ae%c0%ae%2f", ".%2e", "%2e", ".",
            "link%20-%3E%20%2Fetc%2Fpasswd", "..%2f..%2fapi%2fv1%2fkeys%2frotate", "%2F%2F127.0.0.1%2F",
            "file:%2F%2F%2Fetc%2Fpasswd", "CON", "aux.yaml");

    /** In a JSON string (a file path or an id): parent directories, absolute and device paths, NUL. */
    static final List<String> TRAVERSAL_TEXT = List.of("../x", "../../etc/passwd", "/etc/passwd",
            "/proc/self/environ", "a/../../x", "./../x", "x/../../../../../../../etc/shadow", "..", "../", "/",
            "//etc/passwd", "a\\u0000b", "\\u0000", "../".repeat(60) + "etc/passwd", "/dev/zero", "/dev/urandom",
            "..\\u0000/x", "/..", "a/b/../../../data/toka.mv.db");

    private HostileValues() {}

    /**
     * YAML an attacker would upload, as bytes: each must be refused cheaply. Documents of megabytes only
     * where {@code huge} (the endpoints that parse YAML), so the suite does not spend its time uploading.
     */
    static byte[] yaml(Random random, boolean huge) {
        return switch (random.nextInt(huge ? 14 : 13)) {
            case 0 -> utf8(billionLaughs(9 + random.nextInt(3)));
            case 1 -> utf8("a: " + "[".repeat(5_000 + random.nextInt(45_000)));
            case 2 -> utf8("a: " + "{a: ".repeat(1_000 + random.nextInt(20_000)) + "b" + "}".repeat(21_000));
            case 3 -> utf8(pick(random, "x: &a [", "x: !!binary ", "k: ") + "x".repeat(100 + random.nextInt(20_000)));
            case 4 -> utf8(pick(random, "!!java.net.URL [\"http://127.0.0.1:1/\"]",
                    "x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]",
                    "!!python/object/apply:os.system ['id']", "x: !<tag:yaml.org,2002:java.io.File> /etc/passwd",
                    "metadata: !custom {name: n}", "x: !!binary " + "A".repeat(10_000), "%TAG ! tag:evil.example,2000:\n--- !x y"));
            case 5 -> concat(utf8("metadata:\n  name: caf"), bytes(0xE9), utf8("\n  version: v1\n"));
            case 6 -> concat(bytes(0xFF, 0xFE), "metadata: {name: n}".getBytes(StandardCharsets.UTF_16LE));
            case 7 -> noise(random, 1 + random.nextInt(2_000));
            case 8 -> concat(utf8("spec:\n  name: "), bytes(0xC0, 0xAF, 0xED, 0xA0, 0x80), utf8("\n"));
            case 9 -> utf8("a: &a [x, x, x, x, x, x, x, x]\n" + "b: &b {<<: [*a, *a, *a, *a]}\n".repeat(1)
                    + "c: " + "[*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]".repeat(1) + "\n");
            case 10 -> utf8("---\n".repeat(10_000 + random.nextInt(90_000)));
            case 11 -> utf8("? " + "k".repeat(50_000 + random.nextInt(200_000)) + "\n: v\n");
            case 12 -> utf8("metadata:\n  name: \"\\ud800\"\n  version: \"\\u0000\"\n  workstream: \"\\u202e\"\n");
            default -> pick(random, utf8(anchorsWithoutUse(5_000 + random.nextInt(30_000))),
                    utf8("metadata:\n  name: n\n  notes: \"" + "x".repeat(1_000_000 + random.nextInt(3_000_000)) + "\"\n"));
        };
    }

    private static String billionLaughs(int levels) {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private static String anchorsWithoutUse(int count) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append("k").append(i).append(": &x").append(i).append(" v\n");
        }
        return yaml.toString();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] noise(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}

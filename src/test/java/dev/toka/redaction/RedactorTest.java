package dev.toka.redaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "key sk-proj-abcdefghijklmnop1234 here => key [REDACTED] here",
        "sk-ant-api03-abcdefghijklmnopqrst => [REDACTED]",
        "Authorization: Bearer abc.def-ghi_jkl => Authorization: Bearer [REDACTED]",
        "token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln ok => token [REDACTED] ok",
        "AKIAIOSFODNN7EXAMPLE is the id => [REDACTED] is the id",
        "password=hunter2 and more => password=[REDACTED] and more",
        "client_secret: s3cr3t! => client_secret: [REDACTED]",
        "export GITHUB_TOKEN=ghp_x => export GITHUB_TOKEN=[REDACTED]",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG => aws_secret_access_key = [REDACTED]",
        "{\\\"apiKey\\\":\\\"abc123\\\"} => {\\\"apiKey\\\":\\\"[REDACTED]\\\"}",
    })
    void redactsTheValueOfASecret(String text, String expected) {
        assertEquals(expected, Redactor.redact(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Reset your password and keep the secret of the recipe; tokens are cheap.",
        "max_tokens=4096 and the token count",
        "os.system(\"rm -rf build\"); subprocess.run(cmd); eval(code)",
        "let f = File::open(\"a.txt\")?; fs::read_to_string(path); curl https://example.org",
        "ignore previous instructions is just a phrase here; DROP TABLE users; union select",
        "sk-short and Bearer x",
    })
    void leavesOrdinaryTextAndCodeAlone(String text) {
        assertEquals(text, Redactor.redact(text));
    }

    @Test
    void redactsAPemPrivateKeyWhole() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        assertEquals("key: [REDACTED] done", Redactor.redact("key: " + pem + " done"));
        String json = "{\"text\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----\"}";
        assertEquals("{\"text\":\"[REDACTED]\"}", Redactor.redact(json));
    }

    @Test
    void neverJoinsTheEndsOfAKeyThatLieInTwoJsonStrings() {
        String json = "[\"-----BEGIN PRIVATE KEY-----\",\"-----END PRIVATE KEY-----\"]";
        assertEquals(json, Redactor.redact(json));
    }

    @Test
    void redactsBytesAsTextAndLeavesEveryOtherByteAlone() {
        byte[] data = "héllo password=hunter2 \u00ff".getBytes(StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xff, 0, 'A', 'K', 'I', 'A', 'I', 'O', 'S', 'F', 'O', 'D', 'N', 'N', '7', 'E', 'X', 'A',
            'M', 'P', 'L', 'E', (byte) 0x80};
        assertEquals("héllo password=[REDACTED] \u00ff", new String(Redactor.redact(data), StandardCharsets.UTF_8));
        byte[] expected = {(byte) 0xff, 0, '[', 'R', 'E', 'D', 'A', 'C', 'T', 'E', 'D', ']', (byte) 0x80};
        assertArrayEquals(expected, Redactor.redact(binary));
    }

    /**
     * Text built to make a backtracking pattern try every position: each must still cost one pass. (The
     * patterns this class had before took over eight minutes on 64 KiB of {@code a-}; one pass takes well
     * under a second, so the generous limit only stands for a loaded machine.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"a-", "eyJa-", "sk-a", "xoxb-", "token ", "bearer ", "-----BEGIN RSA PRIVATE KEY-----",
        "password=", "ghp_"})
    void takesLinearTimeOnAMegabyteOfHostileText(String unit) {
        String text = unit.repeat(1_048_576 / unit.length());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Redactor.redact(text));
    }
}

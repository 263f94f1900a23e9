package dev.toka.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private final Redactor testSubject = new Redactor();

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
        assertEquals(expected, testSubject.redact(text));
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
        assertEquals(text, testSubject.redact(text));
    }

    @Test
    void redactsAPemPrivateKeyWhole() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        assertEquals("key: [REDACTED] done", testSubject.redact("key: " + pem + " done"));
    }
}

package dev.toka.redaction;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the values of secrets with {@value #MASK}: API keys, bearer tokens, JWTs, PEM private keys,
 * AWS access key ids, and the value of a {@code password=…}/{@code secret: …} style assignment. Only
 * the value goes; the words around it stay, and nothing else is touched: no pattern here looks at
 * code, commands or ordinary prose, so answers full of code pass unchanged. The one set of patterns
 * for everything recorded: model traffic (the LLM gateway) and the free text of kernel and run events
 * (docs/security.md, "What is redacted", lists each pattern).
 *
 * <p>The patterns also work on JSON text (they stop at quotes and backslashes), so a serialised
 * conversation can be redacted in one pass. They are ASCII-only and run in time linear in the text: each
 * starts with its literal (so the matcher skips to it) and may match only where a secret can begin (the
 * lookbehind after the literal), and the repeated parts are possessive, so hostile text such as a
 * megabyte of {@code a-a-a-…} costs one pass, not one per position.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "[REDACTED]";

    /** Secrets recognisable on their own: the whole match goes. */
    private static final List<Pattern> SECRETS = List.of(
            // A PEM private key block; its body holds no "-----" and no quote, so it stays inside one JSON string.
            Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----(?:[^\"-]|-(?!----))*+"
                    + "-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----"),
            // JWT: base64url header and payload that both start with '{"', and a signature.
            Pattern.compile("eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{4,}+\\.eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+"),
            // OpenAI, Anthropic and compatible keys: sk-…, sk-proj-…, sk-ant-…
            Pattern.compile("sk-(?<![A-Za-z0-9_-]sk-)[A-Za-z0-9_-]{16,}+"),
            // GitHub and Slack tokens.
            Pattern.compile("gh(?<![A-Za-z0-9_]gh)[pousr]_[A-Za-z0-9]{30,}+"),
            Pattern.compile("xox(?<![A-Za-z0-9_-]xox)[abprs]-[A-Za-z0-9-]{10,}+"),
            // AWS access key ids.
            Pattern.compile("A(?<![A-Za-z0-9_]A)(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9_])"));

    /** Secrets known by what precedes them: group 1 stays, the value after it goes. */
    private static final List<Pattern> VALUES = List.of(
            Pattern.compile("(?i)(bearer(?<![A-Za-z0-9_]bearer)\\s++)[A-Za-z0-9._~+/-]{8,}+=*+"),
            // A key word ending the name of an assignment: password=…, client_secret: …, "apiKey": "…", GITHUB_TOKEN=…
            // It must end the name, so max_tokens=4096 or "the secret of" stay. What comes before the key word
            // (client_, GITHUB_) is not part of the match: it stays anyway, and matching it would cost a scan per position.
            Pattern.compile("(?i)((?:password|passwd|passphrase|secret|token|credentials?"
                    + "|(?:api|access|secret|private)[_-]?key|apikey)(?:\\\\?[\"'])?\\s*+[:=]\\s*+(?:\\\\?[\"'])?)"
                    + "[^\\s\"',;\\\\]++"));

    private Redactor() {}

    /** {@code text} with every recognised secret value replaced, or {@code null} for {@code null}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Pattern secret : SECRETS) {
            result = secret.matcher(result).replaceAll(MASK);
        }
        for (Pattern value : VALUES) {
            result = value.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
        }
        return result;
    }

    /**
     * {@code data} with every recognised secret replaced, whether it is text or binary: read byte for
     * byte as ISO-8859-1, which the ASCII patterns match in UTF-8 text exactly as in a string, and
     * which leaves every byte outside a match as it was. {@code null} for {@code null}.
     */
    public static byte[] redact(byte[] data) {
        if (data == null) {
            return null;
        }
        String bytes = new String(data, StandardCharsets.ISO_8859_1);
        String redacted = redact(bytes);
        return redacted.equals(bytes) ? data : redacted.getBytes(StandardCharsets.ISO_8859_1);
    }
}

package dev.toka.llm.langchain4j;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the values of secrets with {@value #MASK}: API keys, bearer tokens, JWTs, PEM private keys,
 * AWS access key ids, and the value of a {@code password=…}/{@code secret: …} style assignment. Only
 * the value goes; the words around it stay, and nothing else is touched: no pattern here looks at
 * code, commands or ordinary prose, so answers full of code pass unchanged.
 *
 * <p>The patterns also work on JSON text (they stop at quotes and backslashes), so a serialised
 * conversation can be redacted in one pass.
 */
@Singleton
class Redactor {

    /** What a secret is replaced with. */
    static final String MASK = "[REDACTED]";

    /** Secrets recognisable on their own: the whole match goes. */
    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----",
                    Pattern.DOTALL),
            // JWT: base64url header and payload that both start with '{"', and a signature.
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
            // OpenAI, Anthropic and compatible keys: sk-…, sk-proj-…, sk-ant-…
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}"),
            // GitHub and Slack tokens.
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            // AWS access key ids.
            Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"));

    /** Secrets known by what precedes them: group 1 stays, the value after it goes. */
    private static final List<Pattern> VALUES = List.of(
            Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]{8,}=*"),
            // A key word ending the name of an assignment: password=…, client_secret: …, "apiKey": "…", GITHUB_TOKEN=…
            // It must end the name, so max_tokens=4096 or "the secret of" stay.
            Pattern.compile("(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|credentials?"
                    + "|(?:api|access|secret|private)[_-]?key|apikey)(?:\\\\?[\"'])?\\s*[:=]\\s*(?:\\\\?[\"'])?)"
                    + "[^\\s\"',;\\\\]+"));

    /** {@code text} with every recognised secret value replaced, or {@code null} for {@code null}. */
    String redact(String text) {
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
}

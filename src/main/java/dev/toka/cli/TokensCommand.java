package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code toka tokens issue|delegate|revoke}: capability tokens (docs/security.md). */
@Command(name = "tokens", description = "Issue, delegate and revoke capability tokens.",
        subcommands = {TokensCommand.Issue.class, TokensCommand.Delegate.class, TokensCommand.Revoke.class})
final class TokensCommand {

    /** The fields of a token request. */
    static final class Grant {

        @Option(names = "--subject", required = true, paramLabel = "AGENT", description = "The agent the token is for.")
        String subject;

        @Option(names = {"-p", "--permission"}, required = true, paramLabel = "PERMISSION",
                description = "A permission, e.g. task:schedule; repeat for more.")
        List<String> permissions;

        @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "3600",
                description = "Lifetime in seconds (default ${DEFAULT-VALUE}).")
        long ttlSeconds;

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subject", subject);
            body.put("permissions", permissions);
            body.put("ttlSeconds", ttlSeconds);
            return body;
        }
    }

    /** Prints a new token: the token itself is the point of the command, so it is the one secret printed. */
    private static int printToken(ClientOptions client, JsonNode token) {
        if (client.json()) {
            ClientOptions.printJson(System.out, token);
        } else {
            new Table("JTI", "EXPIRES").row(token.path("jti").asText(), token.path("expiresAt").asText())
                    .print(System.err);
            System.out.println(token.path("token").asText());
        }
        return ExitCodes.OK;
    }

    @Command(name = "issue", description = {"Issue a token (admin credential).",
            "Prints the token on stdout and its jti and expiry on stderr, so TOKEN=$(toka tokens issue ...) works."})
    static final class Issue implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Grant grant;

        @Option(names = "--vault", paramLabel = "VAULT", description = "The secrets vault the token may read.")
        String vault;

        @Override
        public Integer call() {
            Map<String, Object> body = grant.body();
            if (vault != null) {
                body.put("vault", vault);
            }
            return printToken(client, client.client().post("/api/v1/tokens", body));
        }
    }

    @Command(name = "delegate", description = {"Delegate an attenuated child token.",
            "The credential (--token, TOKA_TOKEN) is the parent token; the child gets a subset of its rights."})
    static final class Delegate implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Grant grant;

        @Override
        public Integer call() {
            return printToken(client, client.client().post("/api/v1/tokens/delegate", grant.body()));
        }
    }

    @Command(name = "revoke", description = "Revoke one token and everything derived from it, or every token of an agent.")
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "revoked with the toka command",
                description = "Why (recorded in the log).")
        String reason;

        static final class Target {
            @Option(names = "--jti", paramLabel = "JTI", description = "The token's id.")
            String jti;

            @Option(names = "--subject", paramLabel = "AGENT", description = "Every live token of this agent (admin).")
            String subject;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(target.jti != null ? "jti" : "subject", target.jti != null ? target.jti : target.subject);
            body.put("reason", reason);
            JsonNode revoked = client.client().post("/api/v1/tokens/revoke", body);
            if (client.json()) {
                ClientOptions.printJson(System.out, revoked);
            } else {
                System.out.println(revoked.has("jti") && !revoked.get("jti").isNull()
                        ? "revoked token " + revoked.get("jti").asText()
                        : "revoked every token of " + revoked.path("subject").asText());
            }
            return ExitCodes.OK;
        }
    }
}

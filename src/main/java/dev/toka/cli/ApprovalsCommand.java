package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code toka approvals list|grant|reject}: tool calls waiting for a person's approval (docs/agents.md). */
@Command(name = "approvals", description = "List, grant and reject the approvals tool calls wait for.",
        subcommands = {ApprovalsCommand.ListApprovals.class, ApprovalsCommand.Grant.class,
            ApprovalsCommand.Reject.class})
final class ApprovalsCommand {

    private static final String[] COLUMNS = {"ID", "AGENT", "TOOL", "ARGUMENTS SHA-256", "STATE", "EXPIRES"};

    private static Object[] row(JsonNode approval) {
        return new Object[] {approval.path("approvalId").asText(), approval.path("agentName").asText(),
            approval.path("toolId").asText(), approval.path("argumentsSha256").asText(),
            approval.path("state").asText(), approval.path("expiresAt").asText()};
    }

    private static int print(ClientOptions client, JsonNode approval) {
        if (client.json()) {
            ClientOptions.printJson(System.out, approval);
        } else {
            new Table(COLUMNS).row(row(approval)).print(System.out);
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "The approvals of the agents the credential may see (needs approval:grant).")
    static final class ListApprovals implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--state", paramLabel = "STATE", defaultValue = "pending",
                description = "pending (default), granted, rejected, expired or all.")
        String state;

        @Override
        public Integer call() {
            JsonNode result = client.client().get("/api/v1/approvals" + TokaClient.query(Map.of("state", state)));
            if (client.json()) {
                ClientOptions.printJson(System.out, result);
                return ExitCodes.OK;
            }
            Table table = new Table(COLUMNS);
            result.path("approvals").forEach(approval -> table.row(row(approval)));
            table.print(System.out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "grant", description = {"Grant an approval: the tool call runs once, with exactly its arguments.",
        "Prints the approval and the id of the one-shot capability ('toka tokens revoke --jti' revokes it)."})
    static final class Grant implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The approval id.")
        String id;

        @Override
        public Integer call() {
            JsonNode granted = client.client().post("/api/v1/approvals/" + TokaClient.segment(id) + "/grant", Map.of());
            if (!client.json()) {
                System.err.println("capability " + granted.path("tokenId").asText() + " valid until "
                        + granted.path("tokenExpiresAt").asText());
                return print(client, granted.path("approval"));
            }
            return print(client, granted);
        }
    }

    @Command(name = "reject", description = "Reject an approval: the agent is told the reason as the tool's answer.")
    static final class Reject implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The approval id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "rejected",
                description = "Why; the agent's model reads it.")
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            return print(client, client.client().post("/api/v1/approvals/" + TokaClient.segment(id) + "/reject", body));
        }
    }
}

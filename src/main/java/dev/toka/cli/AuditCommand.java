package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code toka audit}: one page of the audit trail, filtered (admin credential). */
@Command(name = "audit", description = {"Read the audit trail: denials, issued and revoked tokens, key rotations and "
        + "admin actions (admin credential).", "Prints one page; the next page starts at the position printed last "
        + "(--from)."})
final class AuditCommand implements Callable<Integer> {

    /** The allowed values of {@code --decision}. */
    enum Decision { allow, deny }

    @Mixin
    ClientOptions client;

    @Option(names = "--principal", paramLabel = "WHO", description = "Only this principal (agent id, admin, anonymous).")
    String principal;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. task:schedule, token:issue.")
    String action;

    @Option(names = "--decision", paramLabel = "DECISION", description = "Only allow or deny.")
    Decision decision;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "1",
            description = "The first global position (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Most entries, 1-1000 (default "
            + "${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("principal", principal);
        query.put("action", action);
        query.put("decision", decision);
        query.put("from", from);
        query.put("limit", limit);
        JsonNode page = client.client().get("/api/v1/audit" + TokaClient.query(query));
        if (client.json()) {
            ClientOptions.printJson(System.out, page);
            return ExitCodes.OK;
        }
        Table table = new Table("POSITION", "RECORDED", "PRINCIPAL", "ACTION", "DECISION", "STATUS", "TARGET", "REASON");
        page.path("entries").forEach(entry -> {
            JsonNode audit = entry.path("entry");
            table.row(entry.path("position").asText(), entry.path("recordedAt").asText(),
                    audit.path("principal").asText(), audit.path("action").asText(), audit.path("decision").asText(),
                    audit.path("status").asText(), audit.path("target").asText(null), audit.path("reason").asText(null));
        });
        table.print(System.out);
        System.out.println("next: --from " + page.path("next").asText());
        return ExitCodes.OK;
    }
}

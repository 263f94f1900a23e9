package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code toka agents list|show}: the kernel's agents as the caller may see them. */
@Command(name = "agents", description = "List and show agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.Show.class})
final class AgentsCommand {

    private static final String[] COLUMNS = {"ID", "NAME", "TYPE", "STATE", "QUEUED", "RUNNING", "PARENT"};

    private static Object[] row(JsonNode agent) {
        return new Object[] {agent.path("id").asText(), agent.path("name").asText(), agent.path("type").asText(),
            agent.path("state").asText(), agent.path("queuedTasks").size(),
            agent.path("running").isObject() ? agent.path("running").path("description").asText("yes") : null,
            agent.path("parent").asText(null)};
    }

    @Command(name = "list", description = {"The agents the credential may see (admin: all; a token: its agent and"
            + " descendants), terminated ones included, in the order they were spawned; a page at a time.",
        "For queued tasks and the running attempt, use 'agents show'."})
    static final class ListAgents implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only agents in this state: ready, running, suspended, completed, failed, terminated.")
        String state;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only agents of this plugin type.")
        String type;

        @Option(names = "--vault", paramLabel = "VAULT", description = "Only agents of this vault.")
        String vault;

        @Option(names = "--parent", paramLabel = "ID", description = "Only the children of this agent.")
        String parent;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("state", state);
            filters.put("type", type);
            filters.put("vault", vault);
            filters.put("parent", parent);
            ObjectNode result = page.fetch(client.client(), "/api/v1/agents", "agents", filters);
            return PageOptions.print(client, result, "agents",
                    new Table("ID", "NAME", "TYPE", "STATE", "VAULT", "CREATED", "PARENT"),
                    agent -> new Object[] {agent.path("id").asText(), agent.path("name").asText(),
                        agent.path("type").asText(), agent.path("state").asText(), agent.path("vault").asText(),
                        agent.path("createdAt").asText(), agent.path("parent").asText(null)});
        }
    }

    @Command(name = "show", description = "One agent: its mandate, state and queued tasks.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The agent id.")
        String id;

        @Override
        public Integer call() {
            JsonNode agent = client.client().get("/api/v1/agents/" + TokaClient.segment(id));
            if (client.json()) {
                ClientOptions.printJson(System.out, agent);
                return ExitCodes.OK;
            }
            new Table(COLUMNS).row(row(agent)).print(System.out);
            JsonNode mandate = agent.path("mandate");
            if (mandate.isObject()) {
                System.out.println();
                Table details = new Table("MANDATE", "VALUE");
                mandate.fields().forEachRemaining(field -> details.row(field.getKey(), field.getValue().isTextual()
                        ? field.getValue().asText() : field.getValue().toString()));
                details.print(System.out);
            }
            JsonNode queued = agent.path("queuedTasks");
            if (!queued.isEmpty()) {
                System.out.println();
                Table tasks = new Table("TASK", "ATTEMPTS", "DESCRIPTION");
                queued.forEach(task -> tasks.row(task.path("taskId").asText(), task.path("attempts").asText(),
                        task.path("description").asText()));
                tasks.print(System.out);
            }
            return ExitCodes.OK;
        }
    }
}

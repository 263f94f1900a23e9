package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code toka runs list|submit|show|watch|cancel|replay}: workstream runs (docs/orchestration.md). */
@Command(name = "runs", description = "List, submit, follow, show, cancel and replay runs (admin credential).",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Submit.class, RunsCommand.Show.class,
            RunsCommand.Watch.class, RunsCommand.Cancel.class, RunsCommand.Replay.class})
final class RunsCommand {

    /** The optional budget of a whole run. */
    static final class RunBudget {

        @Option(names = "--max-tokens", paramLabel = "N", description = "The whole run's model token budget.")
        Long maxTokens;

        @Option(names = "--max-cost", paramLabel = "AMOUNT", description = "The whole run's model cost budget.")
        BigDecimal maxCost;

        String query() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("maxTokens", maxTokens);
            parameters.put("maxCost", maxCost == null ? null : maxCost.toPlainString());
            return TokaClient.query(parameters);
        }
    }

    /** Whether to follow the new run. */
    static final class WatchOption {

        @Option(names = {"-w", "--watch"}, description = "Follow the run until it ends: per-agent states and a progress "
                + "bar, from the run's event stream. Exit code 0 if it completed, 3 if it failed or was cancelled.")
        boolean watch;
    }

    /** Prints a started run, or watches it; the exit code reflects the run's end when watched. */
    private static int started(ClientOptions client, JsonNode created, boolean watch) {
        String runId = created.path("runId").asText();
        if (!watch) {
            if (client.json()) {
                ClientOptions.printJson(System.out, created);
            } else {
                System.out.println(runId);
            }
            return ExitCodes.OK;
        }
        if (!client.json()) {
            System.out.println("run " + runId + " started");
        }
        return watch(client, runId);
    }

    private static int watch(ClientOptions client, String runId) {
        JsonNode run = new RunWatch(client.client(), runId, System.out, client.json()).await();
        if (client.json()) {
            ClientOptions.printJson(System.out, run);
        }
        return RunWatch.exitCode(run);
    }

    @Command(name = "submit", description = {"Start a run from workstream spec files (YAML).",
            "Prints the run id; with --watch, follows it to its end."})
    static final class Submit implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        WatchOption watch;

        @Mixin
        RunBudget budget;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "The specs, one agent per file.")
        List<Path> files;

        @Override
        public Integer call() {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new CliException(ExitCodes.USAGE, file + " is not a file");
                }
            }
            return started(client, client.client().postFiles("/api/v1/runs" + budget.query(), files), watch.watch);
        }
    }

    @Command(name = "list", description = "Runs, finished ones included, in the order they started; a page at a time.")
    static final class ListRuns implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--state", paramLabel = "STATE",
                description = "Only runs in this state: running, completed, failed, cancelled.")
        String state;

        @Option(names = "--spec", paramLabel = "NAME[@VERSION]",
                description = "Only runs with a spec (an agent) of this name, or of this name and version.")
        String spec;

        @Option(names = "--specs-sha256", paramLabel = "SHA256",
                description = "Only runs pinned to this digest of their specs (the SPECS-SHA256 column).")
        String specsSha256;

        @Mixin
        PageOptions page;

        @Override
        public Integer call() {
            Map<String, Object> filters = new LinkedHashMap<>();
            filters.put("state", state);
            filters.put("spec", spec);
            filters.put("specsSha256", specsSha256);
            ObjectNode result = page.fetch(client.client(), "/api/v1/runs", "runs", filters);
            return PageOptions.print(client, result, "runs",
                    new Table("RUN", "STATE", "SPECS", "SPECS-SHA256", "STARTED", "ENDED", "FAILED", "BLOCKED"),
                    run -> new Object[] {run.path("id").asText(), run.path("state").asText(),
                        names(run.path("specVersions")), run.path("specsSha256").asText(null),
                        run.path("startedAt").asText(), run.path("endedAt").asText(null),
                        names(run.path("failedAgents")), names(run.path("blockedAgents"))});
        }

        private static String names(JsonNode list) {
            List<String> names = new java.util.ArrayList<>();
            list.forEach(name -> names.add(name.asText()));
            return String.join(",", names);
        }
    }

    @Command(name = "show", description = "A run: its state, budget, usage and each agent's progress.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "RUN", description = "The run id.")
        String id;

        @Override
        public Integer call() {
            JsonNode run = client.client().get("/api/v1/runs/" + TokaClient.segment(id));
            if (client.json()) {
                ClientOptions.printJson(System.out, run);
                return ExitCodes.OK;
            }
            new Table("RUN", "STATE", "STARTED", "DURATION", "REPLAY-OF")
                    .row(run.path("id").asText(), run.path("state").asText(), run.path("startedAt").asText(),
                            String.format("%.1f s", run.path("durationMillis").asLong() / 1000.0),
                            run.path("replayOf").asText(null))
                    .print(System.out);
            System.out.println();
            Table agents = new Table("AGENT", "STATE", "TASKS", "AGENT-ID", "REASON");
            run.path("agents").forEach(agent -> agents.row(agent.path("name").asText(), agent.path("state").asText(),
                    agent.path("completedTasks").asInt() + "/" + agent.path("tasks").asInt(),
                    agent.path("agentId").asText(null), agent.path("reason").asText(null)));
            agents.print(System.out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "watch", description = "Follow a run until it ends (exit code 0 if it completed, 3 otherwise).")
    static final class Watch implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "RUN", description = "The run id.")
        String id;

        @Override
        public Integer call() {
            return watch(client, id);
        }
    }

    @Command(name = "cancel", description = "Cancel a running run; its running agents are terminated.")
    static final class Cancel implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "RUN", description = "The run id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the log).")
        String reason;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode run = client.client().post("/api/v1/runs/" + TokaClient.segment(id) + "/cancel", body);
            if (client.json()) {
                ClientOptions.printJson(System.out, run);
            } else {
                System.out.println("run " + run.path("id").asText() + " " + run.path("state").asText());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "replay", description = {"Start a new run with a run's plan, its model calls answered from the "
            + "recording (no model is called).", "Prints the new run id; with --watch, follows it to its end."})
    static final class Replay implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        WatchOption watch;

        @Mixin
        RunBudget budget;

        @Parameters(paramLabel = "RUN", description = "The run to replay.")
        String id;

        @Override
        public Integer call() {
            JsonNode created = client.client().post("/api/v1/runs/" + TokaClient.segment(id) + "/replay"
                    + budget.query(), Map.of());
            return started(client, created, watch.watch);
        }
    }
}

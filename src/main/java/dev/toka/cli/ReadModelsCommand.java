package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code toka read-models rebuild}: the read models rebuilt from the log by the running service (docs/operations.md). */
@Command(name = "read-models", description = "The query tables the service keeps from the log (agents, runs, audit index).",
        subcommands = ReadModelsCommand.Rebuild.class)
final class ReadModelsCommand {

    @Command(name = "rebuild", description = {"Delete every read model's rows and apply the log again (admin credential).",
        "The log is not touched; listings show the part rebuilt so far until the command returns."})
    static final class Rebuild implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() {
            JsonNode rebuilt = client.client().post("/api/v1/read-models/rebuild", java.util.Map.of());
            if (client.json()) {
                ClientOptions.printJson(System.out, rebuilt);
                return ExitCodes.OK;
            }
            Table table = new Table("READ MODEL", "POSITION");
            rebuilt.forEach(model -> table.row(model.path("name").asText(), model.path("position").asLong()));
            table.print(System.out);
            return ExitCodes.OK;
        }
    }
}

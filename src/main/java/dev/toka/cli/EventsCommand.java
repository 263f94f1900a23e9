package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code toka events tail}: the event log, from a position or one stream, and live with {@code --follow}. */
@Command(name = "events", description = "Read the event log.", subcommands = EventsCommand.Tail.class)
final class EventsCommand {

    @Command(name = "tail", description = {"Print stored events from a position, or one stream's; with --follow, "
            + "keep printing new events as they commit (server-sent events, resumed with Last-Event-ID if the "
            + "connection drops).", "-o json prints one event per line (JSON Lines)."})
    static final class Tail implements Callable<Integer> {

        private static final int PAGE = 1000;
        private static final String ROW = "%-9s %-27s %-44s %-24s %s%n";

        @Mixin
        ClientOptions client;

        @Option(names = "--from", paramLabel = "POSITION", defaultValue = "1",
                description = "The first global position (default ${DEFAULT-VALUE}).")
        long from;

        @Option(names = "--stream", paramLabel = "STREAM", description = "Only this stream, e.g. agent-<id> or run-<id>.")
        String stream;

        @Option(names = {"-n", "--max"}, paramLabel = "N", description = "Stop after N events.")
        Long max;

        @Option(names = {"-f", "--follow"}, description = "Keep following new events until interrupted (Ctrl-C).")
        boolean follow;

        private long printed;
        private boolean headerShown;

        @Override
        public Integer call() {
            if (from < 1) {
                throw new CliException(ExitCodes.USAGE, "--from must be at least 1");
            }
            if (follow) {
                follow();
            } else {
                readPages();
            }
            return ExitCodes.OK;
        }

        private void readPages() {
            long next = from;
            while (!done()) {
                Map<String, Object> query = new LinkedHashMap<>();
                query.put("from", next);
                query.put("limit", PAGE);
                query.put("stream", stream);
                JsonNode page = client.client().get("/api/v1/events" + TokaClient.query(query));
                JsonNode events = page.path("events");
                for (JsonNode event : events) {
                    if (done()) {
                        return;
                    }
                    print(event);
                }
                long after = page.path("next").asLong(next);
                if (events.isEmpty() || after <= next) {
                    return;
                }
                next = after;
            }
        }

        // The stream endpoint takes no stream filter: the events of other streams are skipped here.
        private void follow() {
            client.client().follow("/api/v1/events/stream" + TokaClient.query(Map.of("from", from)), null, sse -> {
                JsonNode event;
                try {
                    event = TokaClient.JSON.readTree(sse.data());
                } catch (IOException e) {
                    throw new CliException(ExitCodes.FAILURE, "the service sent an event that is not JSON");
                }
                if (stream == null || stream.equals(event.path("streamId").asText())) {
                    print(event);
                }
                return !done();
            });
        }

        private boolean done() {
            return max != null && printed >= max;
        }

        private void print(JsonNode event) {
            printed++;
            if (client.json()) {
                ClientOptions.printJsonLine(System.out, event);
            } else {
                // Rows are printed as they arrive: fixed widths keep the columns straight without buffering.
                if (!headerShown) {
                    System.out.printf(ROW, "POSITION", "RECORDED", "STREAM", "TYPE", "PRINCIPAL");
                    headerShown = true;
                }
                System.out.printf(ROW, event.path("position").asText(), event.path("recordedAt").asText(),
                        event.path("streamId").asText(), event.path("type").asText(),
                        event.path("metadata").path("principal").asText());
            }
            System.out.flush();
        }
    }
}

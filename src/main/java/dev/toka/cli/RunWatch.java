package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a run until it ends: each event on the run's SSE stream triggers a read of the run, which
 * is printed as the agents whose state changed and a progress bar. Ends with the final state;
 * {@link #await()} answers the exit code that reflects it.
 */
final class RunWatch {

    private static final int BAR_WIDTH = 30;
    // A safety net only: events drive the refreshes; this bounds the wait if a stream stalls.
    private static final long IDLE_REFRESH_SECONDS = 5;
    private static final long MIN_REFRESH_MILLIS = 100;

    private final TokaClient client;
    private final String runId;
    private final PrintStream out;
    private final boolean quiet;
    private final Semaphore changed = new Semaphore(0);
    private final AtomicReference<RuntimeException> streamFailure = new AtomicReference<>();
    private final Map<String, String> shownAgents = new HashMap<>();
    private String shownBar = "";

    /**
     * @param quiet Print nothing while watching (for {@code -o json}, which prints only the final run).
     */
    RunWatch(TokaClient client, String runId, PrintStream out, boolean quiet) {
        this.client = client;
        this.runId = runId;
        this.out = out;
        this.quiet = quiet;
    }

    /** Watches until the run ends; returns the final run. */
    JsonNode await() {
        Thread events = new Thread(this::followEvents, "toka-run-events");
        events.setDaemon(true);
        events.start();
        String path = "/api/v1/runs/" + TokaClient.segment(runId);
        while (true) {
            JsonNode run = client.get(path);
            if (!quiet) {
                render(run);
            }
            if (!"running".equals(run.path("state").asText())) {
                return run;
            }
            waitForChange();
        }
    }

    /** The exit code of a run's final state. */
    static int exitCode(JsonNode run) {
        return "completed".equals(run.path("state").asText()) ? ExitCodes.OK : ExitCodes.RUN_NOT_COMPLETED;
    }

    private void followEvents() {
        try {
            client.follow("/api/v1/runs/" + TokaClient.segment(runId) + "/events", null, event -> {
                changed.release();
                return true;
            });
        } catch (RuntimeException e) {
            streamFailure.set(e);
            changed.release();
        }
    }

    private void waitForChange() {
        try {
            Thread.sleep(MIN_REFRESH_MILLIS); // events come in bursts: one read for the burst
            changed.tryAcquire(IDLE_REFRESH_SECONDS, TimeUnit.SECONDS);
            changed.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
        RuntimeException failure = streamFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void render(JsonNode run) {
        int tasks = 0;
        int done = 0;
        int settled = 0;
        for (JsonNode agent : run.path("agents")) {
            String name = agent.path("name").asText();
            String state = agent.path("state").asText();
            tasks += agent.path("tasks").asInt();
            done += agent.path("completedTasks").asInt();
            if (!state.equals("pending") && !state.equals("scheduled") && !state.equals("running")) {
                settled++;
            }
            String line = String.format("  %-24s %-10s %d/%d tasks%s", name, state, agent.path("completedTasks").asInt(),
                    agent.path("tasks").asInt(), agent.hasNonNull("reason") ? "  " + agent.path("reason").asText() : "");
            if (!line.equals(shownAgents.put(name, line))) {
                out.println(line);
            }
        }
        String bar = bar(tasks == 0 ? 1 : (double) done / tasks) + String.format(" %d/%d tasks, %d/%d agents settled",
                done, tasks, settled, run.path("agents").size());
        if (!bar.equals(shownBar)) {
            out.println(bar);
            shownBar = bar;
        }
        if (!"running".equals(run.path("state").asText())) {
            out.printf("run %s %s after %.1f s%s%n", runId, run.path("state").asText(),
                    run.path("durationMillis").asLong() / 1000.0,
                    run.hasNonNull("cancelReason") ? ": " + run.path("cancelReason").asText() : "");
        }
        out.flush();
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + String.format("%3d%%",
                Math.round(fraction * 100));
    }
}

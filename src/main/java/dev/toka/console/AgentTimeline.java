package dev.toka.console;

import dev.toka.kernel.AgentView;
import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.kernel.KernelEvent.AgentSuspended;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.Usage;
import dev.toka.security.Budget;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import dev.toka.tools.ToolEvents.ToolCompleted;
import dev.toka.tools.ToolEvents.ToolFailed;
import dev.toka.tools.ToolEvents.ToolInvoked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One agent's history as a timeline: each task with its attempts (start, duration, outcome), the tool
 * and model calls made during each attempt, its lifecycle changes, and its budget against its spend.
 * Built from the events the caller may read, so a token holder sees no more than the API would show it.
 *
 * @param agent     The agent.
 * @param tasks     Its tasks, in the order they were scheduled.
 * @param lifecycle Suspensions, resumptions and the termination, in order.
 * @param budget    Its spending limit, or {@code null}.
 * @param spend     What its model calls spent.
 * @param truncated Whether the scan for its calls stopped before the agent's last event.
 */
record AgentTimeline(AgentView agent, List<Task> tasks, List<String> lifecycle, Budget budget, Usage spend,
        boolean truncated) {

    /** The agent's lifecycle state in lower case, as the pages colour it. */
    public String state() {
        return agent.state().name().toLowerCase(Locale.ROOT);
    }

    /** A task and its attempts. */
    record Task(String id, String description, List<Attempt> attempts) {

        public String outcome() {
            return attempts.isEmpty() ? "queued" : attempts.get(attempts.size() - 1).outcome;
        }

        /** The outcome as a CSS class: {@code failed, retrying} colours as {@code failed}. */
        public String outcomeClass() {
            return outcome().split(",")[0].replace(' ', '-');
        }
    }

    /**
     * One attempt at a task.
     *
     * @param number   From 1.
     * @param started  When it started.
     * @param duration How long it took, or so far.
     * @param outcome  {@code running}, {@code completed}, {@code failed}, {@code timed out} or {@code cancelled}.
     * @param detail   The output or the failure's reason.
     * @param calls    The tool and model calls made meanwhile.
     */
    record Attempt(int number, Instant started, String duration, String outcome, String detail, List<Call> calls) {}

    /**
     * A tool or model call.
     *
     * @param kind     {@code tool} or {@code model}.
     * @param name     The tool id or the model.
     * @param duration How long it took.
     * @param outcome  {@code completed}, {@code failed: …}, or the tokens and cost of a model call.
     */
    record Call(String kind, String name, String duration, String outcome) {}

    /** Builds the timeline from the agent's events and the events around them, in log order. */
    static final class Builder {

        /** The types a timeline shows; the rest of the log is skipped without being decoded. */
        private static final Set<String> TYPES = Set.of("TaskScheduled", "TaskStarted", "TaskCompleted", "TaskFailed",
                "TaskTimedOut", "TaskCancelled", "AgentSuspended", "AgentResumed", "AgentTerminated", "ToolInvoked",
                "ToolCompleted", "ToolFailed", "ModelCallRecorded");

        private final EventCodec codec;
        private final String agentId;
        private final Map<String, MutableTask> tasks = new LinkedHashMap<>();
        private final Map<String, MutableCall> toolCalls = new LinkedHashMap<>();
        private final List<String> lifecycle = new ArrayList<>();
        private MutableAttempt open;

        Builder(EventCodec codec, String agentId) {
            this.codec = codec;
            this.agentId = agentId;
        }

        void accept(StoredEvent event) {
            if (!TYPES.contains(event.type())) {
                return;
            }
            Object decoded = codec.decode(event);
            if (decoded instanceof TaskScheduled scheduled && scheduled.agentId().equals(agentId)) {
                tasks.put(scheduled.taskId(), new MutableTask(scheduled.taskId(), scheduled.description()));
            } else if (decoded instanceof TaskStarted started && started.agentId().equals(agentId)) {
                open = new MutableAttempt(started.attempt(), event.recordedAt());
                task(started.taskId()).attempts.add(open);
            } else if (decoded instanceof TaskCompleted done && done.agentId().equals(agentId)) {
                end(done.taskId(), event, "completed", done.output());
            } else if (decoded instanceof TaskFailed failed && failed.agentId().equals(agentId)) {
                end(failed.taskId(), event, failed.retrying() ? "failed, retrying" : "failed", failed.reason());
            } else if (decoded instanceof TaskTimedOut late && late.agentId().equals(agentId)) {
                end(late.taskId(), event, late.retrying() ? "timed out, retrying" : "timed out", null);
            } else if (decoded instanceof TaskCancelled cancelled && cancelled.agentId().equals(agentId)) {
                end(cancelled.taskId(), event, "cancelled", null);
            } else if (decoded instanceof AgentSuspended suspended && suspended.agentId().equals(agentId)) {
                lifecycle.add(event.recordedAt() + " suspended");
            } else if (decoded instanceof AgentResumed resumed && resumed.agentId().equals(agentId)) {
                lifecycle.add(event.recordedAt() + " resumed");
            } else if (decoded instanceof AgentTerminated terminated && terminated.agentId().equals(agentId)) {
                lifecycle.add(event.recordedAt() + " terminated: " + terminated.reason());
            } else if (decoded instanceof ToolInvoked invoked && agentId.equals(invoked.agent())) {
                MutableCall call = new MutableCall("tool", invoked.toolId());
                toolCalls.put(invoked.callId(), call);
                attach(call);
            } else if (decoded instanceof ToolCompleted completed && toolCalls.containsKey(completed.callId())) {
                toolCalls.get(completed.callId()).end(completed.durationMillis(), "completed");
            } else if (decoded instanceof ToolFailed failed && toolCalls.containsKey(failed.callId())) {
                toolCalls.get(failed.callId()).end(failed.durationMillis(), "failed: " + failed.reason());
            } else if (decoded instanceof ModelCallRecorded model && agentId.equals(model.agentId())) {
                MutableCall call = new MutableCall("model", model.model());
                call.end(model.durationMs(), model.usage().total() + " tokens (" + model.usage().prompt() + " in, "
                        + model.usage().completion() + " out), cost " + model.cost().toPlainString());
                attach(call);
            }
        }

        AgentTimeline build(AgentView agent, Usage spend, boolean truncated, Instant now) {
            List<Task> built = tasks.values().stream().map(task -> new Task(task.id, task.description,
                    task.attempts.stream().map(attempt -> attempt.build(now)).toList())).toList();
            return new AgentTimeline(agent, built, List.copyOf(lifecycle), agent.mandate().budget(), spend, truncated);
        }

        private MutableTask task(String taskId) {
            return tasks.computeIfAbsent(taskId, id -> new MutableTask(id, ""));
        }

        private void end(String taskId, StoredEvent event, String outcome, String detail) {
            List<MutableAttempt> attempts = task(taskId).attempts;
            if (attempts.isEmpty()) {
                attempts.add(new MutableAttempt(attempts.size() + 1, event.recordedAt()));
            }
            MutableAttempt attempt = attempts.get(attempts.size() - 1);
            attempt.ended = event.recordedAt();
            attempt.outcome = outcome;
            attempt.detail = detail;
            if (attempt == open) {
                open = null;
            }
        }

        /** A call belongs to the attempt running when it was recorded. */
        private void attach(MutableCall call) {
            if (open != null) {
                open.calls.add(call);
            }
        }
    }

    private static final class MutableTask {
        final String id;
        final String description;
        final List<MutableAttempt> attempts = new ArrayList<>();

        MutableTask(String id, String description) {
            this.id = id;
            this.description = description;
        }
    }

    private static final class MutableAttempt {
        final int number;
        final Instant started;
        final List<MutableCall> calls = new ArrayList<>();
        Instant ended;
        String outcome = "running";
        String detail;

        MutableAttempt(int number, Instant started) {
            this.number = number;
            this.started = started;
        }

        Attempt build(Instant now) {
            return new Attempt(number, started, RunGraph.readable(Duration.between(started, ended == null ? now : ended)),
                    outcome, detail, calls.stream().map(MutableCall::build).toList());
        }
    }

    private static final class MutableCall {
        final String kind;
        final String name;
        String duration = "";
        String outcome = "running";

        MutableCall(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        void end(long millis, String result) {
            duration = RunGraph.readable(Duration.ofMillis(millis));
            outcome = result;
        }

        Call build() {
            return new Call(kind, name, duration, outcome);
        }
    }
}

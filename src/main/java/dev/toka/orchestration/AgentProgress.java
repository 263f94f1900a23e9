package dev.toka.orchestration;

import dev.toka.Sha256;
import dev.toka.orchestration.RunEvent.AgentIterated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One agent of a run as the projection follows it; mutated only by {@link RunProjection} under its lock. */
final class AgentProgress {

    final PlannedAgent plan;
    String agentId;
    String blockedReason;
    String skippedReason;
    String failureReason;
    int scheduled;
    int started;
    int completed;
    int failed;
    int cancelled;
    Instant startedAt;
    Instant finishedAt;
    /** The results of the current iteration's tasks so far (of its only iteration, unless it loops). */
    final List<TaskResult> results = new ArrayList<>();
    /** The iteration under way, from 1; only a looping agent has more than one. */
    int iterations = 1;
    /** How its loop ended ({@link AgentIterated#DONE} or {@link AgentIterated#EXHAUSTED}), or {@code null}. */
    String loopEnd;
    /** A fan-out agent's instances once its list is known, else {@code null}. */
    List<AgentProgress> instances;

    AgentProgress(PlannedAgent plan) {
        this.plan = plan;
    }

    AgentPhase phase(boolean runCancelled) {
        if (blockedReason != null) {
            return AgentPhase.BLOCKED;
        }
        if (skippedReason != null) {
            return AgentPhase.SKIPPED;
        }
        if (instances != null) {
            return joinPhase(runCancelled);
        }
        if (agentId == null) {
            return runCancelled ? AgentPhase.CANCELLED : AgentPhase.PENDING;
        }
        if (failed > 0 || AgentIterated.EXHAUSTED.equals(loopEnd)) {
            return AgentPhase.FAILED;
        }
        if (cancelled > 0) {
            return runCancelled ? AgentPhase.CANCELLED : AgentPhase.FAILED;
        }
        if (iterationDone() && (!plan.loops() || AgentIterated.DONE.equals(loopEnd))) {
            return AgentPhase.COMPLETED;
        }
        return started > 0 ? AgentPhase.RUNNING : AgentPhase.SCHEDULED;
    }

    /** A fan-out is done when its instances are: completed when all completed. */
    private AgentPhase joinPhase(boolean runCancelled) {
        List<AgentPhase> phases = instances.stream().map(i -> i.phase(runCancelled)).toList();
        if (!phases.stream().allMatch(p -> p.settled)) {
            return phases.stream().anyMatch(p -> p != AgentPhase.PENDING) ? AgentPhase.RUNNING : AgentPhase.SCHEDULED;
        }
        if (phases.stream().allMatch(p -> p == AgentPhase.COMPLETED)) {
            return AgentPhase.COMPLETED;
        }
        return phases.contains(AgentPhase.CANCELLED) && runCancelled ? AgentPhase.CANCELLED : AgentPhase.FAILED;
    }

    /** Whether nothing more will happen to this agent in its run. */
    boolean settled(boolean runCancelled) {
        return phase(runCancelled).settled;
    }

    /** How many tasks it is to have completed by the end of the current iteration. */
    int expectedTasks() {
        return plan.tasks().size() * iterations;
    }

    /** Whether every task of the current iteration completed. */
    boolean iterationDone() {
        return completed == expectedTasks();
    }

    /** Whether a loop's current iteration has completed and its condition is yet to be judged. */
    boolean awaitsLoopDecision() {
        return plan.loops() && loopEnd == null && failed == 0 && cancelled == 0 && agentId != null && iterationDone();
    }

    /**
     * Its result once it has one, else {@code null}: a fan-out's the JSON list of its instances' results; with an
     * {@code output} mapping the JSON object it gives over the tasks' results; else its last task's result.
     */
    String result() {
        if (instances != null) {
            return instances.stream().allMatch(i -> i.phase(false) == AgentPhase.COMPLETED)
                    ? JsonValues.jsonOf(instances.stream().map(i -> JsonValues.ofResult(i.result())).toList()) : null;
        }
        if (results.isEmpty() || results.size() < plan.tasks().size()) {
            return null;
        }
        if (plan.flow().output().isEmpty()) {
            return results.get(results.size() - 1).text();
        }
        Map<String, Object> variables = Map.of("tasks", results.stream().map(r -> JsonValues.ofResult(r.text())).toList());
        Map<String, Object> output = new LinkedHashMap<>();
        plan.flow().output().forEach((key, expression) -> {
            try {
                output.put(key, Expressions.valueOf(expression, variables));
            } catch (Expressions.InvalidExpression e) {
                output.put(key, null); // documented: a mapping that cannot be evaluated gives null
            }
        });
        return JsonValues.jsonOf(output);
    }

    /** The SHA-256 of its result: as its task recorded it, or of the result computed from its tasks' results. */
    String resultSha256() {
        String result = result();
        if (result == null) {
            return null;
        }
        boolean recorded = instances == null && plan.flow().output().isEmpty();
        return recorded ? results.get(results.size() - 1).sha256() : Sha256.hex(result);
    }

    /** The result of its latest task, or {@code null}. */
    TaskResult lastTask() {
        return results.isEmpty() ? null : results.get(results.size() - 1);
    }
}

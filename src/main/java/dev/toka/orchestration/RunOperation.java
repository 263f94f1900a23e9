package dev.toka.orchestration;

import dev.toka.kernel.ExtensionOperation;
import dev.toka.kernel.InvalidOperationException;
import dev.toka.orchestration.RunEvent.AgentIterated;
import dev.toka.security.Budget;
import java.util.List;

/** The orchestration's kernel operations on a run's stream; each is handled by a bean in this package. */
public sealed interface RunOperation extends ExtensionOperation
        permits RunOperation.StartRun, RunOperation.ReplayRun, RunOperation.LaunchAgent, RunOperation.BlockAgent, RunOperation.FinishRun,
                RunOperation.CancelRun, RunOperation.ClaimRun, RunOperation.SkipAgent, RunOperation.IterateAgent,
                RunOperation.FanOutAgent {

    /** Fails unless the text is present. */
    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOperationException(field, "must not be blank");
        }
    }

    /**
     * {@code start-run}: validates a spec set and records a run of it.
     *
     * @param specs    The specs as submitted.
     * @param budget   The whole run's spending limit on model calls, or {@code null}.
     * @param profiles The {@code tasks.conditional} profiles whose tasks the run adds, or {@code null}: none.
     */
    record StartRun(List<SpecSource> specs, Budget budget, List<String> profiles) implements RunOperation {
        @Override
        public void validate() {
            if (specs == null) {
                throw new InvalidOperationException("specs", "must be a list of specs");
            }
            if (profiles != null && (profiles.size() > 20 || profiles.stream().anyMatch(p -> p == null
                    || !p.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")))) {
                throw new InvalidOperationException("profile", "must be at most 20 names of 1-64 letters, digits,"
                        + " '.', '_' or '-'");
            }
            if (budget != null) {
                budget.validate("budget");
            }
        }
    }

    /**
     * {@code replay-run}: records a new run of an earlier run's plan whose model calls are answered
     * from the earlier run's recording instead of a model.
     *
     * @param source The run to replay.
     * @param budget The new run's spending limit, or {@code null} for the source run's.
     */
    record ReplayRun(String source, Budget budget) implements RunOperation {
        @Override
        public void validate() {
            require("source", source);
            if (budget != null) {
                budget.validate("budget");
            }
        }
    }

    /**
     * {@code launch-agent}: records the kernel agent spawned for a run's agent.
     *
     * @param run     The run id.
     * @param agent   The agent's name in the run.
     * @param agentId The spawned kernel agent.
     */
    record LaunchAgent(String run, String agent, String agentId) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
            require("agent", agent);
            require("agentId", agentId);
        }
    }

    /**
     * {@code block-agent}: records that a run's agent will not start.
     *
     * @param run    The run id.
     * @param agent  The agent's name in the run.
     * @param reason Which dependency failed or was blocked.
     */
    record BlockAgent(String run, String agent, String reason) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
            require("agent", agent);
            require("reason", reason);
        }
    }

    /**
     * {@code finish-run}: ends a run whose agents have all settled, with the outcome they imply.
     *
     * @param run The run id.
     */
    record FinishRun(String run) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
        }
    }

    /**
     * {@code claim-run}: this instance drives the run from now on; refused while another live instance does.
     *
     * @param run The run id.
     */
    record ClaimRun(String run) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
        }
    }

    /**
     * {@code cancel-run}: ends a run early; its running agents are then terminated.
     *
     * @param run    The run id.
     * @param reason Why, or {@code null}.
     */
    record CancelRun(String run, String reason) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
        }
    }

    /**
     * {@code skip-agent}: records that a run's agent will not run because its condition does not hold.
     *
     * @param run    The run id.
     * @param agent  The agent's name in the run.
     * @param reason Which condition, or which dependency was skipped.
     */
    record SkipAgent(String run, String agent, String reason) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
            require("agent", agent);
            require("reason", reason);
        }
    }

    /**
     * {@code iterate-agent}: records how an iteration of a looping agent ended.
     *
     * @param run       The run id.
     * @param agent     The agent's name in the run.
     * @param iteration The iteration that ended, from 1.
     * @param outcome   {@code repeat}, {@code done} or {@code exhausted}.
     */
    record IterateAgent(String run, String agent, Integer iteration, String outcome) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
            require("agent", agent);
            if (iteration == null || iteration < 1) {
                throw new InvalidOperationException("iteration", "must be a positive whole number");
            }
            if (!List.of(AgentIterated.REPEAT, AgentIterated.DONE, AgentIterated.EXHAUSTED).contains(outcome)) {
                throw new InvalidOperationException("outcome", "must be repeat, done or exhausted");
            }
        }
    }

    /**
     * {@code fan-out-agent}: records the list a fan-out agent runs one instance per element of.
     *
     * @param run   The run id.
     * @param agent The agent's name in the run.
     * @param items The elements, each as JSON.
     */
    record FanOutAgent(String run, String agent, List<String> items) implements RunOperation {
        @Override
        public void validate() {
            require("run", run);
            require("agent", agent);
            if (items == null) {
                throw new InvalidOperationException("items", "must be a list");
            }
        }
    }
}

package dev.toka.orchestration;

import dev.toka.kernel.ExtensionOperation;
import dev.toka.kernel.InvalidOperationException;
import dev.toka.security.Budget;
import java.util.List;

/** The orchestration's kernel operations on a run's stream; each is handled by a bean in this package. */
public sealed interface RunOperation extends ExtensionOperation
        permits RunOperation.StartRun, RunOperation.ReplayRun, RunOperation.LaunchAgent, RunOperation.BlockAgent, RunOperation.FinishRun,
                RunOperation.CancelRun, RunOperation.ClaimRun {

    /** Fails unless the text is present. */
    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOperationException(field, "must not be blank");
        }
    }

    /**
     * {@code start-run}: validates a spec set and records a run of it.
     *
     * @param specs  The specs as submitted.
     * @param budget The whole run's spending limit on model calls, or {@code null}.
     */
    record StartRun(List<SpecSource> specs, Budget budget) implements RunOperation {
        @Override
        public void validate() {
            if (specs == null) {
                throw new InvalidOperationException("specs", "must be a list of specs");
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
}

package dev.toka.agent;

import dev.toka.agent.TaskGuards.AttemptFailed;
import dev.toka.agent.TaskGuards.AttemptRefused;
import dev.toka.agent.TaskGuards.RetryNeeded;
import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentStateConflictException;
import dev.toka.kernel.AgentView.QueuedTask;
import dev.toka.kernel.AgentView.RunningTask;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.CompleteTask;
import dev.toka.kernel.FailTask;
import dev.toka.kernel.Kernel;
import dev.toka.kernel.Limits;
import dev.toka.kernel.Operation;
import dev.toka.kernel.RequestApproval;
import dev.toka.kernel.ResultArtifact;
import dev.toka.kernel.StartTask;
import dev.toka.kernel.TaskApproval;
import dev.toka.kernel.TaskTimeouts;
import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Runs one queued task to its end and reports every step through the kernel: {@code start-task}
 * before each attempt, then {@code complete-task} or {@code fail-task}. The kernel's state checks make
 * a duplicate or late report impossible, so a refused report just means the agent moved on (suspended,
 * terminated) and this runner stops.
 */
@Singleton
class TaskRunner {

    static final Caller RUNTIME = new Caller(Principal.system("agent-runtime"), "internal");

    private final Kernel kernel;
    private final WorldState world;
    private final AgentPlugins plugins;
    private final TaskGuards guards;
    private final AgentConfig config;
    private final AgentTelemetry telemetry;
    private final ResultArtifacts artifacts;
    private final Clock clock;

    TaskRunner(Kernel kernel, WorldState world, AgentPlugins plugins, TaskGuards guards, AgentConfig config,
            AgentTelemetry telemetry, ResultArtifacts artifacts, Clock clock) {
        this.clock = clock;
        this.kernel = kernel;
        this.artifacts = artifacts;
        this.telemetry = telemetry;
        this.world = world;
        this.plugins = plugins;
        this.guards = guards;
        this.config = config;
    }

    /**
     * Reports the attempt that an earlier life of this instance, or a dead instance, left without an outcome;
     * retried if the policy allows. Naming the attempt makes a late outcome of it refused afterwards.
     */
    void reportInterrupted(AgentView agent) {
        RunningTask running = agent.running();
        String who = running.instance() == null ? "the service" : "instance " + running.instance();
        report(new FailTask(agent.id(), running.taskId(), running.attempt(), "interrupted: " + who
                + " stopped during attempt " + running.attempt(), false, running.attempt() < maxAttempts()));
    }

    /** Runs the task's attempts until it completes, fails for good, or the agent stops taking it. */
    void run(AgentView agent, QueuedTask task, Execution execution) {
        try {
            guards.withRetries(() -> attempt(agent, task, execution));
        } catch (Stopped | RetryNeeded e) {
            // Stopped: the agent moved on. RetryNeeded: cannot happen while the log bounds attempts below the guard's.
        }
    }

    /** One attempt, in its own span: its reports, model and tool calls are the span's children. */
    private void attempt(AgentView agent, QueuedTask task, Execution execution) {
        Span span = telemetry.startAttempt(agent, task);
        try (Scope scope = span.makeCurrent()) {
            attemptTraced(agent, task, execution, span);
        } catch (Stopped e) {
            span.setAttribute(AgentTelemetry.OUTCOME, "stopped");
            throw e;
        } catch (RetryNeeded e) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(AgentTelemetry.OUTCOME, "retrying");
            throw e;
        } finally {
            span.end();
        }
    }

    private void attemptTraced(AgentView agent, QueuedTask task, Execution execution, Span span) {
        if (!report(new StartTask(agent.id(), task.taskId()))) {
            throw new Stopped();
        }
        int attempt = world.agent(agent.id()).map(AgentView::running)
                .filter(r -> r.taskId().equals(task.taskId()))
                .map(RunningTask::attempt)
                .orElseThrow(Stopped::new);
        span.setAttribute(AgentTelemetry.ATTEMPT, (long) attempt);
        AgentPlugin plugin = plugins.forType(agent.type()).orElseThrow(Stopped::new);
        TaskApproval approval = world.agent(agent.id()).flatMap(a -> a.queued(task.taskId()))
                .map(QueuedTask::approval).orElse(null);
        AgentContext context = new AgentContext(agent.id(), agent.name(), agent.vault(), agent.mandate(),
                task.taskId(), task.description(), attempt, execution::cancelled, approval);
        String reason;
        boolean timedOut = false;
        boolean retriable = true;
        try {
            // Wrapped: a guard may run the work on a thread of its own.
            String output = guards.attempt(agent.type(), limitOf(agent),
                    Context.current().wrapSupplier(() -> execution.run(() -> execute(plugin, context))));
            ResultArtifact artifact = artifacts.keepIfLarge(context.toolScope(), output);
            report(new CompleteTask(agent.id(), task.taskId(), attempt, artifact == null ? output : "", artifact));
            span.setAttribute(AgentTelemetry.OUTCOME, "completed");
            return;
        } catch (TimeoutException e) {
            timedOut = true;
            reason = "timed out after " + limitOf(agent);
        } catch (CircuitBreakerOpenException e) {
            reason = "the circuit breaker of agent type '" + agent.type() + "' is open after repeated failures";
        } catch (AttemptFailed e) {
            reason = e.getMessage().isBlank() ? "the plugin gave no reason" : e.getMessage();
        } catch (AttemptRefused e) {
            reason = e.getMessage();
            retriable = false;
        } catch (AttemptAwaitsApproval e) {
            AgentResult.AwaitingApproval awaiting = e.awaiting;
            if (!report(new RequestApproval(agent.id(), task.taskId(), attempt, awaiting.toolId(),
                    awaiting.argumentsSha256(), awaiting.step(), awaiting.modelCall(),
                    clock.instant().plus(config.approvalTimeout())))) {
                throw new Stopped();
            }
            span.setAttribute(AgentTelemetry.OUTCOME, "awaiting-approval");
            return;
        } catch (UncheckedIOException e) {
            reason = e.getMessage(); // the result's artifact could not be written
        } finally {
            Thread.interrupted(); // a timeout or a cancellation may leave the flag set on this pooled thread
        }
        if (execution.cancelled()) {
            throw new Stopped(); // terminated (the kernel already cancelled the task) or stopping
        }
        boolean retrying = retriable && attempt < maxAttempts();
        if (!report(new FailTask(agent.id(), task.taskId(), attempt, clip(reason, Limits.MAX_TASK_DESCRIPTION_BYTES),
                timedOut, retrying))) {
            throw new Stopped();
        }
        if (retrying) {
            throw new RetryNeeded();
        }
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(AgentTelemetry.OUTCOME, "failed");
    }

    private static String execute(AgentPlugin plugin, AgentContext context) {
        AgentResult result;
        try {
            result = plugin.execute(context);
        } catch (RuntimeException e) {
            throw new AttemptFailed("the plugin threw " + e);
        }
        if (result instanceof AgentResult.AwaitingApproval awaiting) {
            throw new AttemptAwaitsApproval(awaiting);
        }
        if (result instanceof AgentResult.Failure failure) {
            throw failure.retriable() ? new AttemptFailed(failure.reason()) : new AttemptRefused(failure.reason());
        }
        return ((AgentResult.Success) result).output();
    }

    private Duration limitOf(AgentView agent) {
        return Optional.ofNullable(agent.timeout()).map(TaskTimeouts::parse).orElse(config.defaultTimeout());
    }

    private int maxAttempts() {
        return config.retry().maxRetries() + 1;
    }

    /** Submits a report; false when the kernel refuses it because the agent's state moved on. */
    private boolean report(Operation operation) {
        try {
            kernel.submit(RUNTIME, operation);
            return true;
        } catch (AgentStateConflictException | AgentNotFoundException e) {
            return false;
        }
    }

    /** Cuts text to a byte limit (4 bytes per character at most in UTF-8), so a report is never refused for size. */
    private static String clip(String text, int maxBytes) {
        String value = text == null ? "" : text;
        int maxChars = maxBytes / 4;
        return value.length() <= maxChars ? value : value.substring(0, maxChars);
    }

    /** The attempt stopped at a tool call that needs approval: the task waits, neither failed nor retried. */
    static final class AttemptAwaitsApproval extends RuntimeException {

        private final AgentResult.AwaitingApproval awaiting;

        AttemptAwaitsApproval(AgentResult.AwaitingApproval awaiting) {
            super("awaiting approval", null, false, false);
            this.awaiting = awaiting;
        }
    }

    /** The agent stopped taking this task; nothing more to report. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }
}

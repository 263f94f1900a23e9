package dev.toka.kernel;

import dev.toka.kernel.OpcodeHandler.Decision;
import dev.toka.kernel.OpcodeHandler.Requirement;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.WrongExpectedVersionException;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The kernel: validate, find the target, authorise, decide, append with the target's expected
 * version, and wait until the world state shows the result.
 *
 * <p>Decisions are taken on the projection and appended with the agent stream's version they saw,
 * so a concurrent change to the same agent (from another instance) makes the store reject the
 * append and the kernel decides again on the newer state; rules such as the queue limit stay
 * exact. Within one instance, operations on the same agent queue up in {@link AgentLanes} first, so
 * they do not race and retry.
 *
 * <p>No step holds a thread while it waits: the commit and the projection are futures, so an HTTP
 * event loop can submit directly. {@link #submit} is the blocking form for the agent runtime and the
 * orchestration engine, which run on threads of their own. Nothing waits without a deadline either:
 * every submission is answered within {@link KernelConfig#answerTimeout()}, if need be with a
 * {@link dev.toka.DeadlineExceededException} that says whether its events were committed.
 */
@Singleton
public class DefaultKernel implements Kernel {

    private static final int MAX_ATTEMPTS = 32;
    private static final int LANE_STRIPES = 1024;

    private final WorldState world;
    private final EventLog log;
    private final SecurityPolicyCoordinator security;
    private final Map<String, OpcodeHandler<?>> byOpcode;
    private final Map<Class<?>, OpcodeHandler<?>> byType;
    private final AgentLanes lanes = new AgentLanes(LANE_STRIPES);
    private final AnswerDeadline deadline;
    private final KernelTelemetry telemetry;

    DefaultKernel(WorldState world, EventLog log, SecurityPolicyCoordinator security,
            Instance<OpcodeHandler<?>> handlers, KernelConfig config, KernelTelemetry telemetry) {
        this.deadline = new AnswerDeadline(config.answerTimeout());
        this.telemetry = telemetry;
        this.world = world;
        this.log = log;
        this.security = security;
        this.byOpcode = handlers.stream().collect(Collectors.toMap(
                OpcodeHandler::opcode, Function.identity(), DefaultKernel::duplicateOpcode, TreeMap::new));
        this.byType = handlers.stream().collect(Collectors.toMap(OpcodeHandler::operationType, Function.identity()));
    }

    private static OpcodeHandler<?> duplicateOpcode(OpcodeHandler<?> first, OpcodeHandler<?> second) {
        throw new IllegalStateException("two handlers claim op '" + first.opcode() + "': "
                + first.getClass().getName() + " and " + second.getClass().getName());
    }

    @Override
    public Submission submit(Caller caller, Operation operation) {
        WaitingThreadExecutor executor = new WaitingThreadExecutor();
        CompletableFuture<Submission> result = submitAsync(caller, operation, executor);
        executor.runUntilDone(result);
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public CompletableFuture<Submission> submitAsync(Caller caller, Operation operation, Executor resumeOn) {
        KernelTelemetry.Submitted submitted = telemetry.start(operation);
        CompletableFuture<Submission> result;
        // Current while the decision is taken; the steps that run later are wrapped in its context.
        try (Scope scope = submitted.context().makeCurrent()) {
            operation.validate();
            AtomicLong committedAt = new AtomicLong();
            result = deadline.bound(submitWith(handlerFor(operation), caller, operation, resumeOn, committedAt),
                    () -> whereItStands(committedAt.get()));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return submitted.endWith(result);
    }

    /** Where a submission stood when its deadline passed; whether it was committed tells the client whether to repeat it. */
    private String whereItStands(long committedAt) {
        if (committedAt == 0) {
            return "its events were not committed yet (the event store is slow or unreachable, or earlier operations"
                    + " on the same agent are still waiting); they may still be, so check before repeating it";
        }
        return "its events were committed at position " + committedAt + ", but the world state stands at position "
                + world.position() + " and has not applied them (is an event missing from the log? see"
                + " GET /api/v1/events/verify). The write is stored: do not repeat it";
    }

    private <O extends Operation> CompletableFuture<Submission> submitWith(OpcodeHandler<O> handler, Caller caller,
            Operation operation, Executor resumeOn, AtomicLong committedAt) {
        O typed = handler.operationType().cast(operation);
        Requirement requirement = handler.requirement(typed);
        Supplier<CompletableFuture<Submission>> firstAttempt = Context.current().wrapSupplier(
                () -> decideAndAppend(handler, typed, requirement, caller, resumeOn, committedAt, 1));
        return requirement.targetAgent()
                .map(agentId -> lanes.enqueue(agentId, firstAttempt, resumeOn))
                .orElseGet(firstAttempt);
    }

    private <O extends Operation> CompletableFuture<Submission> decideAndAppend(OpcodeHandler<O> handler, O typed,
            Requirement requirement, Caller caller, Executor resumeOn, AtomicLong committedAt, int attempt) {
        Decision decision = decide(handler, typed, requirement, caller);
        Context traced = Context.current();
        return issueToken(decision)
                .thenCompose(traced.wrapFunction(token -> log.appendAsync(decision.streamId(), decision.expected(),
                                redacted(decision.events()), EventMetadata.of(caller.principal().subject()))
                        .thenCompose(stored -> {
                            long last = stored.get(stored.size() - 1).position();
                            committedAt.set(last);
                            return world.whenApplied(last)
                                    .thenApply(applied -> new Submission(decision.agentId(), stored, token));
                        })))
                .exceptionallyComposeAsync(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    // A decision that issued a token is not taken again: a second one would issue a second token.
                    if (!(cause instanceof WrongExpectedVersionException) || attempt == MAX_ATTEMPTS
                            || decision.token().isPresent()) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    // Someone else changed the agent first: decide again on the state that includes it.
                    return world.whenApplied(log.headPosition()).thenComposeAsync(traced.wrapFunction(
                            caughtUp -> decideAndAppend(handler, typed, requirement, caller, resumeOn, committedAt,
                                    attempt + 1)),
                            resumeOn);
                }, resumeOn);
    }

    /**
     * Records the token a decision issues, before its events: a failure in between then leaves a token
     * for an agent that never came to be, never an agent whose token was lost (docs/kernel.md).
     */
    private static CompletableFuture<Optional<IssuedToken>> issueToken(Decision decision) {
        return decision.token()
                .map(grant -> grant.issue().thenApply(Optional::of))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
    }

    private <O extends Operation> Decision decide(
            OpcodeHandler<O> handler, O typed, Requirement requirement, Caller caller) {
        Optional<AgentView> target = requirement.targetAgent()
                .map(id -> world.agent(id).orElseThrow(() -> new AgentNotFoundException(id)));
        if (requirement instanceof Requirement.PermissionOnAgent needed) {
            security.authorize(caller, needed.permission(), world.targetOf(target.orElseThrow()));
        } else {
            security.authorize(caller, Permissions.ADMIN);
        }
        return handler.decide(typed, target, caller);
    }

    /** The events as they are stored: every one, built-in or an extension's, passes redaction first. */
    private static List<KernelEvent> redacted(List<KernelEvent> kernelEvents) {
        return kernelEvents.stream().map(KernelEvent::redacted).toList();
    }

    @SuppressWarnings("unchecked")
    private <O extends Operation> OpcodeHandler<O> handlerFor(Operation operation) {
        OpcodeHandler<?> handler = byType.get(operation.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + operation.getClass().getName());
        }
        return (OpcodeHandler<O>) handler;
    }

    @Override
    public Class<? extends Operation> operationType(String opcode) {
        OpcodeHandler<?> handler = byOpcode.get(opcode);
        if (handler == null) {
            throw new UnknownOperationException(opcode, opcodes());
        }
        return handler.operationType();
    }

    @Override
    public Set<String> opcodes() {
        return byOpcode.keySet();
    }
}

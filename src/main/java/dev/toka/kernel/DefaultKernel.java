package dev.toka.kernel;

import dev.toka.kernel.OpcodeHandler.Decision;
import dev.toka.kernel.OpcodeHandler.Requirement;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.JsonEvents;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.WrongExpectedVersionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kernel: validate, find the target, authorise, decide, append with the target's expected
 * version, and wait until the world state shows the result.
 *
 * <p>Decisions are taken on the projection and appended with the agent stream's version they saw,
 * so a concurrent change to the same agent (from another instance) makes the store reject the
 * append and the kernel decides again on the newer state; rules such as the queue limit stay
 * exact. Within one instance, operations on the same agent take a striped lock first, so they queue
 * up instead of racing and retrying.
 */
@ApplicationScoped
public class DefaultKernel implements Kernel {

    private static final int MAX_ATTEMPTS = 32;
    private static final int LOCK_STRIPES = 1024;

    private final WorldState world;
    private final EventStore store;
    private final JsonEvents events;
    private final SecurityPolicyCoordinator security;
    private final Map<String, OpcodeHandler<?>> byOpcode;
    private final Map<Class<?>, OpcodeHandler<?>> byType;
    private final Lock[] agentLocks = new Lock[LOCK_STRIPES];

    public DefaultKernel(WorldState world, EventStore store, JsonEvents events, SecurityPolicyCoordinator security,
            Instance<OpcodeHandler<?>> handlers) {
        this.world = world;
        this.store = store;
        this.events = events;
        this.security = security;
        this.byOpcode = handlers.stream().collect(Collectors.toMap(
                OpcodeHandler::opcode, Function.identity(), DefaultKernel::duplicateOpcode, TreeMap::new));
        this.byType = handlers.stream().collect(Collectors.toMap(OpcodeHandler::operationType, Function.identity()));
        Arrays.setAll(agentLocks, i -> new ReentrantLock());
    }

    private static OpcodeHandler<?> duplicateOpcode(OpcodeHandler<?> first, OpcodeHandler<?> second) {
        throw new IllegalStateException("two handlers claim op '" + first.opcode() + "': "
                + first.getClass().getName() + " and " + second.getClass().getName());
    }

    @Override
    public Submission submit(Caller caller, Operation operation) {
        operation.validate();
        return submitWith(handlerFor(operation), caller, operation);
    }

    private <O extends Operation> Submission submitWith(OpcodeHandler<O> handler, Caller caller, Operation operation) {
        O typed = handler.operationType().cast(operation);
        Requirement requirement = handler.requirement(typed);
        Lock lock = requirement.targetAgent().map(this::lockOf).orElse(null);
        if (lock == null) {
            return decideAndAppend(handler, typed, requirement, caller);
        }
        lock.lock();
        try {
            return decideAndAppend(handler, typed, requirement, caller);
        } finally {
            lock.unlock();
        }
    }

    private Lock lockOf(String agentId) {
        return agentLocks[Math.floorMod(agentId.hashCode(), LOCK_STRIPES)];
    }

    private <O extends Operation> Submission decideAndAppend(
            OpcodeHandler<O> handler, O typed, Requirement requirement, Caller caller) {
        for (int attempt = 1; ; attempt++) {
            Optional<AgentView> target = requirement.targetAgent()
                    .map(id -> world.agent(id).orElseThrow(() -> new AgentNotFoundException(id)));
            if (target.isPresent()) {
                security.authorize(caller, requirement.permission(), world.targetOf(target.get()));
            } else {
                security.authorize(caller, Permissions.ADMIN);
            }
            Decision decision = handler.decide(typed, target, caller);
            try {
                List<StoredEvent> stored = store.append(decision.streamId(), decision.expected(),
                        toNewEvents(decision.events(), caller));
                world.awaitPosition(stored.get(stored.size() - 1).position());
                return new Submission(decision.agentId(), stored);
            } catch (WrongExpectedVersionException conflict) {
                if (attempt == MAX_ATTEMPTS) {
                    throw conflict;
                }
                // Someone else changed the agent first: decide again on the state that includes it.
                world.awaitPosition(store.headPosition());
            }
        }
    }

    private List<NewEvent> toNewEvents(List<KernelEvent> kernelEvents, Caller caller) {
        EventMetadata metadata = EventMetadata.of(caller.principal().subject());
        return kernelEvents.stream().map(e -> events.toNewEvent(e, metadata)).toList();
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

package dev.toka.llm;

import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents.TokenCount;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tokens and cost of model calls per agent, run and vault, and the HTTP requests of each agent's
 * latest task: a projection of the {@value LlmEvents#CATEGORY} streams, rebuilt from the log at start
 * and then followed live on its own thread. A call's usage is here by the time the gateway returns its
 * answer (the call log waits for it), so the next call's budget check sees it.
 */
@Singleton
public class UsageLedger extends Projection {

    private final EventCodec codec;
    private final Map<String, Usage> byAgent = new ConcurrentHashMap<>();
    private final Map<String, Usage> byRun = new ConcurrentHashMap<>();
    private final Map<String, Usage> byVault = new ConcurrentHashMap<>();
    // An agent works one task at a time, so its latest task is the only one whose count can still grow.
    private final Map<String, TaskRequests> latestTaskByAgent = new ConcurrentHashMap<>();

    public UsageLedger(EventCodec codec, @ConfigProperty(name = "toka.kernel.answer-timeout") Duration timeout) {
        super("usage ledger", Delivery.QUEUED, timeout);
        this.codec = codec;
    }

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        return Optional.of(SnapshotForm.of(1, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(Map.copyOf(byAgent), Map.copyOf(byRun), Map.copyOf(byVault), Map.copyOf(latestTaskByAgent));
    }

    private void restoreSnapshot(Snapshot state) {
        byAgent.putAll(state.byAgent());
        byRun.putAll(state.byRun());
        byVault.putAll(state.byVault());
        latestTaskByAgent.putAll(state.latestTaskByAgent());
    }

    /**
     * The ledger in a snapshot (format version 1).
     *
     * @param byAgent           Usage per agent id.
     * @param byRun             Usage per run id.
     * @param byVault           Usage per vault.
     * @param latestTaskByAgent The HTTP requests of each agent's latest task.
     */
    public record Snapshot(Map<String, Usage> byAgent, Map<String, Usage> byRun, Map<String, Usage> byVault,
            Map<String, TaskRequests> latestTaskByAgent) {}

    /** What an agent's model calls have spent. */
    public Usage ofAgent(String agentId) {
        return byAgent.getOrDefault(agentId, Usage.NONE);
    }

    /** What the model calls of a run have spent. */
    public Usage ofRun(String runId) {
        return byRun.getOrDefault(runId, Usage.NONE);
    }

    /** What the model calls of a vault's agents have spent. */
    public Usage ofVault(String vault) {
        return byVault.getOrDefault(vault, Usage.NONE);
    }

    /** HTTP requests the model calls of an agent's task have sent, over all its attempts. */
    public long requestsOfTask(String agentId, String taskId) {
        TaskRequests latest = latestTaskByAgent.get(agentId);
        return latest != null && latest.taskId().equals(taskId) ? latest.requests() : 0;
    }

    @Override
    protected void apply(StoredEvent event) {
        if (!event.category().equals(LlmEvents.CATEGORY)) {
            return;
        }
        Object decoded = codec.decode(event);
        if (decoded instanceof ModelCallRecorded call) {
            add(call.agentId(), call.runId(), call.vault(), usage(call.usage(), call.cost(), 1));
            count(call.agentId(), call.taskId(), call.requests());
        } else if (decoded instanceof ModelCallFailed call) {
            count(call.agentId(), call.taskId(), call.requests());
            if (call.usage() != null) {
                // An answer refused after the provider counted it still cost its tokens.
                add(call.agentId(), call.runId(), call.vault(), usage(call.usage(), call.cost(), 0));
            }
        }
    }

    private void add(String agentId, String runId, String vault, Usage usage) {
        byAgent.merge(agentId, usage, Usage::plus);
        if (runId != null) {
            byRun.merge(runId, usage, Usage::plus);
        }
        byVault.merge(vault, usage, Usage::plus);
    }

    private void count(String agentId, String taskId, int requests) {
        if (taskId != null) {
            latestTaskByAgent.merge(agentId, new TaskRequests(taskId, requests),
                    (known, added) -> known.taskId().equals(taskId) ? known.plus(requests) : added);
        }
    }

    private static Usage usage(TokenCount tokens, BigDecimal cost, long calls) {
        return new Usage(tokens.prompt(), tokens.completion(), tokens.total(), cost == null ? BigDecimal.ZERO : cost,
                calls);
    }

    /** The HTTP requests a task's model calls sent so far. */
    public record TaskRequests(String taskId, long requests) {

        TaskRequests plus(long more) {
            return new TaskRequests(taskId, requests + more);
        }
    }
}

package dev.toka.llm;

import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the model calls of one {@value LlmEvents#CATEGORY} stream spent, read back from the log for the agents and
 * runs the {@link UsageLedger} no longer holds, folded by the ledger's own rule ({@link CallSpend},
 * {@link AgentUsage#after}). Nothing is cached: a read back serves an ended agent or run, read rarely (its page,
 * its run view), and costs one read of one stream.
 */
final class UsageReadBack {

    private static final int PAGE = 1_000;

    private final EventStore store;
    private final EventCodec codec;

    UsageReadBack(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The calls of {@code stream} so far. */
    StreamUsage of(String stream) {
        return before(stream, Long.MAX_VALUE);
    }

    /** The calls of {@code stream} at log positions below {@code position}. */
    StreamUsage before(String stream, long position) {
        Usage total = Usage.NONE;
        Map<String, AgentUsage> byAgent = new HashMap<>();
        for (CallSpend call : calls(stream, position)) {
            total = total.plus(call.usage());
            byAgent.compute(call.agentId(), (id, known) -> AgentUsage.after(known, call));
        }
        return new StreamUsage(total, byAgent);
    }

    private List<CallSpend> calls(String stream, long position) {
        List<CallSpend> calls = new ArrayList<>();
        List<StoredEvent> page;
        long from = 1;
        do {
            page = store.readStream(stream, from, PAGE);
            for (StoredEvent event : page) {
                if (event.position() >= position) {
                    return calls;
                }
                CallSpend.of(codec.decode(event)).ifPresent(calls::add);
                from = event.position() + 1;
            }
        } while (page.size() == PAGE);
        return calls;
    }

    /**
     * The calls of one stream.
     *
     * @param total   All of them.
     * @param byAgent Each caller's, by agent id.
     */
    record StreamUsage(Usage total, Map<String, AgentUsage> byAgent) {

        StreamUsage {
            byAgent = Map.copyOf(byAgent);
        }

        /** What the agent {@code agentId} spent in the stream. */
        AgentUsage ofAgent(String agentId) {
            return byAgent.getOrDefault(agentId, AgentUsage.none(null));
        }
    }
}

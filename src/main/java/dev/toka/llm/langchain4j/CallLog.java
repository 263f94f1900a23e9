package dev.toka.llm.langchain4j;

import dev.toka.llm.CallScope;
import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents;
import dev.toka.llm.UsageLedger;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Model calls in the log: recording them, and finding what a run recorded, for replay. */
@Singleton
class CallLog {

    private static final int PAGE = 500;

    private final EventStore store;
    private final EventLog log;
    private final EventCodec codec;
    private final UsageLedger ledger;

    CallLog(EventStore store, EventLog log, EventCodec codec, UsageLedger ledger) {
        this.store = store;
        this.log = log;
        this.codec = codec;
        this.ledger = ledger;
    }

    /** Appends an answered call to its scope's stream; returns once it is committed (and in the ledger). */
    void record(CallScope scope, ModelCallRecorded call) {
        append(scope, call);
    }

    /** Appends a call that got no usable answer; returns once it is committed (and in the ledger). */
    void record(CallScope scope, ModelCallFailed call) {
        append(scope, call);
    }

    private void append(CallScope scope, Object event) {
        StoredEvent stored = log.append(LlmEvents.streamOf(scope), ExpectedVersion.any(), event,
                EventMetadata.of(scope.agentId()).causedBy(scope.taskId()).correlatedWith(scope.runId()));
        // The ledger follows the log on its own thread; the next call's budget check must see this one.
        ledger.awaitPosition(stored.position());
    }

    /** How many answers to this agent's request with this digest {@code scope}'s stream already holds. */
    int occurrences(CallScope scope, String agentKey, String requestDigest) {
        return answers(LlmEvents.streamOf(scope), matching(agentKey, requestDigest)).size();
    }

    /** The {@code occurrence}-th (from 0) answer run {@code runId} recorded to this agent's request with this digest. */
    Optional<ModelCallRecorded> recording(String runId, String agentKey, String requestDigest, int occurrence) {
        List<ModelCallRecorded> answers = answers(LlmEvents.runStream(runId), matching(agentKey, requestDigest));
        return occurrence < answers.size() ? Optional.of(answers.get(occurrence)) : Optional.empty();
    }

    private static Predicate<ModelCallRecorded> matching(String agentKey, String requestDigest) {
        return call -> call.agentKey().equals(agentKey) && call.requestDigest().equals(requestDigest);
    }

    private List<ModelCallRecorded> answers(String streamId, Predicate<ModelCallRecorded> filter) {
        List<ModelCallRecorded> found = new ArrayList<>();
        long from = 1;
        List<StoredEvent> page;
        while (!(page = store.readStream(streamId, from, PAGE)).isEmpty()) {
            for (StoredEvent event : page) {
                codec.decode(event, ModelCallRecorded.class).filter(filter).ifPresent(found::add);
            }
            from = page.get(page.size() - 1).position() + 1;
        }
        return found;
    }
}

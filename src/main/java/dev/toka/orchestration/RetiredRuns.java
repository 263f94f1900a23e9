package dev.toka.orchestration;

import dev.toka.kernel.KernelEvent;
import dev.toka.orchestration.RunEvent.AgentLaunched;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs the run projection let go, read back from the log on demand: the run's stream and the streams of the
 * agents it launched, in log order, through a projection of its own ({@link RunProjection#folding}), so a read
 * sees exactly what the projection would have kept. Nothing is cached: runs that ended are read rarely, and a read
 * costs one stream read per agent of the run.
 */
final class RetiredRuns {

    private final EventStore store;
    private final EventCodec codec;

    RetiredRuns(EventStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The run as the log holds it, when it has ended and has nothing left for the engine; else empty. */
    Optional<RunProgress> find(String runId) {
        List<StoredEvent> events = store.readStream(RunEvent.streamOf(runId));
        if (events.isEmpty()) {
            return Optional.empty();
        }
        List<String> agentStreams = events.stream()
                .flatMap(event -> codec.decode(event, AgentLaunched.class).stream())
                .map(launched -> KernelEvent.streamOf(launched.agentId()))
                .toList();
        events = new ArrayList<>(events);
        for (String stream : agentStreams) {
            events.addAll(store.readStream(stream));
        }
        events.sort(Comparator.comparingLong(StoredEvent::position));
        RunProjection fold = RunProjection.folding(codec);
        events.forEach(fold::apply);
        return fold.retirable(runId);
    }
}

package dev.toka.store.memory;

import dev.toka.store.BesideTheLog;
import dev.toka.store.ChainHead;
import dev.toka.store.Snapshot;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Snapshots and the verified checkpoint of the in-memory backend: they live as long as its log. */
public final class InMemorySnapshots implements BesideTheLog {

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final AtomicReference<ChainHead> checkpoint = new AtomicReference<>();

    @Override
    public Optional<Snapshot> latest(String projection) {
        return Optional.ofNullable(snapshots.get(projection));
    }

    @Override
    public void save(Snapshot snapshot) {
        snapshots.put(snapshot.projection(), snapshot);
    }

    @Override
    public void delete(String projection) {
        snapshots.remove(projection);
    }

    @Override
    public Optional<ChainHead> last() {
        return Optional.ofNullable(checkpoint.get());
    }

    @Override
    public void record(ChainHead verified) {
        checkpoint.accumulateAndGet(verified, (known, added) ->
                known == null || added.position() > known.position() ? added : known);
    }
}

package dev.toka.store;

/**
 * The configuration of an in-memory log for tests that build projections by hand.
 *
 * @param readOnly Whether the log refuses writes.
 */
public record MemoryStoreConfig(boolean readOnly) implements StoreConfig {

    @Override
    public Backend backend() {
        return Backend.memory;
    }

    @Override
    public int maxBatchSize() {
        return 512;
    }

    @Override
    public boolean debug() {
        return false;
    }
}

package dev.toka.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the event log, prefix {@code toka.store}. */
@ConfigMapping(prefix = "toka.store")
public interface StoreConfig {

    /** Which backend holds the log: {@code h2} (default, embedded file), {@code postgresql} or {@code memory}. */
    @WithDefault("h2")
    Backend backend();

    /** The most appends one group commit takes into a transaction; default 512. */
    @WithDefault("512")
    int maxBatchSize();

    /** Log each store operation with its arguments at DEBUG; default false. */
    @WithDefault("false")
    boolean debug();

    /**
     * Serve reads, verification and export, and refuse every write with 503; default false. The way
     * to inspect a log the start-up check found broken (the service does not start on one otherwise).
     */
    @WithDefault("false")
    boolean readOnly();

    enum Backend {
        h2,
        postgresql,
        memory
    }
}

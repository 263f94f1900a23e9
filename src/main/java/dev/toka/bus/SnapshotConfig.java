package dev.toka.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When projections are snapshotted, prefix {@code toka.snapshots} (docs/operations.md#snapshots). */
@ConfigMapping(prefix = "toka.snapshots")
public interface SnapshotConfig {

    /** Restore snapshots at start and take new ones; default true. Off, every start replays the whole log. */
    @WithDefault("true")
    boolean enabled();

    /** A projection is snapshotted once it has applied this many events since its last snapshot; default 100,000. */
    @WithDefault("100000")
    long everyEvents();

    /** ... or once this long has passed since its last snapshot and it has applied anything since; default 10m. */
    @WithDefault("10m")
    Duration interval();

    /** How often the snapshot thread looks whether a snapshot is due; default 5s. */
    @WithDefault("5s")
    Duration checkEvery();
}

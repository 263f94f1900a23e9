package dev.toka.kernel;

import dev.toka.bus.Projection;
import dev.toka.bus.SnapshotForm;
import dev.toka.kernel.FleetEvent.InstanceHeartbeat;
import dev.toka.kernel.FleetEvent.InstanceStopped;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.InstanceIdentity;
import dev.toka.store.StoreConfig;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The instances sharing the log, and which of them are alive: a projection of their heartbeats
 * ({@link FleetEvent}), which this instance also writes. Leases, in short: an instance holds the tasks it
 * started and the runs it claimed for as long as its heartbeat is younger than
 * {@link FleetConfig#deadAfter()}; past that, or once it recorded that it stopped, any other instance takes
 * them over, through kernel operations whose expected versions let only one of them win.
 *
 * <p>Off (a single instance, the default on H2), it records nothing, every instance but this one counts as
 * dead and this one owns all the work, which is how a lone instance always behaved.
 */
@Singleton
public class Fleet extends Projection {

    private static final EventMetadata AS_FLEET = EventMetadata.of("fleet");

    private final EventCodec codec;
    private final EventLog log;
    private final Clock clock;
    private final String self;
    private final boolean enabled;
    private final FleetConfig config;
    private final boolean runsTasks;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();
    private volatile Set<String> lastLive = Set.of();
    private volatile ScheduledExecutorService beat;

    /**
     * @param runsTasks Whether the agent runtime is on here ({@code toka.agent.enabled}, read as configuration:
     *                  the kernel knows no runtime), announced in each heartbeat.
     */
    public Fleet(EventCodec codec, EventLog log, Clock clock, InstanceIdentity identity, FleetConfig config,
            StoreConfig store, KernelConfig kernel,
            @ConfigProperty(name = "toka.agent.enabled", defaultValue = "true") boolean runsTasks) {
        super("fleet", Delivery.QUEUED, kernel.answerTimeout());
        this.codec = codec;
        this.log = log;
        this.clock = clock;
        this.self = identity.id();
        this.config = config;
        this.runsTasks = runsTasks;
        this.enabled = !store.readOnly()
                && config.enabled().orElse(store.backend() == StoreConfig.Backend.postgresql);
        if (config.deadAfter().compareTo(config.heartbeatInterval().multipliedBy(2)) < 0) {
            // One late beat would make a live instance look dead, and its work would move back and forth.
            throw new IllegalArgumentException("toka.fleet.dead-after (" + config.deadAfter() + ") must be at least"
                    + " twice toka.fleet.heartbeat-interval (" + config.heartbeatInterval() + ")");
        }
    }

    /** The last word of one instance: when it beat last, whether it runs tasks, and whether it stopped since. */
    public record Lease(Instant lastBeat, boolean runsTasks, boolean stopped) {}

    /**
     * The fleet in a snapshot (format version 1): without it, each start would re-read every heartbeat in the log.
     *
     * @param leases Each instance's last word, by instance id.
     */
    public record Snapshot(Map<String, Lease> leases) {}

    @Override
    public Optional<SnapshotForm<?>> snapshotForm() {
        return Optional.of(SnapshotForm.of(1, Snapshot.class, this::snapshot, this::restoreSnapshot));
    }

    private Snapshot snapshot() {
        return new Snapshot(Map.copyOf(leases));
    }

    private void restoreSnapshot(Snapshot state) {
        leases.putAll(state.leases());
    }

    /** Whether this instance shares the work with others (see the class comment). */
    public boolean enabled() {
        return enabled;
    }

    /** This instance's id. */
    public String self() {
        return self;
    }

    /** Whether the instance holds its leases: this one always; another while its heartbeat is fresh. */
    public boolean alive(String instance) {
        if (self.equals(instance)) {
            return true;
        }
        Lease lease = instance == null || !enabled ? null : leases.get(instance);
        return lease != null && !lease.stopped()
                && !lease.lastBeat().plus(config.deadAfter()).isBefore(clock.instant());
    }

    /**
     * Whether this instance may end an attempt (or a run's drive) held by {@code instance} that it is not
     * running itself: one of its own earlier life, of an instance now dead, or of an unknown one (recorded
     * before instances were). It first applies the log up to {@code asOf}, where the caller saw the holder:
     * a new instance's first heartbeat precedes its first claim, so a live newcomer is never taken for dead.
     */
    public boolean mayTakeOver(String instance, long asOf) {
        if (instance == null || self.equals(instance)) {
            return true;
        }
        if (enabled) {
            awaitPosition(asOf);
        }
        return !alive(instance);
    }

    /**
     * Whether this instance should pick up the work keyed {@code key} (an agent's queued tasks): rendezvous
     * hashing over the live instances that run tasks, so each key has one owner and only the dead one's keys
     * move. Two
     * instances that briefly disagree on who lives both try, and the kernel lets one of them start the task.
     */
    public boolean owns(String key) {
        if (!enabled) {
            return true;
        }
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String instance : live()) {
            if (!runsTasks(instance)) {
                continue;
            }
            long score = score(instance, key);
            if (best == null || score > bestScore) {
                best = instance;
                bestScore = score;
            }
        }
        return self.equals(best);
    }

    private boolean runsTasks(String instance) {
        if (self.equals(instance)) {
            return runsTasks;
        }
        Lease lease = leases.get(instance);
        return lease != null && lease.runsTasks();
    }

    /** The live instances, this one included, sorted. */
    public Set<String> live() {
        Set<String> live = new TreeSet<>();
        live.add(self);
        leases.keySet().stream().filter(this::alive).forEach(live::add);
        return live;
    }

    /** Calls {@code listener} (on the fleet's thread) whenever an instance joins or dies. */
    public void onMembershipChange(Runnable listener) {
        onChange.add(listener);
    }

    private static long score(String instance, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((instance + '\n' + key).getBytes(StandardCharsets.UTF_8));
            long score = 0;
            for (int i = 0; i < 8; i++) {
                score = (score << 8) | (digest[i] & 0xff);
            }
            return score;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    @Override
    protected void apply(StoredEvent event) {
        if (!enabled || !event.streamId().startsWith(FleetEvent.STREAM_PREFIX)) {
            return;
        }
        codec.decode(event, FleetEvent.class).ifPresent(fleetEvent -> {
            if (fleetEvent instanceof InstanceHeartbeat beat) {
                leases.put(beat.instance(), new Lease(event.recordedAt(), beat.runsTasks(), false));
            } else if (fleetEvent instanceof InstanceStopped) {
                leases.put(fleetEvent.instance(), new Lease(event.recordedAt(), false, true));
            }
        });
    }

    /** Once the log is replayed: records the first heartbeat, then one every interval, and watches who lives. */
    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        beatOnce();
        lastLive = live();
        Log.infof("fleet: instance %s, live instances %s (heartbeat every %s, dead after %s)", self, lastLive,
                config.heartbeatInterval(), config.deadAfter());
        beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "toka-fleet");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.heartbeatInterval().toMillis();
        beat.scheduleAtFixedRate(this::beatOnce, interval, interval, TimeUnit.MILLISECONDS);
        // Liveness is looked at twice per beat, so a death is noticed at most half an interval after the bound.
        beat.scheduleAtFixedRate(this::watch, interval / 2, Math.max(1, interval / 2), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (beat == null) {
            return;
        }
        beat.shutdownNow();
        beat.awaitTermination(2, TimeUnit.SECONDS);
        try {
            log.appendAsync(FleetEvent.streamOf(self), ExpectedVersion.any(), List.of(new InstanceStopped(self)),
                    AS_FLEET).get(2, TimeUnit.SECONDS);
        } catch (Exception e) { // stopping anyway: the others then wait for the bound instead
            Log.warnf("fleet: could not record that instance %s stopped: %s", self, e.toString());
        }
    }

    private void beatOnce() {
        try {
            log.appendAsync(FleetEvent.streamOf(self), ExpectedVersion.any(),
                    List.of(new InstanceHeartbeat(self, config.deadAfter().toMillis(), runsTasks)), AS_FLEET)
                    .get(config.deadAfter().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) { // the next beat tries again; missing several is what makes an instance dead
            Log.warnf("fleet: heartbeat of instance %s not recorded: %s", self, e.toString());
        }
    }

    private void watch() {
        try {
            Set<String> now = live();
            if (!now.equals(lastLive)) {
                Log.infof("fleet: live instances were %s, now %s", lastLive, now);
                lastLive = now;
                onChange.forEach(Runnable::run);
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "fleet: a listener failed");
        }
    }
}

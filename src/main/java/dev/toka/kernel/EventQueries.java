package dev.toka.kernel;

import dev.toka.bus.EventFeed;
import dev.toka.bus.Subscription;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.ChainCheckpoints;
import dev.toka.store.ChainHead;
import dev.toka.store.ChainVerification;
import dev.toka.store.EventStore;
import dev.toka.store.StoreConfig;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reading the log on behalf of a caller: an admin sees every event; a holder of
 * {@code events:read} sees the events of its own agent and that agent's descendants.
 */
@Singleton
public class EventQueries {

    /** Most events one page may hold. */
    public static final int MAX_PAGE = 1_000;

    private final EventStore store;
    private final ChainCheckpoints checkpoints;
    private final boolean readOnly;
    private final EventFeed feed;
    private final WorldState world;
    private final SecurityPolicyCoordinator security;

    public EventQueries(EventStore store, ChainCheckpoints checkpoints, StoreConfig storeConfig, EventFeed feed,
            WorldState world, SecurityPolicyCoordinator security) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.readOnly = storeConfig.readOnly();
        this.feed = feed;
        this.world = world;
        this.security = security;
    }

    /**
     * A check of the chain and where it began.
     *
     * @param verification The verdict.
     * @param from         The checkpoint the check took as verified: position 0 for a check from the start.
     */
    public record ChainCheck(ChainVerification verification, ChainHead from) {}

    /**
     * A page of events.
     *
     * @param events The events the caller may see.
     * @param next   The position to ask for next.
     */
    public record Page(List<StoredEvent> events, long next) {}

    /** Events from {@code from} on, optionally of one stream. */
    public Page page(Caller caller, long from, int limit, Optional<String> streamId) {
        security.requirePermission(caller, Permissions.EVENTS_READ);
        long start = Math.max(1, from);
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        List<StoredEvent> scanned = streamId.isPresent()
                ? store.readStream(streamId.get(), start, size)
                : store.read(start, size);
        long next = scanned.isEmpty() ? start : scanned.get(scanned.size() - 1).position() + 1;
        return new Page(scanned.stream().filter(visibleTo(caller)).toList(), next);
    }

    /**
     * Follows the log from {@code from}: the stored events first, then live ones, on the bus's stream pool.
     * The caller's right is checked at once; the subscription delivers nothing until started.
     */
    public Subscription follow(Caller caller, long from, Consumer<StoredEvent> consumer) {
        security.requirePermission(caller, Permissions.EVENTS_READ);
        Predicate<StoredEvent> visible = visibleTo(caller);
        return feed.subscription(from, event -> {
            if (visible.test(event)) {
                consumer.accept(event);
            }
        });
    }

    /**
     * Checks the hash chain (admin only): from the start, or from the last verified checkpoint when
     * {@code fromCheckpoint} and there is one. An intact chain's head becomes the new checkpoint.
     */
    public ChainCheck verify(Caller caller, boolean fromCheckpoint) {
        security.authorize(caller, Permissions.ADMIN);
        ChainHead from = fromCheckpoint ? checkpoints.last().orElse(ChainHead.EMPTY) : ChainHead.EMPTY;
        ChainVerification verification = store.verifyFrom(from);
        if (verification.ok() && !readOnly) {
            checkpoints.record(verification.head());
        }
        return new ChainCheck(verification, from);
    }

    /** The whole log, read lazily page by page, for an export (admin only; checked at once). */
    public Stream<StoredEvent> export(Caller caller) {
        security.authorize(caller, Permissions.ADMIN);
        return Stream.iterate(store.read(1, MAX_PAGE), page -> !page.isEmpty(),
                        page -> store.read(page.get(page.size() - 1).position() + 1, MAX_PAGE))
                .flatMap(List::stream);
    }

    private Predicate<StoredEvent> visibleTo(Caller caller) {
        if (caller.principal().isAdmin()) {
            return event -> true;
        }
        return event -> event.streamId().startsWith(KernelEvent.AGENT_STREAM_PREFIX)
                && world.agent(event.streamId().substring(KernelEvent.AGENT_STREAM_PREFIX.length()))
                        .map(agent -> security.canSee(caller, world.targetOf(agent)))
                        .orElse(false);
    }
}

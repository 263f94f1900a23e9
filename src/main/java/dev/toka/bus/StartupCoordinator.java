package dev.toka.bus;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts the projections, and what reads them, in the order their {@link Startable#dependsOn()}
 * declares: each once everything it depends on has started (a projection: caught up with the log).
 */
@Singleton
class StartupCoordinator {

    private final EventFeed feed;
    private final ProjectionSnapshots snapshots;
    private final List<Startable> startables;

    StartupCoordinator(EventFeed feed, ProjectionSnapshots snapshots, @All List<Startable> startables) {
        this.feed = feed;
        this.snapshots = snapshots;
        this.startables = startables;
    }

    void onStart(@Observes StartupEvent start) {
        List<Projection> projections = new ArrayList<>();
        for (Startable startable : order(startables)) {
            if (startable instanceof Projection projection) {
                ProjectionSnapshots.Restore restored = snapshots.restore(projection);
                long began = System.nanoTime();
                feed.start(projection);
                Log.infof("%s caught up at position %d in %d ms: %s, then %d events replayed", projection.name(),
                        projection.position(), (System.nanoTime() - began) / 1_000_000, restored.describe(),
                        projection.applied());
                projections.add(projection);
            }
            startable.start();
        }
        snapshots.follow(projections);
    }

    /**
     * Each startable after everything it depends on. Among those free to go, on-commit projections come
     * first, because every request and every other consumer reads them; then by name, so the order is stable.
     *
     * @throws IllegalStateException naming the cycle, or the missing dependency
     */
    static List<Startable> order(List<Startable> startables) {
        List<Startable> byPreference = new ArrayList<>(startables);
        byPreference.sort(Comparator.comparing((Startable s) -> !(s instanceof Projection p
                && p.delivery() == Projection.Delivery.ON_COMMIT)).thenComparing(Startable::name));
        Set<Startable> ordered = new LinkedHashSet<>();
        for (Startable startable : byPreference) {
            visit(startable, byPreference, new ArrayList<>(), ordered);
        }
        return List.copyOf(ordered);
    }

    private static void visit(Startable startable, List<Startable> all, List<Startable> path, Set<Startable> ordered) {
        if (ordered.contains(startable)) {
            return;
        }
        if (path.contains(startable)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(startable), path.size()).stream()
                    .map(Startable::name).toList());
            cycle.add(startable.name());
            throw new IllegalStateException("the projections' dependencies form a cycle, so none of them can start"
                    + " first: " + String.join(" -> ", cycle) + ". Remove one of these dependencies (dependsOn)");
        }
        path.add(startable);
        for (Class<? extends Startable> dependency : startable.dependsOn()) {
            Startable found = all.stream().filter(dependency::isInstance).findFirst()
                    .orElseThrow(() -> new IllegalStateException(startable.name() + " depends on "
                            + dependency.getSimpleName() + ", which is not a bean of this service"));
            visit(found, all, path, ordered);
        }
        path.remove(path.size() - 1);
        ordered.add(startable);
    }
}

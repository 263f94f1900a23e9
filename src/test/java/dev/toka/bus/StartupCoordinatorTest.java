package dev.toka.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The start order follows the declared dependencies; a cycle stops the start with a message that names it. */
class StartupCoordinatorTest {

    private record Part(String name, Set<Class<? extends Startable>> dependsOn) implements Startable {
        @Override
        public void start() {}
    }

    private static final class Engine implements Startable {
        @Override
        public String name() {
            return "engine";
        }

        @Override
        public Set<Class<? extends Startable>> dependsOn() {
            return Set.of(Runs.class, World.class);
        }

        @Override
        public void start() {}
    }

    private static class Plain extends Projection {
        private final Set<Class<? extends Startable>> dependsOn;

        Plain(String name, Delivery delivery, Set<Class<? extends Startable>> dependsOn) {
            super(name, delivery, java.time.Duration.ofSeconds(1));
            this.dependsOn = dependsOn;
        }

        @Override
        public Set<Class<? extends Startable>> dependsOn() {
            return dependsOn;
        }

        @Override
        protected void apply(dev.toka.store.StoredEvent event) {}
    }

    private static final class World extends Plain {
        World() {
            super("world", Delivery.ON_COMMIT, Set.of());
        }
    }

    private static final class Runs extends Plain {
        Runs() {
            super("runs", Delivery.QUEUED, Set.of(World.class));
        }
    }

    private static final class Agents extends Plain {
        Agents(Set<Class<? extends Startable>> dependsOn) {
            super("agents", Delivery.QUEUED, dependsOn);
        }
    }

    private static final class Ledger extends Plain {
        Ledger(Set<Class<? extends Startable>> dependsOn) {
            super("ledger", Delivery.QUEUED, dependsOn);
        }
    }

    @Test
    void startsEachPartAfterWhatItDependsOnAndOnCommitProjectionsFirst() {
        List<Startable> order = StartupCoordinator.order(List.of(new Engine(), new Runs(),
                new Agents(Set.of(World.class, Ledger.class)), new Ledger(Set.of()), new World()));

        assertEquals(List.of("world", "agents", "ledger", "runs", "engine").size(), order.size());
        List<String> names = order.stream().map(Startable::name).toList();
        assertEquals("world", names.get(0), "on-commit projections first: " + names);
        assertTrue(names.indexOf("ledger") < names.indexOf("agents"), names.toString());
        assertTrue(names.indexOf("runs") < names.indexOf("engine"), names.toString());
    }

    @Test
    void refusesADependencyCycleAndNamesIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StartupCoordinator.order(
                List.of(new World(), new Agents(Set.of(Ledger.class)), new Ledger(Set.of(Agents.class)))));

        assertTrue(refused.getMessage().contains("cycle"), refused.getMessage());
        assertTrue(refused.getMessage().contains("agents -> ledger -> agents"), refused.getMessage());
    }

    @Test
    void refusesADependencyThatIsNoBean() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StartupCoordinator.order(List.of(new Part("alone", Set.of(World.class)))));

        assertTrue(refused.getMessage().contains("alone depends on World"), refused.getMessage());
    }
}

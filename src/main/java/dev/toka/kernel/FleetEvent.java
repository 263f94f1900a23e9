package dev.toka.kernel;

/**
 * The leases of the fleet: each instance records that it lives in its stream {@code instance-<id>}
 * ({@link Fleet}). Not kernel operations: no agent is involved, and nothing is decided on them but who is alive.
 */
public sealed interface FleetEvent permits FleetEvent.InstanceHeartbeat, FleetEvent.InstanceStopped {

    /** The prefix of instance streams. */
    String STREAM_PREFIX = "instance-";

    /** The instance the event is about. */
    String instance();

    /** The stream of an instance. */
    static String streamOf(String instance) {
        return STREAM_PREFIX + instance;
    }

    /**
     * The instance is alive; {@code deadAfterMillis} is how long the others wait for the next beat, and
     * {@code runsTasks} whether its agent runtime is on (only such instances are given agents to run).
     */
    record InstanceHeartbeat(String instance, long deadAfterMillis, boolean runsTasks) implements FleetEvent {}

    /** The instance shut down cleanly: the others take over its work at once, without waiting for the bound. */
    record InstanceStopped(String instance) implements FleetEvent {}
}

package dev.toka.bus.kafka;

/**
 * How this instance learns what other instances commit, for the health endpoint.
 *
 * @param mode     {@code in-process} (no Kafka configured: the log is polled), {@code kafka}, or {@code polling}
 *                 (Kafka configured but unreachable: the log is polled until it answers again)
 * @param degraded Whether Kafka is configured but not in use
 * @param detail   Why it is degraded, or the brokers in use; empty in-process
 */
public record BusStatus(String mode, boolean degraded, String detail) {

    static final BusStatus IN_PROCESS = new BusStatus("in-process", false, "");

    static BusStatus kafka(String servers) {
        return new BusStatus("kafka", false, servers);
    }

    static BusStatus polling(String why) {
        return new BusStatus("polling", true, why);
    }
}

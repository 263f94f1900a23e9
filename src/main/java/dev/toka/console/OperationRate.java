package dev.toka.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Operations per second over the last ten seconds, from the kernel's {@code toka.operations} counters
 * (every opcode and outcome), sampled once a second.
 */
@Singleton
class OperationRate {

    private static final int SAMPLES = 11;

    private record Sample(long nanos, double operations) {}

    private final MeterRegistry registry;
    private final Deque<Sample> samples = new ArrayDeque<>();

    OperationRate(MeterRegistry registry) {
        this.registry = registry;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sample() {
        double operations = registry.find("toka.operations").counters().stream().mapToDouble(Counter::count).sum();
        samples.addLast(new Sample(System.nanoTime(), operations));
        if (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }

    /** Operations per second over the sampled window; 0 until two samples exist. */
    synchronized double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        return (last.operations() - first.operations()) / ((last.nanos() - first.nanos()) / 1e9);
    }
}

package dev.toka.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's resident memory from Linux's {@code /proc/PID/status}: the largest VmRSS seen and,
 * at the end, the kernel's own high-water mark VmHWM (which also catches peaks between samples).
 */
final class RssSampler implements AutoCloseable {

    private final Path status;
    private final AtomicLong peakRssKib = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    RssSampler(long pid, long intervalMillis) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        timer.scheduleAtFixedRate(() -> peakRssKib.accumulateAndGet(kib("VmRSS"), Math::max), 0, intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** The largest VmRSS sampled, in KiB. */
    long peakRssKib() {
        return peakRssKib.get();
    }

    /** The field of /proc/PID/status, in KiB; 0 when the process is gone. */
    long kib(String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (Exception gone) {
            // The process ended; nothing more to sample.
        }
        return 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.toka.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * CPU counters at one instant: the service's (clock ticks; summed over a fleet's processes), the generator's (ns),
 * the machine's (ticks).
 */
record CpuSnapshot(long nanoTime, long serviceTicks, long serviceContextSwitches, long generatorNanos,
        long machineBusyTicks, long machineTotalTicks) {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every mainstream Linux build

    static CpuSnapshot take(List<Long> servicePids) {
        long[] machine = readMachine();
        return new CpuSnapshot(System.nanoTime(), sum(servicePids, CpuSnapshot::readServiceTicks),
                sum(servicePids, CpuSnapshot::readServiceContextSwitches), readGeneratorNanos(), machine[0],
                machine[1]);
    }

    /** The counter summed over the processes; -1 (unknown) if any one's is unknown. */
    private static long sum(List<Long> pids, LongUnaryOperator counter) {
        long total = 0;
        for (long pid : pids) {
            long value = counter.applyAsLong(pid);
            if (value < 0) {
                return -1;
            }
            total += value;
        }
        return total;
    }

    /** CPU used between this snapshot and {@code later}; NaN where Linux's {@code /proc} could not tell. */
    CpuUsage until(CpuSnapshot later, long operations) {
        double seconds = (later.nanoTime - nanoTime) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double generator = (later.generatorNanos - generatorNanos) / 1e9 / seconds;
        double machine = machineTotalTicks < 0 || later.machineTotalTicks <= machineTotalTicks ? Double.NaN
                : (double) (later.machineBusyTicks - machineBusyTicks)
                        / (later.machineTotalTicks - machineTotalTicks) * cores;
        double service = serviceTicks < 0 || later.serviceTicks < 0 ? Double.NaN
                : (later.serviceTicks - serviceTicks) / TICKS_PER_SECOND / seconds;
        double switches = serviceContextSwitches < 0 || later.serviceContextSwitches < 0 ? Double.NaN
                : later.serviceContextSwitches - serviceContextSwitches;
        return new CpuUsage(service, service * seconds * 1e6 / operations, switches / operations, generator,
                Math.max(0, machine - service - generator));
    }

    /**
     * Cores used by the service, the generator and everything else on the machine (another build, say), and
     * the service's CPU time and context switches per operation.
     */
    record CpuUsage(double serviceCores, double serviceMicrosPerOp, double contextSwitchesPerOp,
            double generatorCores, double otherCores) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "service %.2f cores (%.0f us, %.1f context switches per op),"
                    + " generator %.2f cores, other %.2f cores", serviceCores, serviceMicrosPerOp,
                    contextSwitchesPerOp, generatorCores, otherCores);
        }
    }

    private static long readServiceTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        } catch (Exception e) {
            return -1;
        }
    }

    /** Voluntary plus involuntary context switches of all the service's threads. */
    private static long readServiceContextSwitches(long pid) {
        if (pid <= 0) {
            return -1;
        }
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (java.io.IOException | RuntimeException threadEnded) {
                    // a thread that ended between list and read: its switches are lost either way
                }
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long readGeneratorNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long[] readMachine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }
}

package dev.toka;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a process a test starts and tells which port to listen on. A port the kernel hands out for
 * {@code new ServerSocket(0)} lies in its ephemeral range, from which every outgoing connection on the machine
 * also takes its local port, so between the probe and the process's bind another socket can take it (and
 * Quarkus then exits 1). A port below that range is only ever taken by an explicit bind.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {}

    /** A port that nobody listens on now, on the loopback address, below the kernel's ephemeral range. */
    public static int belowEphemeralRange() throws IOException {
        int start = ephemeralRangeStart();
        if (start < 2 * 1_024) { // the range leaves no unprivileged port below it: take the kernel's pick
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(start / 2, start);
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (BindException taken) {
                // another listener has it: draw again
            }
        }
        throw new IOException("no free port between " + start / 2 + " and " + start + " in 100 draws");
    }

    private static int ephemeralRangeStart() throws IOException {
        if (!Files.isReadable(EPHEMERAL_RANGE)) {
            return 32_768; // Linux's default
        }
        // Files.readString trusts the size a file reports, which is 0 under /proc: it returned "3" of "32768 60999".
        return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
    }
}

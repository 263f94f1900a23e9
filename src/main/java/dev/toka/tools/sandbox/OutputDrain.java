package dev.toka.tools.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a process to its end on its own thread, keeping the first bytes up to
 * a cap and discarding the rest, so a chatty process never blocks on a full pipe.
 */
final class OutputDrain {

    /** What was kept of the stream. */
    record Captured(String text, boolean truncated) {}

    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile boolean truncated;

    private OutputDrain(InputStream in, int cap, String name) {
        this.in = in;
        this.cap = cap;
        this.thread = new Thread(this::drain, name);
        thread.setDaemon(true);
    }

    static OutputDrain start(InputStream in, int cap, String name) {
        OutputDrain drain = new OutputDrain(in, cap, name);
        drain.thread.start();
        return drain;
    }

    private void drain() {
        byte[] buffer = new byte[8192];
        try (in) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                int room = Math.min(read, cap - kept.size());
                if (room > 0) {
                    synchronized (kept) {
                        kept.write(buffer, 0, room);
                    }
                }
                if (room < read) {
                    truncated = true;
                }
            }
        } catch (IOException e) {
            // Closed by await() because a process that escaped the kill still holds the pipe.
        }
    }

    /** Waits up to {@code millis} for the end of the stream, then stops reading and returns what was kept. */
    Captured await(long millis) throws InterruptedException {
        thread.join(millis);
        if (thread.isAlive()) {
            try {
                in.close();
            } catch (IOException e) {
                // Nothing more can be done about a pipe that will not close.
            }
            thread.join(millis);
        }
        synchronized (kept) {
            return new Captured(kept.toString(StandardCharsets.UTF_8), truncated);
        }
    }
}

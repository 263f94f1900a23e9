package dev.toka.it;

import dev.toka.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a real process, so a
 * test can kill it without warning and start it again on the same data, and the load generator
 * ({@code dev.toka.bench}) can measure it. It runs on an H2 file in the data directory unless the
 * extra arguments choose another database.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final String ADMIN_SECRET = "it-admin-secret";

    static final String KEY_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final Path jar;
    private final Path dataDirectory;
    private final List<String> jvmOptions;
    private final List<String> extraArguments;
    private final int port;
    private Process process;

    public ServiceProcess(Path dataDirectory, String... extraArguments) throws IOException {
        this(jar(), dataDirectory, List.of("-Xmx512m"), extraArguments);
    }

    private ServiceProcess(Path jar, Path dataDirectory, List<String> jvmOptions, String... extraArguments)
            throws IOException {
        this.jar = jar;
        this.dataDirectory = dataDirectory;
        this.jvmOptions = jvmOptions;
        this.extraArguments = List.of(extraArguments);
        this.port = FreePorts.belowEphemeralRange();
    }

    /** The service as the run command starts it, for memory measurements: with {@link #runCommandJvmOptions()}. */
    public static ServiceProcess asRunCommand(Path dataDirectory) throws IOException {
        return new ServiceProcess(jar(), dataDirectory, runCommandJvmOptions());
    }

    /** Another build of the service, e.g. an older one the load generator compares with this one. */
    public static ServiceProcess ofJar(Path jar, Path dataDirectory, String... extraArguments) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException(jar + " does not exist");
        }
        return new ServiceProcess(jar, dataDirectory, List.of("-Xmx512m"), extraArguments);
    }

    /** The JVM options of the run command: the pom's one {@code toka.jvm.options}, which failsafe passes on. */
    public static List<String> runCommandJvmOptions() {
        String options = System.getProperty("toka.jvm.options");
        if (options == null || options.isBlank()) {
            throw new IllegalStateException("toka.jvm.options is not set: run through Maven (failsafe passes the pom's)");
        }
        return List.of(options.strip().split("\\s+"));
    }

    static Path jar() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with 'mvn verify'");
        }
        return jar;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The process id of the running service. */
    public long pid() {
        return process.pid();
    }

    /** Starts the service and waits until it is ready. */
    public void start() throws Exception {
        start(Duration.ofSeconds(60));
    }

    /** Starts the service and waits until it is ready, for at most {@code timeout} (a start on a large log). */
    public void start(Duration timeout) throws Exception {
        launch();
        awaitReady(timeout);
    }

    /**
     * Starts the service expecting it to refuse to run: waits until it exits, and fails if it ever
     * reports ready.
     *
     * @return its exit code
     */
    int startExpectingRefusal() throws Exception {
        launch();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (process.isAlive()) {
            if (isReady(client)) {
                throw new IllegalStateException("the service reported ready; see " + logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service neither exited nor became ready in 60 s");
            }
            Thread.sleep(200);
        }
        return process.exitValue();
    }

    /** What the service has written to its log. */
    String log() throws IOException {
        return Files.readString(logFile());
    }

    private Path logFile() {
        return dataDirectory.resolve("service.log");
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.h2.jdbc.url=jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("toka")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "-Dtoka.security.key-encryption-key-file=" + dataDirectory.resolve("kek")));
        command.addAll(extraArguments);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.environment().putAll(Map.of("TOKA_ADMIN_TOKEN", ADMIN_SECRET,
                "TOKA_KEY_ENCRYPTION_KEY", KEY_ENCRYPTION_KEY));
        process = builder.start();
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, no flush, like a power cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; the end of "
                        + logFile() + ":\n" + logTail());
            }
            if (isReady(client)) {
                return;
            }
            Thread.sleep(50); // the start-up benchmark reads the time to ready from here
        }
        throw new IllegalStateException("the service did not become ready in " + timeout + "; the end of "
                + logFile() + ":\n" + logTail());
    }

    /** The last lines of the service's log, for a failure message: the temporary directory is gone after the test. */
    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(logFile());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private boolean isReady(HttpClient client) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false; // not listening (yet, or any more)
        }
    }

    /** Runs the jar's offline {@code verify} command on a file and returns its exit code and output. */
    static Result verifyOffline(Path export) throws Exception {
        Process verify = new ProcessBuilder(javaBinary(), "-jar", jar().toString(), "verify", export.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes());
        return new Result(verify.waitFor(), output);
    }

    record Result(int exitCode, String output) {}

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}

package dev.toka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end HTTP load generator for a running Toka service (not a JUnit test; run its {@link #main}).
 *
 * <p>One run measures, after setup (spawn agents, issue one capability token per agent, none of it timed):
 * <ol>
 *   <li><b>saturation</b>: {@code clients} closed-loop clients, each with one request in flight, post
 *       {@code schedule-task} with an agent token (so every request passes the token check) for a warm-up and
 *       then a fixed measurement window; reports ops/s, p50/p99/max latency and the non-2xx count;</li>
 *   <li><b>fixed rate</b>: an open-loop sender issues {@code rate} requests per second on a timer for a
 *       lead-in and then a measurement window; each latency is taken from the request's <i>intended</i> send
 *       time, so a stalled server shows up in the figures instead of silently slowing the sender
 *       (no coordinated omission).</li>
 * </ol>
 * Afterwards it asks the service to verify the hash chain and checks that the log holds at least as many
 * events as operations were acknowledged.
 *
 * <p>Configuration: the base URL is the first argument or {@code -Dbench.url} (default
 * {@code http://127.0.0.1:8080}); it must be a loopback address. The admin secret comes from the environment
 * variable {@code TOKA_ADMIN_TOKEN} (or {@code -Dbench.adminToken}). Other knobs, as {@code -Dbench.NAME=VALUE}
 * or {@code --NAME=VALUE}: {@code clients} (64), {@code agents} (256), {@code warmupSeconds} (10),
 * {@code durationSeconds} (20), {@code rate} (1000), {@code rateLeadInSeconds} (5), {@code rateSeconds} (20),
 * {@code client} ({@code vertx} or {@code jdk}), {@code eventLoops} (1, Vert.x only), {@code maxInFlight}
 * (512, open loop), {@code label} (free text, e.g. the backend), {@code phases} ({@code saturation,rate}),
 * {@code servicePid} (when given, on Linux, the service's CPU time during each window is read from
 * {@code /proc} and reported as cores used and CPU microseconds per operation, next to the generator's own and
 * the rest of the machine's; on a shared machine that cost per operation is steadier than the throughput).
 *
 * <p>Bounds: every agent receives at most {@value #TASKS_PER_AGENT} tasks (the kernel allows 10,000 queued
 * tasks per agent), which caps the total operation count at {@code agents * }{@value #TASKS_PER_AGENT}; a
 * phase that runs out of budget ends early and says so. Every request times out after 30 s, and a watchdog
 * ends the process if the whole run overruns its planned length by more than {@value #WATCHDOG_SLACK_SECONDS}
 * seconds.
 *
 * <p>Output: a table, and one line per measurement starting with {@value #RESULT_PREFIX} followed by a JSON
 * object. The exit status is 0 only if there was no non-2xx answer, no transport error and the chain verified.
 */
public final class HttpLoadBenchmark {

    /** Marks the machine-readable result lines. */
    static final String RESULT_PREFIX = "BENCH-RESULT ";

    /** Tasks queued on one agent at most during a run; the kernel's limit is 10,000. */
    static final int TASKS_PER_AGENT = 9_500;

    static final int WATCHDOG_SLACK_SECONDS = 180;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String OPERATIONS = "/api/v1/operations";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Config config = Config.parse(args);
        startWatchdog(config);
        int status;
        try (Transport transport = config.client().equals("jdk") ? new JdkTransport(config) : new VertxTransport(config)) {
            status = new Run(config, transport).execute();
        }
        System.exit(status);
    }

    private static void startWatchdog(Config config) {
        long seconds = config.warmupSeconds() + config.durationSeconds() + config.rateLeadInSeconds()
                + config.rateSeconds() + WATCHDOG_SLACK_SECONDS;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                System.err.printf("benchmark: still running after %d s, giving up%n", seconds);
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration

    record Config(URI base, String adminToken, int clients, int agents, int warmupSeconds, int durationSeconds,
            int rate, int rateLeadInSeconds, int rateSeconds, String client, int eventLoops, int maxInFlight,
            String label, List<String> phases, long servicePid) {

        static Config parse(String[] args) throws Exception {
            Map<String, String> options = new LinkedHashMap<>();
            String url = System.getProperty("bench.url", "http://127.0.0.1:8080");
            for (String arg : args) {
                if (arg.startsWith("--") && arg.contains("=")) {
                    options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else if (arg.equals("-h") || arg.equals("--help")) {
                    System.out.println("usage: HttpLoadBenchmark [BASE_URL] [--clients=64] [--agents=256]"
                            + " [--warmupSeconds=10] [--durationSeconds=20] [--rate=1000] [--rateLeadInSeconds=5]"
                            + " [--rateSeconds=20] [--client=vertx|jdk] [--eventLoops=1] [--maxInFlight=512]"
                            + " [--label=TEXT] [--phases=saturation,rate] [--servicePid=PID]"
                            + "   (admin secret: env TOKA_ADMIN_TOKEN)");
                    System.exit(0);
                } else {
                    url = arg;
                }
            }
            URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (!"http".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException("base URL must be http://HOST:PORT, got " + url);
            }
            if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load a non-loopback host: " + base.getHost());
            }
            String admin = option(options, "adminToken", System.getenv("TOKA_ADMIN_TOKEN"));
            if (admin == null || admin.isBlank()) {
                throw new IllegalArgumentException("set TOKA_ADMIN_TOKEN to the service's admin secret");
            }
            Config config = new Config(base, admin,
                    intOption(options, "clients", 64),
                    intOption(options, "agents", 256),
                    intOption(options, "warmupSeconds", 10),
                    intOption(options, "durationSeconds", 20),
                    intOption(options, "rate", 1000),
                    intOption(options, "rateLeadInSeconds", 5),
                    intOption(options, "rateSeconds", 20),
                    option(options, "client", "vertx"),
                    intOption(options, "eventLoops", 1),
                    intOption(options, "maxInFlight", 512),
                    option(options, "label", ""),
                    List.of(option(options, "phases", "saturation,rate").split(",")),
                    Long.parseLong(option(options, "servicePid", "0")));
            if (!config.client().equals("jdk") && !config.client().equals("vertx")) {
                throw new IllegalArgumentException("client must be vertx or jdk");
            }
            if (config.clients() < 1 || config.agents() < 1 || config.agents() > 10_000 || config.rate() < 1
                    || config.durationSeconds() < 1 || config.rateSeconds() < 1 || config.maxInFlight() < 1) {
                throw new IllegalArgumentException("clients, agents (<= 10000), rate, durations and maxInFlight"
                        + " must be positive");
            }
            return config;
        }

        private static String option(Map<String, String> options, String name, String fallback) {
            return options.getOrDefault(name, System.getProperty("bench." + name, fallback));
        }

        private static int intOption(Map<String, String> options, String name, int fallback) {
            return Integer.parseInt(option(options, name, Integer.toString(fallback)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Transports: one shared HTTP/1.1 client, connections kept alive

    record Reply(int status, String body) {}

    interface Transport extends AutoCloseable {

        /**
         * Sends a request; {@code body == null} means GET. The body of the reply is kept if asked for, and always
         * when the status is not 2xx (so failures can be shown).
         */
        CompletableFuture<Reply> send(String path, String bearer, byte[] body, boolean keepBody);

        @Override
        void close();
    }

    /** {@link java.net.http.HttpClient}, HTTP/1.1, one connection per concurrent request. */
    static final class JdkTransport implements Transport {

        private final URI base;
        private final ExecutorService executor;
        private final HttpClient client;

        JdkTransport(Config config) {
            this.base = config.base();
            this.executor = Executors.newFixedThreadPool(2, daemon("bench-jdk-http"));
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(executor)
                    .build();
        }

        @Override
        public CompletableFuture<Reply> send(String path, String bearer, byte[] body, boolean keepBody) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + bearer);
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                request.GET();
            }
            if (keepBody) {
                return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> new Reply(r.statusCode(), r.body()));
            }
            HttpResponse.BodyHandler<String> bodyOnFailure = info -> info.statusCode() / 100 == 2
                    ? HttpResponse.BodySubscribers.replacing(null)
                    : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            return client.sendAsync(request.build(), bodyOnFailure).thenApply(r -> new Reply(r.statusCode(), r.body()));
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /** Vert.x core HTTP client (what Vert.x WebClient wraps), HTTP/1.1, a pool of keep-alive connections. */
    static final class VertxTransport implements Transport {

        private final Vertx vertx;
        private final io.vertx.core.http.HttpClient client;
        private final String host;
        private final int port;

        VertxTransport(Config config) {
            this.vertx = Vertx.vertx(new VertxOptions()
                    .setEventLoopPoolSize(config.eventLoops())
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1)
                    .setPreferNativeTransport(false));
            this.host = config.base().getHost();
            this.port = config.base().getPort() < 0 ? 80 : config.base().getPort();
            int connections = Math.max(config.clients(), config.maxInFlight());
            this.client = vertx.createHttpClient(new HttpClientOptions()
                            .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_1_1)
                            .setKeepAlive(true)
                            .setTcpNoDelay(true)
                            .setPipelining(false)
                            .setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(config.eventLoops()));
        }

        @Override
        public CompletableFuture<Reply> send(String path, String bearer, byte[] body, boolean keepBody) {
            RequestOptions options = new RequestOptions()
                    .setMethod(body == null ? HttpMethod.GET : HttpMethod.POST)
                    .setHost(host)
                    .setPort(port)
                    .setURI(path)
                    .setIdleTimeout(REQUEST_TIMEOUT.toMillis())
                    .putHeader("Authorization", "Bearer " + bearer);
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            return client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(payload ->
                            new Reply(response.statusCode(), keepBody || response.statusCode() / 100 != 2
                                    ? payload.toString(StandardCharsets.UTF_8) : null)))
                    .toCompletionStage()
                    .toCompletableFuture();
        }

        @Override
        public void close() {
            try {
                client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("benchmark: closing Vert.x: " + e);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // CPU accounting (Linux /proc; everything degrades to "unknown" elsewhere)

    /** CPU counters at one instant: the service's (clock ticks), the generator's (ns), the machine's (ticks). */
    record CpuSnapshot(long nanoTime, long serviceTicks, long serviceContextSwitches, long generatorNanos,
            long machineBusyTicks, long machineTotalTicks) {

        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every mainstream Linux build

        static CpuSnapshot take(long servicePid) {
            long[] machine = readMachine();
            return new CpuSnapshot(System.nanoTime(), readServiceTicks(servicePid),
                    readServiceContextSwitches(servicePid), readGeneratorNanos(), machine[0], machine[1]);
        }

        /** Cores used over the interval to {@code later}, as a map (empty values when unknown). */
        Map<String, Object> until(CpuSnapshot later, long operations) {
            Map<String, Object> cpu = new LinkedHashMap<>();
            double seconds = (later.nanoTime - nanoTime) / 1e9;
            int cores = Runtime.getRuntime().availableProcessors();
            double generator = (later.generatorNanos - generatorNanos) / 1e9 / seconds;
            double machine = machineTotalTicks < 0 || later.machineTotalTicks <= machineTotalTicks ? -1
                    : (double) (later.machineBusyTicks - machineBusyTicks)
                            / (later.machineTotalTicks - machineTotalTicks) * cores;
            cpu.put("machineCores", cores);
            if (serviceTicks >= 0 && later.serviceTicks >= 0) {
                double service = (later.serviceTicks - serviceTicks) / TICKS_PER_SECOND / seconds;
                cpu.put("serviceCpuCores", round(service));
                if (operations > 0) {
                    cpu.put("serviceCpuMicrosPerOp", round(service * seconds * 1e6 / operations));
                }
                if (operations > 0 && serviceContextSwitches >= 0 && later.serviceContextSwitches >= 0) {
                    cpu.put("serviceContextSwitchesPerOp",
                            round((double) (later.serviceContextSwitches - serviceContextSwitches) / operations));
                }
                if (machine >= 0) {
                    cpu.put("otherCpuCores", round(Math.max(0, machine - service - generator)));
                }
            }
            cpu.put("generatorCpuCores", round(generator));
            if (machine >= 0) {
                cpu.put("machineBusyCores", round(machine));
            }
            return cpu;
        }

        private static long readServiceTicks(long pid) {
            if (pid <= 0) {
                return -1;
            }
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
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
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
                for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                    try {
                        for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
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
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
        }

        private static long[] readMachine() {
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
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

    // ---------------------------------------------------------------------------------------------
    // The run

    /** One agent with its token and a ready-made body prefix. */
    record Agent(String id, String token, String bodyPrefix) {

        byte[] body(long sequence) {
            return (bodyPrefix + sequence + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What one measurement produced. */
    record Result(String name, String detail, long operations, double seconds, Histogram latencyMicros,
            long non2xx, long errors, boolean budgetExhausted, Map<String, Object> extra) {

        double opsPerSecond() {
            return operations / seconds;
        }
    }

    static final class Run {

        private final Config config;
        private final Transport transport;
        private final List<Agent> agents = new ArrayList<>();
        private final AtomicLong sequence = new AtomicLong();
        private final LongAdder acknowledged = new LongAdder();
        private final Map<Integer, LongAdder> non2xxByStatus = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        private long budget;

        Run(Config config, Transport transport) {
            this.config = config;
            this.transport = transport;
        }

        int execute() throws Exception {
            System.out.printf("Toka HTTP load benchmark: %s, client=%s, agents=%d, label=%s%n",
                    config.base(), config.client(), config.agents(), config.label().isEmpty() ? "-" : config.label());
            long setupStart = System.nanoTime();
            setUp();
            budget = (long) config.agents() * TASKS_PER_AGENT;
            System.out.printf("setup: %d agents spawned and %d tokens issued in %.1f s (not timed below)%n",
                    agents.size(), agents.size(), (System.nanoTime() - setupStart) / 1e9);

            List<Result> results = new ArrayList<>();
            if (config.phases().contains("saturation")) {
                results.add(saturation());
            }
            if (config.phases().contains("rate")) {
                results.add(fixedRate());
            }
            Map<String, Object> check = verifyLog();
            print(results, check);

            long non2xx = results.stream().mapToLong(Result::non2xx).sum();
            long errors = results.stream().mapToLong(Result::errors).sum();
            boolean ok = non2xx == 0 && errors == 0 && Boolean.TRUE.equals(check.get("ok"))
                    && Boolean.TRUE.equals(check.get("allAcknowledgedInLog"));
            if (!firstFailures.isEmpty()) {
                System.out.println("first failures:");
                firstFailures.forEach(f -> System.out.println("  " + f));
            }
            System.out.println(ok ? "RESULT: OK" : "RESULT: FAILED (non-2xx answers, transport errors or a bad log)");
            return ok ? 0 : 1;
        }

        // ---- setup (not timed)

        private void setUp() throws Exception {
            int parallel = 8;
            Semaphore permits = new Semaphore(parallel);
            List<CompletableFuture<Agent>> pending = new ArrayList<>();
            for (int i = 0; i < config.agents(); i++) {
                permits.acquire();
                String name = "bench-" + i;
                CompletableFuture<Agent> agent = post(OPERATIONS, config.adminToken(),
                        "{\"op\":\"spawn-agent\",\"name\":\"" + name + "\",\"type\":\"script\"}", 201)
                        .thenCompose(spawned -> {
                            String id = spawned.get("agentId").asText();
                            return post("/api/v1/tokens", config.adminToken(), "{\"subject\":\"" + id
                                    + "\",\"permissions\":[\"task:schedule\"],\"ttlSeconds\":3600}", 201)
                                    .thenApply(token -> new Agent(id, token.get("token").asText(),
                                            "{\"op\":\"schedule-task\",\"agent\":\"" + id
                                                    + "\",\"description\":\"benchmark task "));
                        });
                agent.whenComplete((a, e) -> permits.release());
                pending.add(agent);
            }
            for (CompletableFuture<Agent> agent : pending) {
                agents.add(agent.get(60, TimeUnit.SECONDS));
            }
            acknowledged.add(agents.size());
        }

        private CompletableFuture<JsonNode> post(String path, String bearer, String json, int expected) {
            return transport.send(path, bearer, json.getBytes(StandardCharsets.UTF_8), true).thenApply(reply -> {
                if (reply.status() != expected) {
                    throw new IllegalStateException("setup: POST " + path + " answered " + reply.status() + ": "
                            + reply.body());
                }
                try {
                    return JSON.readTree(reply.body());
                } catch (Exception e) {
                    throw new IllegalStateException("setup: POST " + path + " answered no JSON: " + reply.body(), e);
                }
            });
        }

        // ---- the operation under test

        /** Picks the next agent round-robin, or returns -1 once the run's task budget is spent. */
        private long nextSequence(long limit) {
            long next = sequence.getAndIncrement();
            return next < limit ? next : -1;
        }

        private CompletableFuture<Reply> scheduleTask(long seq) {
            Agent agent = agents.get((int) (seq % agents.size()));
            return transport.send(OPERATIONS, agent.token(), agent.body(seq), false);
        }

        /** Counts the outcome; returns whether it was a 2xx. */
        private boolean account(Reply reply, Throwable failure, LongAdder non2xx, LongAdder errors) {
            if (failure != null) {
                errors.increment();
                if (firstFailures.size() < 5) {
                    firstFailures.add("transport: " + failure);
                }
                return false;
            }
            if (reply.status() / 100 != 2) {
                non2xx.increment();
                non2xxByStatus.computeIfAbsent(reply.status(), s -> new LongAdder()).increment();
                if (firstFailures.size() < 5) {
                    String body = reply.body() == null ? "" : reply.body();
                    firstFailures.add("HTTP " + reply.status() + ": " + body.substring(0, Math.min(400, body.length())));
                }
                return false;
            }
            acknowledged.increment();
            return true;
        }

        // ---- (1) saturation: closed loop

        private Result saturation() throws Exception {
            int clients = config.clients();
            long rateReserve = (long) config.rate() * (config.rateLeadInSeconds() + config.rateSeconds() + 2);
            long limit = Math.max(clients, budget - (config.phases().contains("rate") ? rateReserve : 0));
            ConcurrentHistogram histogram = new ConcurrentHistogram(3);
            LongAdder inWindow = new LongAdder();
            LongAdder non2xx = new LongAdder();
            LongAdder errors = new LongAdder();
            AtomicBoolean exhausted = new AtomicBoolean();
            long start = System.nanoTime();
            long windowStart = start + TimeUnit.SECONDS.toNanos(config.warmupSeconds());
            long plannedEnd = windowStart + TimeUnit.SECONDS.toNanos(config.durationSeconds());
            AtomicLong windowEnd = new AtomicLong(plannedEnd);
            CountDownLatch done = new CountDownLatch(clients);
            ExecutorService relaunch = Executors.newSingleThreadExecutor(daemon("bench-relaunch"));

            System.out.printf("saturation: %d concurrent clients, %d s warm-up + %d s measured ...%n",
                    clients, config.warmupSeconds(), config.durationSeconds());
            class Client {
                void next() {
                    long now = System.nanoTime();
                    if (now >= windowEnd.get()) {
                        done.countDown();
                        return;
                    }
                    long seq = nextSequence(limit);
                    if (seq < 0) {
                        if (exhausted.compareAndSet(false, true)) {
                            windowEnd.set(Math.max(windowStart, now));
                        }
                        done.countDown();
                        return;
                    }
                    long sent = System.nanoTime();
                    scheduleTask(seq).whenComplete((reply, failure) -> {
                        long completed = System.nanoTime();
                        boolean ok = account(reply, failure, non2xx, errors);
                        if (completed >= windowStart && completed < windowEnd.get()) {
                            histogram.recordValue(Math.max(1, (completed - sent) / 1_000));
                            if (ok) {
                                inWindow.increment();
                            }
                        }
                        if (failure != null) {
                            if (errors.sum() > 1_000) {
                                windowEnd.set(Math.min(windowEnd.get(), completed));
                            }
                            relaunch.execute(this::next); // never recurse on a synchronous failure
                        } else {
                            next();
                        }
                    });
                }
            }
            for (int i = 0; i < clients; i++) {
                new Client().next();
            }
            sleepUntil(windowStart);
            CpuSnapshot cpuStart = CpuSnapshot.take(config.servicePid());
            while (System.nanoTime() < windowEnd.get() && done.getCount() > 0) {
                sleepUntil(Math.min(windowEnd.get(), System.nanoTime() + 50_000_000L));
            }
            CpuSnapshot cpuEnd = CpuSnapshot.take(config.servicePid());
            if (!done.await(60, TimeUnit.SECONDS)) {
                System.err.println("saturation: some requests did not finish within 60 s of the end");
            }
            relaunch.shutdownNow();
            double seconds = Math.max(1e-9, (Math.min(windowEnd.get(), System.nanoTime()) - windowStart) / 1e9);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("clients", clients);
            extra.put("warmupSeconds", config.warmupSeconds());
            extra.putAll(cpuStart.until(cpuEnd, inWindow.sum()));
            return new Result("saturation", clients + " clients", inWindow.sum(), seconds, histogram, non2xx.sum(),
                    errors.sum(), exhausted.get(), extra);
        }

        // ---- (2) fixed offered rate: open loop, latency from the intended send time

        private Result fixedRate() throws Exception {
            long interval = 1_000_000_000L / config.rate();
            long limit = budget;
            ConcurrentHistogram histogram = new ConcurrentHistogram(3);
            LongAdder measured = new LongAdder();
            LongAdder non2xx = new LongAdder();
            LongAdder errors = new LongAdder();
            LongAdder lateSends = new LongAdder();
            AtomicLong maxInFlightSeen = new AtomicLong();
            Semaphore inFlight = new Semaphore(config.maxInFlight());
            boolean exhausted = false;
            System.out.printf("fixed rate: %d ops/s open loop, %d s lead-in + %d s measured ...%n",
                    config.rate(), config.rateLeadInSeconds(), config.rateSeconds());

            long start = System.nanoTime() + 10_000_000L;
            long windowStart = start + TimeUnit.SECONDS.toNanos(config.rateLeadInSeconds());
            long end = windowStart + TimeUnit.SECONDS.toNanos(config.rateSeconds());
            long lastIntended = windowStart;
            CpuSnapshot cpuStart = null;
            for (long i = 0; ; i++) {
                long intended = start + i * interval;
                if (intended >= end) {
                    break;
                }
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                if (now - intended > 1_000_000L) {
                    lateSends.increment();
                }
                long seq = nextSequence(limit);
                if (seq < 0) {
                    exhausted = true;
                    break;
                }
                inFlight.acquire();
                maxInFlightSeen.accumulateAndGet(config.maxInFlight() - inFlight.availablePermits(), Math::max);
                boolean record = intended >= windowStart;
                if (record && cpuStart == null) {
                    cpuStart = CpuSnapshot.take(config.servicePid());
                }
                lastIntended = intended;
                scheduleTask(seq).whenComplete((reply, failure) -> {
                    long completed = System.nanoTime();
                    inFlight.release();
                    boolean ok = account(reply, failure, non2xx, errors);
                    if (record) {
                        histogram.recordValue(Math.max(1, (completed - intended) / 1_000));
                        if (ok) {
                            measured.increment();
                        }
                    }
                });
            }
            CpuSnapshot cpuEnd = CpuSnapshot.take(config.servicePid());
            if (!inFlight.tryAcquire(config.maxInFlight(), 60, TimeUnit.SECONDS)) {
                System.err.println("fixed rate: some requests did not finish within 60 s of the end");
            } else {
                inFlight.release(config.maxInFlight());
            }
            double seconds = Math.max(1e-9, (Math.max(lastIntended + interval, windowStart) - windowStart) / 1e9);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("offeredRate", config.rate());
            extra.put("achievedRate", round(measured.sum() / seconds));
            extra.put("lateSendsOver1ms", lateSends.sum());
            extra.put("maxInFlight", maxInFlightSeen.get());
            if (cpuStart != null) {
                extra.putAll(cpuStart.until(cpuEnd, measured.sum()));
            }
            return new Result("fixed-rate", config.rate() + " ops/s offered", measured.sum(), seconds, histogram,
                    non2xx.sum(), errors.sum(), exhausted, extra);
        }

        // ---- after the load: is every acknowledged operation in an intact log?

        private Map<String, Object> verifyLog() {
            Map<String, Object> check = new LinkedHashMap<>();
            try {
                long t0 = System.nanoTime();
                Reply reply = transport.send("/api/v1/events/verify", config.adminToken(), null, true)
                        .get(120, TimeUnit.SECONDS);
                JsonNode verdict = JSON.readTree(reply.body());
                long checked = verdict.path("checked").asLong(-1);
                check.put("ok", reply.status() == 200 && verdict.path("ok").asBoolean(false));
                check.put("eventsInLog", checked);
                check.put("acknowledgedOperations", acknowledged.sum());
                check.put("allAcknowledgedInLog", checked >= acknowledged.sum());
                check.put("verifySeconds", round((System.nanoTime() - t0) / 1e9));
            } catch (Exception e) {
                check.put("ok", false);
                check.put("error", e.toString());
            }
            return check;
        }

        // ---- output

        private void print(List<Result> results, Map<String, Object> check) throws Exception {
            System.out.println();
            System.out.printf("%-12s %-18s %9s %7s %10s %8s %8s %9s %8s %7s %6s%n", "measurement", "load", "ops",
                    "secs", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "non2xx", "errors");
            for (Result r : results) {
                Histogram h = r.latencyMicros();
                System.out.printf(Locale.ROOT, "%-12s %-18s %9d %7.1f %10.0f %8.2f %8.2f %9.2f %8.2f %7d %6d%s%n",
                        r.name(), r.detail(), r.operations(), r.seconds(), r.opsPerSecond(),
                        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                        ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), r.non2xx(), r.errors(),
                        r.budgetExhausted() ? "  (task budget exhausted: window cut short)" : "");
                if (!r.extra().isEmpty()) {
                    System.out.println("             " + r.extra());
                }
            }
            if (!non2xxByStatus.isEmpty()) {
                System.out.println("non-2xx by status: " + non2xxByStatus);
            }
            System.out.println("log check: " + check);
            System.out.println();
            for (Result r : results) {
                Histogram h = r.latencyMicros();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("measurement", r.name());
                line.put("label", config.label());
                line.put("client", config.client());
                line.put("baseUrl", config.base().toString());
                line.put("agents", agents.size());
                line.put("operations", r.operations());
                line.put("seconds", round(r.seconds()));
                line.put("opsPerSecond", round(r.opsPerSecond()));
                line.put("p50Ms", ms(h.getValueAtPercentile(50)));
                line.put("p90Ms", ms(h.getValueAtPercentile(90)));
                line.put("p99Ms", ms(h.getValueAtPercentile(99)));
                line.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
                line.put("maxMs", ms(h.getMaxValue()));
                line.put("latencySamples", h.getTotalCount());
                line.put("non2xx", r.non2xx());
                line.put("errors", r.errors());
                line.put("budgetExhausted", r.budgetExhausted());
                line.putAll(r.extra());
                System.out.println(RESULT_PREFIX + JSON.writeValueAsString(line));
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("measurement", "log-check");
            line.put("label", config.label());
            line.putAll(check);
            System.out.println(RESULT_PREFIX + JSON.writeValueAsString(line));
        }

        private static double ms(long micros) {
            return round(micros / 1000.0);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long now;
        while ((now = System.nanoTime()) < nanoTime) {
            LockSupport.parkNanos(nanoTime - now);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}

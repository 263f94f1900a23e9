package dev.toka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.bench.CpuSnapshot.CpuUsage;
import dev.toka.bench.HttpTransport.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Part (c) of the load generator: end-to-end {@code POST /api/v1/operations} over HTTP against a running
 * service, every request carrying an agent's capability token (an ES256 JWT) that the service checks. Given
 * several instances of a fleet (one transport each), it spreads the agents over them: agent {@code i} is spawned,
 * given its token and sent its tasks on instance {@code i mod n}, so the load is spread evenly and each
 * instance serves what it wrote itself.
 *
 * <p>After a setup that is not timed (spawn {@code agents} agents as the admin, issue each a token with
 * {@code task:schedule}), it measures:
 * <ol>
 *   <li><b>saturation</b>: {@code clients} closed-loop clients, each with one {@code schedule-task} request in
 *       flight, for a warm-up and then a measured window: ops/s and latency percentiles;</li>
 *   <li><b>fixed rate</b>: an open-loop sender offers {@code rate} requests per second on a timer for a lead-in
 *       and then a measured window; each latency runs from the request's <i>intended</i> send time, so a
 *       stalled service shows up in full instead of slowing the sender (no coordinated omission).</li>
 * </ol>
 * Afterwards the service verifies its hash chain, and the log must hold at least as many events as
 * operations were acknowledged. Requests go to the agents round-robin; every agent receives at most
 * {@value #TASKS_PER_AGENT} tasks (the kernel allows 10,000 queued tasks), and a phase that runs out of
 * this budget ends early and says so.
 */
final class HttpLoadBenchmark {

    /** Tasks queued on one agent at most during a run; the kernel's limit is 10,000. */
    static final int TASKS_PER_AGENT = 9_500;

    private static final String OPERATIONS = "/api/v1/operations";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to offer and for how long. */
    record Settings(int clients, int agents, int warmupSeconds, int durationSeconds, int rate,
            int rateLeadInSeconds, int rateSeconds, int maxInFlight) {

        /** The option names {@link #from} reads. */
        static final Set<String> OPTIONS = Set.of("clients", "agents", "warmupSeconds", "durationSeconds", "rate",
                "rateLeadInSeconds", "rateSeconds", "maxInFlight");

        static Settings from(BenchOptions options) {
            return new Settings(options.integer("clients", 64), options.integer("agents", 256),
                    options.integer("warmupSeconds", 30), options.integer("durationSeconds", 20),
                    options.integer("rate", 1000), options.integer("rateLeadInSeconds", 5),
                    options.integer("rateSeconds", 20), options.integer("maxInFlight", 512));
        }
    }

    /** One measured phase. {@code cpu} is null when the phase measured nothing. */
    record Result(String name, String detail, long operations, double seconds, Histogram latencyMicros,
            long non2xx, long errors, boolean budgetExhausted, CpuUsage cpu, String notes) {

        double opsPerSecond() {
            return operations / seconds;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** The log after the load: an intact chain holding every acknowledged operation. */
    record LogCheck(boolean chainIntact, long eventsInLog, long acknowledged) {

        boolean ok() {
            return chainIntact && eventsInLog >= acknowledged;
        }
    }

    /** Both phases and the log check. */
    record Outcome(Result saturation, Result fixedRate, LogCheck log, List<String> firstFailures) {

        boolean ok() {
            return log.ok() && saturation.non2xx() + saturation.errors() + fixedRate.non2xx() + fixedRate.errors() == 0;
        }
    }

    /** One agent with its token, the instance it lives on, and a ready-made body prefix. */
    private record Agent(String id, String token, HttpTransport transport, String bodyPrefix) {

        byte[] body(long sequence) {
            return (bodyPrefix + sequence + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Settings settings;
    private final List<HttpTransport> transports;
    private final String adminToken;
    private final List<Long> servicePids;
    private final List<Agent> agents = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder acknowledged = new LongAdder();
    private final Map<Integer, LongAdder> non2xxByStatus = new ConcurrentHashMap<>();
    private final List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());
    private long budget;

    /** Against one service, or a fleet: one transport per instance, and the pids whose CPU is measured. */
    HttpLoadBenchmark(Settings settings, List<HttpTransport> transports, String adminToken, List<Long> servicePids) {
        this.settings = settings;
        this.transports = List.copyOf(transports);
        this.adminToken = adminToken;
        this.servicePids = List.copyOf(servicePids);
    }

    Outcome run() throws Exception {
        long setupStart = System.nanoTime();
        setUp();
        budget = (long) settings.agents() * TASKS_PER_AGENT;
        System.out.printf("  setup: %d agents spawned and %d tokens issued in %.1f s (not timed)%n",
                agents.size(), agents.size(), (System.nanoTime() - setupStart) / 1e9);
        Result saturation = saturation();
        print(saturation);
        Result fixedRate = fixedRate();
        print(fixedRate);
        LogCheck log = verifyLog();
        System.out.printf("  log check: chain intact %s, %d events in the log, %d operations acknowledged%n",
                log.chainIntact(), log.eventsInLog(), log.acknowledged());
        if (!non2xxByStatus.isEmpty()) {
            System.out.println("  non-2xx by status: " + non2xxByStatus);
        }
        return new Outcome(saturation, fixedRate, log, List.copyOf(firstFailures));
    }

    // ---- setup (not timed)

    private void setUp() throws Exception {
        int parallel = 8;
        Semaphore permits = new Semaphore(parallel);
        List<CompletableFuture<Agent>> pending = new ArrayList<>();
        for (int i = 0; i < settings.agents(); i++) {
            permits.acquire();
            String name = "bench-" + i;
            HttpTransport transport = transports.get(i % transports.size());
            CompletableFuture<Agent> agent = post(transport, OPERATIONS, adminToken,
                    "{\"op\":\"spawn-agent\",\"name\":\"" + name + "\",\"type\":\"script\"}", 201)
                    .thenCompose(spawned -> {
                        String id = spawned.get("agentId").asText();
                        return post(transport, "/api/v1/tokens", adminToken, "{\"subject\":\"" + id
                                + "\",\"permissions\":[\"task:schedule\"],\"ttlSeconds\":3600}", 201)
                                .thenApply(token -> new Agent(id, token.get("token").asText(), transport,
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

    private static CompletableFuture<JsonNode> post(HttpTransport transport, String path, String bearer, String json, int expected) {
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
        return agent.transport().send(OPERATIONS, agent.token(), agent.body(seq), false);
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
        int clients = settings.clients();
        long rateReserve = (long) settings.rate() * (settings.rateLeadInSeconds() + settings.rateSeconds() + 2);
        long limit = Math.max(clients, budget - rateReserve);
        ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        LongAdder inWindow = new LongAdder();
        LongAdder non2xx = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean exhausted = new AtomicBoolean();
        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        long plannedEnd = windowStart + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
        AtomicLong windowEnd = new AtomicLong(plannedEnd);
        CountDownLatch done = new CountDownLatch(clients);
        ExecutorService relaunch = Executors.newSingleThreadExecutor(daemon("bench-relaunch"));

        System.out.printf("  saturation: %d concurrent clients, %d s warm-up + %d s measured ...%n",
                clients, settings.warmupSeconds(), settings.durationSeconds());
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
        CpuSnapshot cpuStart = CpuSnapshot.take(servicePids);
        while (System.nanoTime() < windowEnd.get() && done.getCount() > 0) {
            sleepUntil(Math.min(windowEnd.get(), System.nanoTime() + 50_000_000L));
        }
        CpuSnapshot cpuEnd = CpuSnapshot.take(servicePids);
        if (!done.await(60, TimeUnit.SECONDS)) {
            System.err.println("saturation: some requests did not finish within 60 s of the end");
        }
        relaunch.shutdownNow();
        double seconds = Math.max(1e-9, (Math.min(windowEnd.get(), System.nanoTime()) - windowStart) / 1e9);
        return new Result("saturation", clients + " clients", inWindow.sum(), seconds, histogram, non2xx.sum(),
                errors.sum(), exhausted.get(), cpuStart.until(cpuEnd, inWindow.sum()), "");
    }

    // ---- (2) fixed offered rate: open loop, latency from the intended send time

    private Result fixedRate() throws Exception {
        long interval = 1_000_000_000L / settings.rate();
        long limit = budget;
        ConcurrentHistogram histogram = new ConcurrentHistogram(3);
        LongAdder measured = new LongAdder();
        LongAdder non2xx = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder lateSends = new LongAdder();
        AtomicLong maxInFlightSeen = new AtomicLong();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        boolean exhausted = false;
        System.out.printf("  fixed rate: %d ops/s open loop, %d s lead-in + %d s measured ...%n",
                settings.rate(), settings.rateLeadInSeconds(), settings.rateSeconds());

        long start = System.nanoTime() + 10_000_000L;
        long windowStart = start + TimeUnit.SECONDS.toNanos(settings.rateLeadInSeconds());
        long end = windowStart + TimeUnit.SECONDS.toNanos(settings.rateSeconds());
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
            maxInFlightSeen.accumulateAndGet(settings.maxInFlight() - inFlight.availablePermits(), Math::max);
            boolean record = intended >= windowStart;
            if (record && cpuStart == null) {
                cpuStart = CpuSnapshot.take(servicePids);
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
        CpuSnapshot cpuEnd = CpuSnapshot.take(servicePids);
        if (!inFlight.tryAcquire(settings.maxInFlight(), 60, TimeUnit.SECONDS)) {
            System.err.println("fixed rate: some requests did not finish within 60 s of the end");
        } else {
            inFlight.release(settings.maxInFlight());
        }
        double seconds = Math.max(1e-9, (Math.max(lastIntended + interval, windowStart) - windowStart) / 1e9);
        String notes = String.format(Locale.ROOT, "achieved %.0f ops/s, %d sends over 1 ms late, at most %d in"
                + " flight", measured.sum() / seconds, lateSends.sum(), maxInFlightSeen.get());
        return new Result("fixed rate", settings.rate() + " ops/s offered", measured.sum(), seconds, histogram,
                non2xx.sum(), errors.sum(), exhausted, cpuStart == null ? null : cpuStart.until(cpuEnd,
                measured.sum()), notes);
    }

    // ---- after the load: is every acknowledged operation in an intact log?

    private LogCheck verifyLog() throws Exception {
        Reply reply = transports.get(0).send("/api/v1/events/verify", adminToken, null, true).get(120, TimeUnit.SECONDS);
        JsonNode verdict = JSON.readTree(reply.body());
        return new LogCheck(reply.status() == 200 && verdict.path("ok").asBoolean(false),
                verdict.path("checked").asLong(-1), acknowledged.sum());
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %s (%s): %.0f ops/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms,"
                        + " %d non-2xx, %d errors%s%n    %s%s%n",
                r.name(), r.detail(), r.opsPerSecond(), r.percentileMillis(50), r.percentileMillis(99),
                r.percentileMillis(99.9), r.latencyMicros().getMaxValue() / 1000.0, r.non2xx(), r.errors(),
                r.budgetExhausted() ? " (task budget exhausted: window cut short)" : "", r.cpu(),
                r.notes().isEmpty() ? "" : "; " + r.notes());
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepUntil(long nanoTime) {
        long now;
        while ((now = System.nanoTime()) < nanoTime) {
            LockSupport.parkNanos(nanoTime - now);
        }
    }
}

package dev.toka.security.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * {@code toka.refusals} (counter; {@code reason}): every refusal the audit trail records, by the problem type
 * its answer carries (docs/api.md): unauthorized (401), budget-exceeded (402), forbidden (403),
 * tool-not-found (404), invalid-request (400, a tool call refused before admission), rate-limited (429).
 * All are registered at start; a status not listed counts as {@code other}.
 */
@Startup
@Singleton
class RefusalMeter {

    private final Counter unauthorized;
    private final Counter budgetExceeded;
    private final Counter forbidden;
    private final Counter toolNotFound;
    private final Counter invalidRequest;
    private final Counter rateLimited;
    private final Counter other;

    RefusalMeter(MeterRegistry registry) {
        unauthorized = counter(registry, "unauthorized");
        budgetExceeded = counter(registry, "budget-exceeded");
        forbidden = counter(registry, "forbidden");
        toolNotFound = counter(registry, "tool-not-found");
        invalidRequest = counter(registry, "invalid-request");
        rateLimited = counter(registry, "rate-limited");
        other = counter(registry, "other");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder("toka.refusals").description("Refusals recorded in the audit trail, by reason")
                .tag("reason", reason).register(registry);
    }

    /** Counts a refusal answered with {@code status}. */
    void refused(int status) {
        Counter counter = switch (status) {
            case 401 -> unauthorized;
            case 402 -> budgetExceeded;
            case 403 -> forbidden;
            case 404 -> toolNotFound;
            case 400 -> invalidRequest;
            case 429 -> rateLimited;
            default -> other;
        };
        counter.increment();
    }
}

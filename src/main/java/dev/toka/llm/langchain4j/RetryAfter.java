package dev.toka.llm.langchain4j;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider's 429 answer that says how long to wait ({@code Retry-After}). An {@link HttpException}, so
 * LangChain4j still maps it to its {@code RateLimitException}, with this as the cause the guards read.
 */
final class RetryAfter extends HttpException {

    private final Duration wait;

    RetryAfter(Duration wait) {
        super(429, "rate limited; the provider asks to wait " + wait.toSeconds() + " s (Retry-After)");
        this.wait = wait;
    }

    /** How long the provider asked to wait before the next request. */
    Duration waitTime() {
        return wait;
    }

    /** The wait a failure carries somewhere in its causes, if it is a 429 with {@code Retry-After}. */
    static Optional<RetryAfter> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetryAfter retryAfter) {
                return Optional.of(retryAfter);
            }
        }
        return Optional.empty();
    }

    /** A {@code Retry-After} value (RFC 9110: delay-seconds or an HTTP date) as a wait from {@code now}. */
    static Optional<Duration> parse(String value, Instant now) {
        String text = value.strip();
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            }
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (NumberFormatException | DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}

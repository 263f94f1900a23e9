package dev.toka.security.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.toka.security.RateLimitStatus;
import dev.toka.security.RateLimitedException;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per route group and caller, and per agent and vault for model calls: one
 * principal's flood empties only its own bucket, never another's. Idle buckets are forgotten after
 * an hour, and at most {@value #MAX_BUCKETS} are kept: callers and client addresses are chosen by the
 * clients, so without a bound a flood of new ones would grow the map without end.
 */
@Singleton
public class RateLimits {

    /** The buckets that belong to no route group, each with its own quota. */
    private enum Limit { ANONYMOUS, MODEL_CALLS_PER_AGENT, MODEL_CALLS_PER_VAULT }

    /** A bucket: its kind (a {@link RouteGroup} or a {@link Limit}) and whom it counts. */
    private record Key(Enum<?> kind, String holder) {}

    /** Most buckets kept at once; past it the least recently used are forgotten (their holders start afresh). */
    static final int MAX_BUCKETS = 100_000;

    private final Map<Enum<?>, Quota> quotas = new HashMap<>();
    private final LoadingCache<Key, Bucket> buckets;

    RateLimits(SecurityConfig config) {
        SecurityConfig.RateLimit limits = config.rateLimit();
        quotas.put(RouteGroup.ISSUE, Quota.parse(limits.issue()));
        quotas.put(RouteGroup.WRITE, Quota.parse(limits.write()));
        quotas.put(RouteGroup.READ, Quota.parse(limits.read()));
        quotas.put(RouteGroup.TOOL, Quota.parse(limits.tool()));
        quotas.put(Limit.ANONYMOUS, Quota.parse(limits.anonymous()));
        quotas.put(Limit.MODEL_CALLS_PER_AGENT, Quota.parse(limits.modelCallsPerAgent()));
        quotas.put(Limit.MODEL_CALLS_PER_VAULT, Quota.parse(limits.modelCallsPerVault()));
        buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfterAccess(Duration.ofHours(1))
                .build(key -> bucketOf(quotas.get(key.kind())));
    }

    /**
     * Takes one request from {@code caller}'s bucket for {@code group}.
     *
     * @throws RateLimitedException when the bucket is empty
     */
    public RateLimitStatus consume(RouteGroup group, String caller) {
        return take(new Key(group, caller), caller);
    }

    /** Takes one request from the bucket of an unauthenticated client address. */
    public RateLimitStatus consumeAnonymous(String clientAddress) {
        return take(new Key(Limit.ANONYMOUS, clientAddress), clientAddress);
    }

    /**
     * Takes one model call from the agent's bucket, then one from its vault's.
     *
     * @throws RateLimitedException when either bucket is empty
     */
    public void consumeModelCall(String agentId, String vault) {
        take(new Key(Limit.MODEL_CALLS_PER_AGENT, agentId), "agent " + agentId);
        take(new Key(Limit.MODEL_CALLS_PER_VAULT, vault), "vault " + vault);
    }

    private RateLimitStatus take(Key key, String caller) {
        Quota quota = quotas.get(key.kind());
        ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(1);
        long resetSeconds = seconds(probe.getNanosToWaitForReset());
        RateLimitStatus status = new RateLimitStatus(quota.capacity(), probe.getRemainingTokens(), resetSeconds);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(caller + " exceeded " + quota.capacity() + " requests per "
                    + quota.period(), status, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
        }
        return status;
    }

    private static Bucket bucketOf(Quota quota) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(quota.capacity()).refillGreedy(quota.capacity(), quota.period())
                        .build())
                .build();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}

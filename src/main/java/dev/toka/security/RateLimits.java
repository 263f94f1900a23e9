package dev.toka.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per route group and caller: one principal's flood empties only its own
 * bucket, never another's. Idle buckets are forgotten after an hour.
 */
@ApplicationScoped
public class RateLimits {

    private record Key(RouteGroup group, String caller) {}

    private final Map<RouteGroup, Quota> quotas = new EnumMap<>(RouteGroup.class);
    private final Quota anonymous;
    private final LoadingCache<Key, Bucket> buckets;

    public RateLimits(SecurityConfig config) {
        SecurityConfig.RateLimit limits = config.rateLimit();
        quotas.put(RouteGroup.ISSUE, Quota.parse(limits.issue()));
        quotas.put(RouteGroup.WRITE, Quota.parse(limits.write()));
        quotas.put(RouteGroup.READ, Quota.parse(limits.read()));
        quotas.put(RouteGroup.TOOL, Quota.parse(limits.tool()));
        anonymous = Quota.parse(limits.anonymous());
        buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(1))
                .build(key -> bucketOf(quotaOf(key)));
    }

    /**
     * Takes one request from {@code caller}'s bucket for {@code group}.
     *
     * @throws RateLimitedException when the bucket is empty
     */
    public RateLimitStatus consume(RouteGroup group, String caller) {
        return take(new Key(group, caller), quotas.get(group), caller);
    }

    /** Takes one request from the bucket of an unauthenticated client address. */
    public RateLimitStatus consumeAnonymous(String clientAddress) {
        return take(new Key(null, clientAddress), anonymous, clientAddress);
    }

    private RateLimitStatus take(Key key, Quota quota, String caller) {
        ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(1);
        long resetSeconds = seconds(probe.getNanosToWaitForReset());
        RateLimitStatus status = new RateLimitStatus(quota.capacity(), probe.getRemainingTokens(), resetSeconds);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(caller + " exceeded " + quota.capacity() + " requests per "
                    + quota.period(), status, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
        }
        return status;
    }

    private Quota quotaOf(Key key) {
        return key.group() == null ? anonymous : quotas.get(key.group());
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

package dev.toka.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Toka's own limits on a request's head (docs/api.md, "Limits"), answered with 414 and 431
 * problems. They sit below the codec's ceilings ({@code quarkus.http.limits.max-initial-line-length}
 * and {@code max-header-size}), so a request between the two reaches Toka and gets a problem body.
 */
@ConfigMapping(prefix = "toka.http")
public interface HttpConfig {

    /** Longest request target (path and query), in characters; default 4096. */
    @WithDefault("4096")
    int maxRequestTargetLength();

    /** Most bytes of request headers, names and values together; default 20480. */
    @WithDefault("20480")
    int maxHeaderBytes();
}

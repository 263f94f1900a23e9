package dev.toka.security.keys;

import dev.toka.security.SecurityConfig;
import dev.toka.security.SigningKey;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Replaces the signing key once it is older than {@code toka.security.key-rotation-interval}. */
@Singleton
class KeyRotationSchedule {

    private final SigningKeys keys;
    private final SecurityConfig config;
    private final Clock clock;

    KeyRotationSchedule(SigningKeys keys, SecurityConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${toka.security.key-rotation-check:5m}", delayed = "1m")
    void rotateWhenDue() {
        SigningKey current = keys.current();
        if (!current.createdAt().plus(config.keyRotationInterval()).isAfter(clock.instant())) {
            SigningKey next = keys.rotate();
            Log.infof("rotated the signing key: %s replaces %s", next.kid(), current.kid());
        }
    }
}

package dev.toka.security.keys;

import dev.toka.security.SecurityConfig;
import dev.toka.store.EventLog;
import java.time.Clock;

/** A signing-key set apart from the service's bean, for a projection a test builds from the log itself. */
public final class FreshSigningKeys {

    private FreshSigningKeys() {}

    public static SigningKeys of(EventLog log, SecurityConfig config, Clock clock) {
        return new SigningKeys(log, new KeyEncryption(config), config, clock);
    }
}

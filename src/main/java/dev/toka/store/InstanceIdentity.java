package dev.toka.store;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The id of this service instance: {@code toka.instance.id} when configured, else a fresh one per start
 * ({@code i-} and 8 random hex digits). Every event this instance writes names it in its metadata, so
 * the log shows who ran what; the fleet's leases (docs/orchestration.md, "A fleet") are held by it.
 *
 * <p>A configured id survives restarts: the instance then recognises, and recovers, the attempts of its
 * own previous life at once. A generated one is never reused: its previous life's work is recovered like
 * a dead instance's, once its heartbeat is older than the bound.
 */
@Singleton
public class InstanceIdentity {

    private final String id;

    public InstanceIdentity(@ConfigProperty(name = "toka.instance.id") Optional<String> configured) {
        this.id = configured.map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(InstanceIdentity::generated);
        if (id.length() > 64) {
            throw new IllegalArgumentException("toka.instance.id must be at most 64 characters: " + id);
        }
    }

    private static String generated() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return "i-" + HexFormat.of().formatHex(random);
    }

    /** The id. */
    public String id() {
        return id;
    }
}

package dev.toka.security.tokens;

import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.AdminCredentialCreated;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The admin bearer secret: {@code TOKA_ADMIN_TOKEN} when set; otherwise generated at first start,
 * printed once in the log, and remembered only as its SHA-256 in the log.
 */
@Singleton
public class AdminCredential {

    /** A configured secret shorter than this draws a warning at start: 32 base64 characters carry 192 bits. */
    static final int STRONG_SECRET_LENGTH = 32;

    private final SecurityConfig config;
    private final EventStore store;
    private final EventLog log;
    private final EventCodec codec;
    private volatile byte[] secretSha256;

    AdminCredential(SecurityConfig config, EventStore store, EventLog log, EventCodec codec) {
        this.config = config;
        this.store = store;
        this.log = log;
        this.codec = codec;
    }

    void onStart(@Observes StartupEvent start) {
        secretSha256();
    }

    /** Whether {@code bearer} is the admin secret (compared in constant time). */
    public boolean matches(String bearer) {
        return MessageDigest.isEqual(sha256(bearer), secretSha256());
    }

    private byte[] secretSha256() {
        byte[] digest = secretSha256;
        return digest != null ? digest : loadOrCreate();
    }

    private synchronized byte[] loadOrCreate() {
        if (secretSha256 != null) {
            return secretSha256;
        }
        if (config.adminToken().isPresent()) {
            String secret = config.adminToken().get();
            if (secret.length() < STRONG_SECRET_LENGTH) {
                // The back-off never refuses a right guess (docs/security.md), so a short secret is the weak point.
                Log.warnf("TOKA_ADMIN_TOKEN has %d characters; use at least %d random ones (openssl rand -base64 32):"
                        + " a guesser who ignores the back-off is stopped only by the secret's length",
                        secret.length(), STRONG_SECRET_LENGTH);
            }
            secretSha256 = sha256(secret);
            return secretSha256;
        }
        for (StoredEvent event : store.readStream(SecurityEvents.STREAM, 1, Integer.MAX_VALUE)) {
            codec.decode(event, AdminCredentialCreated.class)
                    .ifPresent(created -> secretSha256 = HexFormat.of().parseHex(created.secretSha256()));
        }
        if (secretSha256 == null) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            byte[] digest = sha256(secret);
            log.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                    new AdminCredentialCreated(HexFormat.of().formatHex(digest)), EventMetadata.of("system"));
            secretSha256 = digest;
            Log.warnf("Generated the admin credential; it is shown this once. Use it as"
                    + " 'Authorization: Bearer <secret>' or set TOKA_ADMIN_TOKEN. Admin secret: %s", secret);
        }
        return secretSha256;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

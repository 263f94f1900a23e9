package dev.toka.security.tokens;

import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.bus.Startable;
import dev.toka.security.SecurityEvents.AdminCredentialConfigured;
import dev.toka.security.SecurityEvents.AdminCredentialCreated;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.security.keys.SecretFingerprints;
import dev.toka.security.policy.AuditTrail;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin bearer secret: {@code TOKA_ADMIN_TOKEN} when set; otherwise generated at first start,
 * printed once in the log, and remembered only as its SHA-256 in the log.
 *
 * <p>A configured secret that differs from the one the log last recorded replaces it: the change is
 * recorded (an {@link AdminCredentialConfigured} event and an audit entry) and logged once, at the
 * start that made it. A generated secret is never brought back once replaced: without
 * {@code TOKA_ADMIN_TOKEN} after a configured one, a new secret is generated.
 */
@Singleton
public class AdminCredential implements Startable {

    /** A configured secret shorter than this draws a warning at start: 32 base64 characters carry 192 bits. */
    static final int STRONG_SECRET_LENGTH = 32;

    private static final String SYSTEM = "system";

    private final SecurityConfig config;
    private final EventStore store;
    private final EventLog log;
    private final EventCodec codec;
    private final SecretFingerprints fingerprints;
    private final AuditTrail audit;
    private volatile byte[] secretSha256;

    AdminCredential(SecurityConfig config, EventStore store, EventLog log, EventCodec codec,
            SecretFingerprints fingerprints, AuditTrail audit) {
        this.config = config;
        this.store = store;
        this.log = log;
        this.codec = codec;
        this.fingerprints = fingerprints;
        this.audit = audit;
    }

    @Override
    public String name() {
        return "admin-credential";
    }

    /** After the security projection: an instance whose key-encryption key is wrong must write nothing. */
    @Override
    public Set<Class<? extends Startable>> dependsOn() {
        return Set.of(SecurityProjection.class);
    }

    @Override
    public void start() {
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
        Recorded recorded = lastRecorded();
        if (config.adminToken().isPresent()) {
            secretSha256 = configured(config.adminToken().get(), recorded);
        } else if (recorded.generatedSha256() != null) {
            secretSha256 = recorded.generatedSha256();
        } else {
            secretSha256 = generate();
        }
        return secretSha256;
    }

    /** The credential the log recorded last, if any: a generated one's digest, or a configured one's fingerprint. */
    private record Recorded(long position, byte[] generatedSha256, String configuredFingerprint) {

        static final Recorded NONE = new Recorded(0, null, null);

        boolean isSecret(byte[] sha256, String fingerprint) {
            return generatedSha256 != null ? MessageDigest.isEqual(generatedSha256, sha256)
                    : fingerprint.equals(configuredFingerprint);
        }
    }

    private Recorded lastRecorded() {
        Recorded last = Recorded.NONE;
        for (StoredEvent event : store.readStream(SecurityEvents.STREAM, 1, Integer.MAX_VALUE)) {
            Object decoded = codec.decode(event);
            if (decoded instanceof AdminCredentialCreated created) {
                last = new Recorded(event.position(), HexFormat.of().parseHex(created.secretSha256()), null);
            } else if (decoded instanceof AdminCredentialConfigured configured) {
                last = new Recorded(event.position(), null, configured.fingerprint());
            }
        }
        return last;
    }

    private byte[] configured(String secret, Recorded recorded) {
        if (secret.length() < STRONG_SECRET_LENGTH) {
            // The back-off never refuses a right guess (docs/security.md), so a short secret is the weak point.
            Log.warnf("TOKA_ADMIN_TOKEN has %d characters; use at least %d random ones (openssl rand -base64 32):"
                    + " a guesser who ignores the back-off is stopped only by the secret's length",
                    secret.length(), STRONG_SECRET_LENGTH);
        }
        byte[] digest = sha256(secret);
        String fingerprint = fingerprints.of(secret);
        if (recorded == Recorded.NONE || !recorded.isSecret(digest, fingerprint)) {
            record(fingerprint, recorded);
        }
        return digest;
    }

    /** Records a configured secret; the audit entry first, so a crash in between repeats it rather than losing it. */
    private void record(String fingerprint, Recorded replaced) {
        Long replacedAt = replaced == Recorded.NONE ? null : replaced.position();
        if (replacedAt != null) {
            String reason = "TOKA_ADMIN_TOKEN replaced the admin secret recorded at position " + replacedAt
                    + "; that secret no longer works";
            audit.record(new AuditRecorded(SYSTEM, "admin:replace-credential", null, "allow", reason, 0, null, null))
                    .join();
            Log.warnf("%s (recorded in the audit trail)", reason);
        }
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                new AdminCredentialConfigured(fingerprint, replacedAt), EventMetadata.of(SYSTEM));
    }

    private byte[] generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] digest = sha256(secret);
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                new AdminCredentialCreated(HexFormat.of().formatHex(digest)), EventMetadata.of(SYSTEM));
        Log.warnf("Generated the admin credential; it is shown this once. Use it as"
                + " 'Authorization: Bearer <secret>' or set TOKA_ADMIN_TOKEN. Admin secret: %s", secret);
        return digest;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

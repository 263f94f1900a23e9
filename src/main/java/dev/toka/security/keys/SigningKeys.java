package dev.toka.security.keys;

import dev.toka.security.PublicKeys;
import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SigningKey;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;

/**
 * The signing keys, a projection of the {@code SigningKeyCreated} events in the log (fed by
 * {@code tokens.SecurityProjection}): keys survive a restart and every instance sees the same set.
 *
 * <p>The newest key signs. A key that a newer one replaced still verifies until every token it can
 * have signed has expired (its retirement plus the longest token lifetime); after that it is
 * dropped from verification and from the JWKS.
 *
 * <p>Every instance on one log must hold the same key-encryption key. A key in the log that this
 * instance's key-encryption key does not open makes {@link #requireAllOpened} fail: the instance refuses
 * to start, and never adds a key of its own, which would replace the others' signing key.
 */
@Singleton
public class SigningKeys implements PublicKeys {

    private final EventLog log;
    private final KeyEncryption encryption;
    private final SecurityConfig config;
    private final Clock clock;
    private final AtomicReference<List<SigningKey>> keys = new AtomicReference<>(List.of());
    private final Set<String> unopened = ConcurrentHashMap.newKeySet();
    // Every key as the log holds it, private half sealed: what a snapshot keeps, never a key in clear.
    private final Map<String, SigningKeyCreated> created = new ConcurrentHashMap<>();
    private final Object creation = new Object();

    SigningKeys(EventLog log, KeyEncryption encryption, SecurityConfig config, Clock clock) {
        this.log = log;
        this.encryption = encryption;
        this.config = config;
        this.clock = clock;
    }

    /** The key that signs new tokens; made on first use when the log holds none. */
    public SigningKey current() {
        List<SigningKey> known = keys.get();
        return known.isEmpty() ? createFirst() : known.get(known.size() - 1);
    }

    /** The key with this id, if it may still verify a token. */
    public Optional<SigningKey> byKid(String kid) {
        return verifying().stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    /** Makes a new key the signing key at once; returns it. */
    public SigningKey rotate() {
        return create();
    }

    /**
     * Checks that the key-encryption key opened every signing key in the log so far.
     *
     * @throws KeyEncryptionMismatchException naming the keys it did not open
     */
    public void requireAllOpened() {
        if (!unopened.isEmpty()) {
            throw new KeyEncryptionMismatchException(new TreeSet<>(unopened));
        }
    }

    /** The keys that may still verify some live token, oldest first. */
    public List<SigningKey> verifying() {
        List<SigningKey> known = keys.get();
        Instant now = clock.instant();
        List<SigningKey> live = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            boolean isCurrent = i == known.size() - 1;
            if (isCurrent || known.get(i + 1).createdAt().plus(config.maxTtl()).plus(config.clockSkew()).isAfter(now)) {
                live.add(known.get(i));
            }
        }
        return live;
    }

    @Override
    public Map<String, Object> jwks() {
        current();
        return Map.of("keys", verifying().stream().map(SigningKeys::jwk).toList());
    }

    private static Map<String, Object> jwk(SigningKey key) {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey(key.publicKey());
        jwk.setKeyId(key.kid());
        jwk.setAlgorithm(SigningKey.ALGORITHM);
        jwk.setUse("sig");
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * Applies a key from the log; the same key arriving twice is kept once. Never blocks: it runs
     * on the thread that commits events, which an appending caller may be waiting for.
     */
    public void onKeyCreated(SigningKeyCreated created) {
        this.created.putIfAbsent(created.kid(), created);
        Optional<SigningKey> opened = open(created);
        if (opened.isEmpty()) {
            unopened.add(created.kid());
            Log.errorf("signing key %s in the log does not open with this instance's key-encryption key",
                    created.kid());
            return;
        }
        SigningKey key = opened.get();
        keys.updateAndGet(known -> {
            if (known.stream().anyMatch(k -> k.kid().equals(key.kid()))) {
                return known;
            }
            List<SigningKey> more = new ArrayList<>(known);
            more.add(key);
            more.sort(Comparator.comparing(SigningKey::createdAt));
            return List.copyOf(more);
        });
    }

    /** Every key applied so far, as the log holds it (sealed), by kid: the security projection's snapshot. */
    public Map<String, SigningKeyCreated> sealedKeys() {
        return Map.copyOf(created);
    }

    private SigningKey createFirst() {
        synchronized (creation) {
            return keys.get().isEmpty() ? create() : current();
        }
    }

    private SigningKey create() {
        requireAllOpened();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SigningKeyCreated created = new SigningKeyCreated(UUID.randomUUID().toString(), SigningKey.ALGORITHM,
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    encryption.seal(pair.getPrivate().getEncoded()), clock.instant());
            log.append(SecurityEvents.STREAM, ExpectedVersion.any(), created, EventMetadata.of("system"));
            onKeyCreated(created);
            return byKid(created.kid()).orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    /** The key, or empty when the key-encryption key does not open its private half. */
    private Optional<SigningKey> open(SigningKeyCreated created) {
        Optional<byte[]> privateKey = encryption.open(created.sealedPrivateKey());
        if (privateKey.isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(created.publicKey())));
            return Optional.of(new SigningKey(created.kid(), publicKey,
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey.get())), created.createdAt()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + created.kid() + " in the log is not a P-256 key", e);
        }
    }
}

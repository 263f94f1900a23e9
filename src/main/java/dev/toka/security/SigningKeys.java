package dev.toka.security;

import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.JsonEvents;
import dev.toka.store.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys, a projection of the {@code SigningKeyCreated} events in the log: keys survive a
 * restart and every instance sees the same set. The newest key signs.
 */
@ApplicationScoped
public class SigningKeys {

    private final EventStore store;
    private final JsonEvents events;
    private final KeyEncryption encryption;
    private final Clock clock;
    private final Map<String, SigningKey> byKid = new ConcurrentHashMap<>();
    private volatile SigningKey current;

    public SigningKeys(EventStore store, JsonEvents events, KeyEncryption encryption, Clock clock) {
        this.store = store;
        this.events = events;
        this.encryption = encryption;
        this.clock = clock;
    }

    /** The key that signs new tokens; made on first use when the log holds none. */
    public SigningKey current() {
        SigningKey key = current;
        return key != null ? key : loadOrCreate();
    }

    /** The key with this id, if it exists. */
    public Optional<SigningKey> byKid(String kid) {
        current();
        return Optional.ofNullable(byKid.get(kid));
    }

    /** Every key that may still verify a token. */
    public List<SigningKey> all() {
        current();
        return List.copyOf(byKid.values());
    }

    /** The public keys as a JWK Set, for {@code /.well-known/jwks.json}. */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> published = all().stream()
                .sorted(Comparator.comparing(SigningKey::createdAt))
                .map(SigningKeys::jwk)
                .toList();
        return Map.of("keys", published);
    }

    private static Map<String, Object> jwk(SigningKey key) {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey(key.publicKey());
        jwk.setKeyId(key.kid());
        jwk.setAlgorithm(SigningKey.ALGORITHM);
        jwk.setUse("sig");
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private synchronized SigningKey loadOrCreate() {
        if (current != null) {
            return current;
        }
        for (StoredEvent event : store.readStream(SecurityEvents.STREAM, 1, Integer.MAX_VALUE)) {
            if (event.type().equals(JsonEvents.typeOf(SigningKeyCreated.class))) {
                remember(open(events.payload(event, SigningKeyCreated.class)));
            }
        }
        if (current == null) {
            remember(create());
        }
        return current;
    }

    private SigningKey create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey(UUID.randomUUID().toString(), (ECPublicKey) pair.getPublic(),
                    pair.getPrivate(), clock.instant());
            SigningKeyCreated created = new SigningKeyCreated(key.kid(), SigningKey.ALGORITHM,
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    encryption.seal(pair.getPrivate().getEncoded()), key.createdAt());
            store.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                    List.of(events.toNewEvent(created, EventMetadata.of("system"))));
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    private SigningKey open(SigningKeyCreated created) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(created.publicKey())));
            var privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(encryption.open(created.sealedPrivateKey())));
            return new SigningKey(created.kid(), publicKey, privateKey, created.createdAt());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + created.kid() + " in the log is not a P-256 key", e);
        }
    }

    private void remember(SigningKey key) {
        byKid.put(key.kid(), key);
        if (current == null || !key.createdAt().isBefore(current.createdAt())) {
            current = key;
        }
    }
}

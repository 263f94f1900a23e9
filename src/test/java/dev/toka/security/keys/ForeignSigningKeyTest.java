package dev.toka.security.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SigningKey;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A running instance that finds a signing key in the log that its key-encryption key does not open
 * (appended by an instance started with another one) never adds a key of its own: no rotation, by the
 * schedule or the API, replaces the others' signing key.
 */
@QuarkusTest
@TestProfile(ForeignSigningKeyTest.OwnLog.class)
class ForeignSigningKeyTest {

    /** A log of its own (the test database is per application start), since the foreign key stays in it. */
    public static class OwnLog implements QuarkusTestProfile {}

    @Inject
    SigningKeys keys;

    @Inject
    EventStore store;

    @Inject
    EventLog log;

    @Test
    void aKeySealedUnderAnotherKeyEncryptionKeyStopsRotationButNotSigning() throws Exception {
        SigningKey own = keys.current();
        SigningKeyCreated foreign = sealedUnderAnotherKey();
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(), foreign, EventMetadata.of("system"));
        long head = store.headPosition();

        KeyEncryptionMismatchException refused = assertThrows(KeyEncryptionMismatchException.class, keys::rotate);

        assertTrue(refused.getMessage().contains("does not decrypt the signing keys in the log (key id "
                + foreign.kid() + "); start with the same TOKA_KEY_ENCRYPTION_KEY"), refused.getMessage());
        assertEquals(head, store.headPosition(), "no signing key was added");
        assertEquals(own.kid(), keys.current().kid(), "the key this instance opened still signs");

        given().header("Authorization", "Bearer test-admin-secret-0123456789abcdefghij").post("/api/v1/keys/rotate").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:key-encryption-mismatch"))
                .body("detail", containsString(foreign.kid()));
        assertEquals(head, store.headPosition(), "the refused rotation wrote nothing, not even an audit entry");
    }

    private static SigningKeyCreated sealedUnderAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] otherKey = new byte[32];
        byte[] iv = new byte[12];
        SecureRandom random = new SecureRandom();
        random.nextBytes(otherKey);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(otherKey, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(pair.getPrivate().getEncoded());
        return new SigningKeyCreated(UUID.randomUUID().toString(), SigningKey.ALGORITHM,
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
                        .array()),
                Instant.now());
    }
}

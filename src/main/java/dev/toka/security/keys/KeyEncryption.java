package dev.toka.security.keys;

import dev.toka.security.SecurityConfig;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private signing keys with AES-256-GCM under the key-encryption key, so the log never holds
 * a private key in clear.
 *
 * <p>The key comes from {@code TOKA_KEY_ENCRYPTION_KEY}; without it one is generated once, kept in a
 * file beside the database, and a warning says that this protects nothing against someone who can
 * read that directory.
 */
@Singleton
class KeyEncryption {

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    KeyEncryption(SecurityConfig config) {
        byte[] raw = config.keyEncryptionKey()
                .map(KeyEncryption::decode)
                .orElseGet(() -> loadOrGenerate(Path.of(config.keyEncryptionKeyFile())));
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** Encrypts {@code plain}; the result is base64 of IV followed by ciphertext and tag. */
    String seal(byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts what {@link #seal} produced; empty when this key-encryption key is not the one that sealed it. */
    Optional<byte[]> open(String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return Optional.of(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES));
        } catch (AEADBadTagException wrongKey) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * A key for {@code purpose} derived from the key-encryption key (HMAC-SHA256 of the purpose), so one
     * secret serves several uses without one use revealing anything about another.
     */
    byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] raw = Base64.getDecoder().decode(base64.strip());
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("toka.security.key-encryption-key must be base64 of 32 bytes");
        }
        return raw;
    }

    private byte[] loadOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            byte[] raw = new byte[KEY_BYTES];
            random.nextBytes(raw);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Best effort: the warning below still applies.
            }
            Log.warnf("No TOKA_KEY_ENCRYPTION_KEY configured: generated one in %s. Anyone who can read that"
                    + " file can decrypt the signing keys; set TOKA_KEY_ENCRYPTION_KEY in production.", file);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key-encryption key file " + file, e);
        }
    }
}

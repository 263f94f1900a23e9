/**
 * The ES256 signing keys: created, sealed at rest with the key-encryption key, rotated on schedule, and
 * published. Public face: {@link dev.toka.security.keys.SigningKeys} (used by {@code tokens} and {@code policy},
 * and exposed to other layers only as {@link dev.toka.security.PublicKeys}) and
 * {@link dev.toka.security.keys.KeyEncryptionMismatchException}; the sealing and the rotation schedule are internal.
 * Keys derived from the key-encryption key also serve {@link dev.toka.security.keys.SecretFingerprints} and
 * {@link dev.toka.security.keys.SnapshotKey}, which other layers reach only as the store's
 * {@link dev.toka.store.SnapshotMac}.
 */
package dev.toka.security.keys;

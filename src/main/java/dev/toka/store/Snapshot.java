package dev.toka.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A projection's state as it stood after the event at {@code position}: an optimisation of the start, never
 * a source of truth. It is not an event and is kept apart from the log ({@link SnapshotStore}); a snapshot that
 * does not match the log is thrown away and the projection rebuilt from the log.
 *
 * @param projection The projection's name.
 * @param version    The format version of {@code payload}; a reader discards any version it does not know.
 * @param position   The position of the last event the state reflects.
 * @param hash       That event's chain hash: the log at {@code position} must still hold it.
 * @param eventTypes The stored event type names the writing version knew: a reader that lacks one of them
 *                   may have skipped events it cannot read, so it replays the log instead.
 * @param payload    The state, as the canonical JSON text of the projection's snapshot record.
 * @param digest     SHA-256 of everything above ({@link #digestOf}): a changed byte makes the snapshot invalid.
 */
public record Snapshot(String projection, int version, long position, String hash, Set<String> eventTypes,
        String payload, String digest) {

    public Snapshot {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(hash, "hash");
        eventTypes = Set.copyOf(eventTypes);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(digest, "digest");
    }

    /** A snapshot with its digest computed. */
    public static Snapshot of(String projection, int version, long position, String hash, Set<String> eventTypes,
            String payload) {
        return new Snapshot(projection, version, position, hash, eventTypes, payload,
                digestOf(projection, version, position, hash, eventTypes, payload));
    }

    /** Whether the digest still matches the content. */
    public boolean intact() {
        return digest.equals(digestOf(projection, version, position, hash, eventTypes, payload));
    }

    private static String digestOf(String projection, int version, long position, String hash,
            Set<String> eventTypes, String payload) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Length-prefixed fields, sorted type names: one content has one digest.
            for (String field : new String[] {projection, Integer.toString(version), Long.toString(position), hash,
                    String.join("\n", new java.util.TreeSet<>(eventTypes)), payload}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha256.update((byte) ':');
                sha256.update(bytes);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

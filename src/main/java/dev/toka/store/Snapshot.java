package dev.toka.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A projection's state as it stood after the event at {@code position}: an optimisation of the start, never
 * a source of truth. It is not an event and is kept apart from the log ({@link SnapshotStore}); a snapshot that
 * does not match the log, or whose MAC does not authenticate it, is thrown away and the projection rebuilt from
 * the log.
 *
 * @param projection The projection's name.
 * @param version    The format version of {@code payload}; a reader discards any version it does not know.
 * @param position   The position of the last event the state reflects.
 * @param hash       That event's chain hash: the log at {@code position} must still hold it.
 * @param eventTypes The stored event type names the writing version knew: a reader that lacks one of them
 *                   may have skipped events it cannot read, so it replays the log instead.
 * @param payload    The state, as the canonical JSON text of the projection's snapshot record.
 * @param mac        The {@link SnapshotMac} of everything above: a changed byte, or a row written without the
 *                   service's key, makes the snapshot invalid.
 */
public record Snapshot(String projection, int version, long position, String hash, Set<String> eventTypes,
        String payload, String mac) {

    public Snapshot {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(hash, "hash");
        eventTypes = Set.copyOf(eventTypes);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(mac, "mac");
    }

    /** A snapshot authenticated under {@code key}. */
    public static Snapshot of(String projection, int version, long position, String hash, Set<String> eventTypes,
            String payload, SnapshotMac key) {
        return new Snapshot(projection, version, position, hash, eventTypes, payload,
                key.of(contentOf(projection, version, position, hash, eventTypes, payload)));
    }

    /** Whether {@code key} made this MAC over this very content (compared in constant time). */
    public boolean authentic(SnapshotMac key) {
        String expected = key.of(contentOf(projection, version, position, hash, eventTypes, payload));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    /** Length-prefixed fields, sorted type names: one content has one encoding, and no two share one. */
    private static byte[] contentOf(String projection, int version, long position, String hash,
            Set<String> eventTypes, String payload) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(payload.length() + 512);
        for (String field : new String[] {projection, Integer.toString(version), Long.toString(position), hash,
                String.join("\n", new TreeSet<>(eventTypes)), payload}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            content.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            content.write(':');
            content.writeBytes(bytes);
        }
        return content.toByteArray();
    }
}

package dev.toka.store;

import java.util.List;

/**
 * Checks events, fed in log order, against the hash chain; used by the stores and by the
 * offline verifier alike.
 *
 * <p>An event breaks the chain when its position is not the next one (removed or reordered
 * events), when its previous hash is not the hash of the event before, or when its own hash does
 * not match its content (a changed byte). The first break is reported; checking stops there. A
 * removed <em>last</em> event leaves an intact chain behind it: only a head recorded apart from the
 * events ({@link #resultAgainst}) reveals it.
 */
public final class ChainVerifier {

    private long expectedPosition;
    private String previousHash;
    private long checked;
    private long firstBadPosition = -1;

    /** Checks a log from its first event. */
    public ChainVerifier() {
        this(ChainHead.EMPTY);
    }

    /**
     * Checks the events that follow {@code from}, taking the chain up to it as checked (a verified checkpoint,
     * or the end of a migration target that resumes): the first event it expects is the next one, chained to
     * {@code from}'s hash.
     */
    public ChainVerifier(ChainHead from) {
        expectedPosition = from.position() + 1;
        previousHash = from.hash();
    }

    /**
     * Re-reads a log page by page up to {@code head} and checks it against that head.
     *
     * @param pages Reads up to {@code limit} events from a position, in log order.
     */
    public static ChainVerification verify(ChainHead head, PageReader pages) {
        return verify(ChainHead.EMPTY, head, pages);
    }

    /** As {@link #verify(ChainHead, PageReader)}, reading only the events after {@code from} ({@link #ChainVerifier(ChainHead)}). */
    public static ChainVerification verify(ChainHead from, ChainHead head, PageReader pages) {
        ChainVerifier verifier = new ChainVerifier(from);
        long position = from.position() + 1;
        while (position <= head.position()) {
            List<StoredEvent> page = pages.read(position, (int) Math.min(1_000, head.position() - position + 1));
            for (StoredEvent event : page) {
                if (!verifier.accept(event)) {
                    return verifier.resultAgainst(head);
                }
            }
            if (page.isEmpty()) {
                break;
            }
            position = page.get(page.size() - 1).position() + 1;
        }
        return verifier.resultAgainst(head);
    }

    /** Reads a page of a log: {@link EventStore#read}, or a migration target's own connection. */
    @FunctionalInterface
    public interface PageReader {
        List<StoredEvent> read(long fromPosition, int limit);
    }

    /**
     * Checks the next event.
     *
     * @return whether checking may go on (false once the chain is broken)
     */
    public boolean accept(StoredEvent event) {
        if (firstBadPosition >= 0) {
            return false;
        }
        checked++;
        boolean intact = event.position() == expectedPosition
                && event.previousHash().equals(previousHash)
                && EventHasher.expectedHash(event).equals(event.hash());
        if (!intact) {
            // A removed event shows as a jump: the position where the missing one should stand is bad.
            firstBadPosition = Math.min(event.position(), expectedPosition);
            return false;
        }
        expectedPosition++;
        previousHash = event.hash();
        return true;
    }

    /** The verdict over everything accepted so far; its head is the last intact event. */
    public ChainVerification result() {
        ChainHead lastIntact = new ChainHead(expectedPosition - 1, previousHash);
        return firstBadPosition >= 0
                ? ChainVerification.brokenAt(checked, firstBadPosition, lastIntact)
                : ChainVerification.intact(checked, lastIntact);
    }

    /**
     * The verdict once every event up to the recorded head was fed: the last event accepted must be
     * the head, else the chain breaks at the first position the head records but the events lack
     * (or at the head, when its hash differs).
     */
    public ChainVerification resultAgainst(ChainHead head) {
        if (firstBadPosition >= 0) {
            return ChainVerification.brokenAt(checked, firstBadPosition, head);
        }
        long lastPosition = expectedPosition - 1;
        if (lastPosition < head.position()) {
            return ChainVerification.brokenAt(checked, expectedPosition, head);
        }
        if (lastPosition > head.position() || !previousHash.equals(head.hash())) {
            return ChainVerification.brokenAt(checked, Math.min(lastPosition, head.position() + 1), head);
        }
        return ChainVerification.intact(checked, head);
    }
}

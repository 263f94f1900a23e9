package dev.toka.store;

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

    /** A verifier from the start of the log. */
    public ChainVerifier() {
        this(ChainHead.EMPTY);
    }

    /**
     * A verifier that takes the chain up to {@code from} as checked (a verified checkpoint): the first event
     * it expects is the next one, chained to {@code from}'s hash.
     */
    public ChainVerifier(ChainHead from) {
        this.expectedPosition = from.position() + 1;
        this.previousHash = from.hash();
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

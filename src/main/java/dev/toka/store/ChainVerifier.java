package dev.toka.store;

/**
 * Checks events, fed in log order, against the hash chain; used by the stores and by the
 * offline verifier alike.
 *
 * <p>An event breaks the chain when its position is not the next one (removed or reordered
 * events), when its previous hash is not the hash of the event before, or when its own hash does
 * not match its content (a changed byte). The first break is reported; checking stops there.
 */
public final class ChainVerifier {

    private long expectedPosition = 1;
    private String previousHash = EventHasher.GENESIS_HASH;
    private long checked;
    private long firstBadPosition = -1;

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

    /** The verdict over everything accepted so far. */
    public ChainVerification result() {
        return firstBadPosition >= 0
                ? ChainVerification.brokenAt(checked, firstBadPosition)
                : ChainVerification.intact(checked);
    }
}

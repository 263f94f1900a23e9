package dev.toka.store;

/**
 * The end of the chain: the last event's position and hash, as the store records them apart from
 * the events themselves (the {@code chain_head} row). Comparing it with the last stored event is
 * what reveals a removed last event, which the chain of hashes alone cannot.
 *
 * @param position The last event's global position; 0 for an empty log.
 * @param hash     The last event's hash; the genesis hash for an empty log.
 */
public record ChainHead(long position, String hash) {

    /** The head of an empty log. */
    public static final ChainHead EMPTY = new ChainHead(0, EventHasher.GENESIS_HASH);
}

package dev.toka.store.jdbc;

/**
 * The end of the chain: the last event's position and hash, as the {@code chain_head} row holds them.
 *
 * @param position The last event's global position; 0 for an empty log.
 * @param hash     The last event's hash; the genesis hash for an empty log.
 */
record ChainHead(long position, String hash) {}

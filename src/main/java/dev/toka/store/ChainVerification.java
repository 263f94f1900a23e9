package dev.toka.store;

import java.util.OptionalLong;

/**
 * The outcome of checking the hash chain.
 *
 * @param ok               Whether every checked event is intact and in place, and the last one is the head.
 * @param checked          How many events were checked (up to and including the first bad one).
 * @param firstBadPosition The position at which the chain first breaks, if it does.
 * @param head             The end of the chain the check went to: the store's chain-head row, or for an
 *                         exported file its last intact event. Comparing the two tells a truncated export.
 */
public record ChainVerification(boolean ok, long checked, OptionalLong firstBadPosition, ChainHead head) {

    static ChainVerification intact(long checked, ChainHead head) {
        return new ChainVerification(true, checked, OptionalLong.empty(), head);
    }

    static ChainVerification brokenAt(long checked, long position, ChainHead head) {
        return new ChainVerification(false, checked, OptionalLong.of(position), head);
    }
}

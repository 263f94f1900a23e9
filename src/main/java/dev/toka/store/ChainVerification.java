package dev.toka.store;

import java.util.OptionalLong;

/**
 * The outcome of checking the hash chain.
 *
 * @param ok               Whether every checked event is intact and in place.
 * @param checked          How many events were checked (up to and including the first bad one).
 * @param firstBadPosition The position at which the chain first breaks, if it does.
 */
public record ChainVerification(boolean ok, long checked, OptionalLong firstBadPosition) {

    static ChainVerification intact(long checked) {
        return new ChainVerification(true, checked, OptionalLong.empty());
    }

    static ChainVerification brokenAt(long checked, long position) {
        return new ChainVerification(false, checked, OptionalLong.of(position));
    }
}

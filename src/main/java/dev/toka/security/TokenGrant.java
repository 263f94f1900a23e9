package dev.toka.security;

import java.util.concurrent.CompletableFuture;

/**
 * A token the policy has allowed and not yet recorded: every rule was checked when it was granted,
 * so recording it can fail only if the log does. Lets an operation check its token before it writes
 * anything, and issue it in the order its own writes need.
 */
public interface TokenGrant {

    /** Signs the token and records it in the log; completes once that is committed. */
    CompletableFuture<IssuedToken> issue();
}

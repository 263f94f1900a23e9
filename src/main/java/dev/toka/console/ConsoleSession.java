package dev.toka.console;

import java.time.Instant;

/**
 * A signed-in browser: the credential it signed in with, kept on the server only, and the token its
 * forms must send back.
 *
 * @param id         The session id, the cookie's value.
 * @param credential The admin secret or capability token; re-checked by the coordinator on every request.
 * @param csrfToken  The synchroniser token every state-changing request must carry.
 * @param subject    Who signed in, for the page header.
 * @param openedAt   When; the session ends {@link ConsoleConfig#sessionLifetime()} later at the latest.
 */
record ConsoleSession(String id, String credential, String csrfToken, String subject, Instant openedAt) {

    @Override
    public String toString() {
        return "ConsoleSession[" + subject + "]";
    }
}

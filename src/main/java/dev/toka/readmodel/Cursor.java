package dev.toka.readmodel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a listing ends: the paging key (a log position, fixed per row and increasing) of its last
 * row, opaque to clients. Rows come in key order and a new row always has a larger key, so following the
 * cursors while writes continue shows every row that exists throughout exactly once.
 *
 * @param listing Which listing gave it out ({@code agents}, {@code runs}); a cursor is refused by the others.
 * @param after   The key of the last row shown.
 */
record Cursor(String listing, long after) {

    static final String FIELD = "cursor";

    /** The opaque text clients send back. */
    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (listing + ":" + after).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code text}, none for an absent one; the first page starts after key 0. */
    static Cursor decode(String listing, Optional<String> text) {
        if (text.isEmpty()) {
            return new Cursor(listing, 0);
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text.get()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw refused(listing);
        }
        String prefix = listing + ":";
        if (!decoded.startsWith(prefix)) {
            throw refused(listing);
        }
        try {
            long after = Long.parseLong(decoded.substring(prefix.length()));
            if (after < 0) {
                throw refused(listing);
            }
            return new Cursor(listing, after);
        } catch (NumberFormatException e) {
            throw refused(listing);
        }
    }

    private static InvalidQueryException refused(String listing) {
        return new InvalidQueryException(FIELD, "is not a cursor of the " + listing + " listing: pass the 'next' of"
                + " its previous page unchanged, or none for the first page");
    }
}

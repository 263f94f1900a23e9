package dev.toka.store;

/**
 * Whether the RFC 8785 canonical form of a JSON text keeps its numbers exactly as written. The
 * canonical form writes every number as an IEEE double does, so {@code 9007199254740993} is stored as
 * {@code 9007199254740992} and {@code 1.50} as {@code 1.5}: a record holding such a number is not the
 * record the log gives back. Integers of at most 15 digits are the numbers it always keeps.
 */
final class CanonicalNumbers {

    private static final int EXACT_DIGITS = 15;

    private CanonicalNumbers() {}

    /** True when every number of {@code json} (outside strings) is an integer of at most 15 digits. */
    static boolean keptExactly(String json) {
        boolean inString = false;
        int digits = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c >= '0' && c <= '9') {
                if (++digits > EXACT_DIGITS) {
                    return false;
                }
            } else if (c == '.' || c == 'e' || c == 'E') {
                return false; // outside a string only a number holds these
            } else {
                digits = 0;
            }
        }
        return true;
    }
}

package dev.toka.store;

import dev.toka.InvalidFieldException;

/**
 * An event would hold text with no UTF-8 form (a lone surrogate): refused before it is appended
 * (HTTP 400 naming the member), so no stored event can break a reader later.
 */
public final class MalformedUnicodeException extends InvalidFieldException {

    MalformedUnicodeException(String field) {
        super(field, "must be well-formed Unicode (it holds a lone UTF-16 surrogate)");
    }
}

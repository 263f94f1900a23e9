package dev.toka.fuzz;

/** The kinds of hostile input the suite sends; each endpoint gets every kind. */
public enum Category {
    /** Forged, confused, expired, truncated and huge credentials. */
    TOKEN,
    /** Truncated, deeply nested, huge, mistyped, duplicated and padded bodies, and wrong media types. */
    BODY,
    /** Lone surrogates, invalid and overlong UTF-8, NUL, bidirectional overrides. */
    UNICODE,
    /** Alias bombs, deep nesting, huge documents, language tags and non-UTF-8 bytes in YAML. */
    YAML,
    /** Numbers out of every range: huge exponents, -0, NaN, 400 digits. */
    NUMBER,
    /** Parent directories, absolute paths, encoded dots and NUL in ids, paths and tool inputs. */
    TRAVERSAL,
    /** Bytes the HTTP layer must refuse itself: oversized headers and URIs, bad header bytes, bad lengths. */
    FRAMING
}

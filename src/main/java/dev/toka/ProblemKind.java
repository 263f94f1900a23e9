package dev.toka;

import java.util.Objects;

/**
 * A kind of error as the API answers it (RFC 9457): its HTTP status, the stable slug of its
 * {@code type} URI and its title. Each exception declares its kind beside itself; the API layer
 * only turns it into an answer.
 *
 * @param status The HTTP status.
 * @param slug   The last part of the type URI, {@code urn:toka:problem:<slug>}; never changes once published.
 * @param title  A short summary of this kind of error, the same for every occurrence.
 */
public record ProblemKind(int status, String slug, String title) {

    /** Kinds shared by several layers. */
    public static final ProblemKind INVALID_REQUEST =
            new ProblemKind(400, "invalid-request", "The request breaks a validation rule");
    public static final ProblemKind NOT_FOUND = new ProblemKind(404, "not-found", "No such resource");

    private static final String TYPE_PREFIX = "urn:toka:problem:";

    public ProblemKind {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(title, "title");
    }

    /** The problem's {@code type} URI. */
    public String type() {
        return TYPE_PREFIX + slug;
    }
}

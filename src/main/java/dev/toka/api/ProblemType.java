package dev.toka.api;

import dev.toka.ProblemKind;
import java.util.Optional;

/**
 * The kinds of error the HTTP layer itself answers with, for requests that never reach a service:
 * unreadable bodies, unknown routes, wrong methods or media types, oversized requests, bugs. Every
 * other kind is declared by the exception that carries it ({@link dev.toka.TokaException#problemKind()}).
 */
enum ProblemType {
    INVALID_REQUEST(ProblemKind.INVALID_REQUEST),
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON of the expected shape"),
    NOT_FOUND(ProblemKind.NOT_FOUND),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The resource does not support this method"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No representation matches the Accept header"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body's media type is not supported"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is over the size limit"),
    URI_TOO_LONG(414, "uri-too-long", "The request target is over the length limit"),
    HEADER_FIELDS_TOO_LARGE(431, "header-fields-too-large", "The request headers are over the size limit"),
    BAD_REQUEST(400, "bad-request", "The request is not well-formed HTTP"),
    INTERNAL(500, "internal", "An unexpected error occurred");

    final ProblemKind kind;

    ProblemType(ProblemKind kind) {
        this.kind = kind;
    }

    ProblemType(int status, String slug, String title) {
        this(new ProblemKind(status, slug, title));
    }

    /** The type the HTTP layer's own answer with this status stands for, if it is one of them. */
    static Optional<ProblemType> ofHttpStatus(int status) {
        return Optional.ofNullable(switch (status) {
            case 400 -> BAD_REQUEST;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADER_FIELDS_TOO_LARGE;
            default -> null;
        });
    }

    Problem problem(String detail, String instance) {
        return Problem.of(kind, detail, instance, null);
    }
}

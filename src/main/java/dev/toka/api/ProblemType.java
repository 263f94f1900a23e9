package dev.toka.api;

import java.util.Optional;

/** Every kind of error the API answers with, each with its stable {@code type} URI and status. */
enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "The request breaks a validation rule"),
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON of the expected shape"),
    UNKNOWN_OPERATION(400, "unknown-operation", "No such operation"),
    UNAUTHORIZED(401, "unauthorized", "A valid credential is required"),
    FORBIDDEN(403, "forbidden", "The credential does not allow this"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The resource does not support this method"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No representation matches the Accept header"),
    AGENT_STATE_CONFLICT(409, "agent-state-conflict", "The agent's state does not allow this"),
    VERSION_CONFLICT(409, "version-conflict", "The stream changed since it was read"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body's media type is not supported"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is over the size limit"),
    URI_TOO_LONG(414, "uri-too-long", "The request target is over the length limit"),
    HEADER_FIELDS_TOO_LARGE(431, "header-fields-too-large", "The request headers are over the size limit"),
    BAD_REQUEST(400, "bad-request", "The request is not well-formed HTTP"),
    RATE_LIMITED(429, "rate-limited", "Too many requests; retry after the time given"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "A backend is unavailable; retry later"),
    DEADLINE_EXCEEDED(503, "deadline-exceeded", "The request could not be answered in time"),
    READ_ONLY(503, "read-only", "The service is read-only; nothing is written"),
    KEY_ENCRYPTION_MISMATCH(503, "key-encryption-mismatch",
            "The log holds signing keys this instance's key-encryption key does not open"),
    INTERNAL(500, "internal", "An unexpected error occurred"),
    INVALID_WORKSTREAM(422, "invalid-workstream", "The workstream specs break validation rules"),
    RUN_STATE_CONFLICT(409, "run-state-conflict", "The run's state does not allow this"),
    TOOL_NOT_FOUND(404, "tool-not-found", "No such tool"),
    INVALID_TOOL_INPUT(400, "invalid-tool-input", "The tool input breaks its schema or a sandbox rule"),
    TOOL_FAILED(422, "tool-failed", "The tool ran and failed"),
    TOOL_CALL_IN_PROGRESS(409, "tool-call-in-progress", "A call with this idempotency key is still running"),
    SANDBOX_UNAVAILABLE(503, "sandbox-unavailable", "The process sandbox cannot be set up on this machine"),
    TOOL_CALL_KEY_REUSED(409, "tool-call-key-reused", "This idempotency key belongs to a call with other input"),
    BUDGET_EXCEEDED(402, "budget-exceeded", "The model call would exceed a token or cost budget"),
    PROMPT_TOO_LARGE(413, "prompt-too-large", "The model request is over the size limit"),
    ANSWER_TOO_LARGE(502, "answer-too-large", "The model's answer is over the size limit"),
    MODEL_UNAVAILABLE(503, "model-unavailable", "No language model answered; retry later"),
    REPLAY_MISS(409, "replay-miss", "The replayed run's recording holds no answer to this model request");

    private static final String PREFIX = "urn:toka:problem:";

    final int status;
    final String slug;
    final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
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
        return new Problem(PREFIX + slug, title, status, detail, instance, null);
    }
}

package dev.toka;

import java.util.Map;

/**
 * A request field breaks a rule (HTTP 400); the message names the field and the rule, and
 * {@link #field()} names the field alone. Each layer has its own subclass.
 */
public abstract class InvalidFieldException extends NonRetriableException {

    private final String field;

    protected InvalidFieldException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    /** The offending field, as a path such as {@code permissions[2]}. */
    public String field() {
        return field;
    }

    @Override
    public ProblemKind problemKind() {
        return ProblemKind.INVALID_REQUEST;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("field", field);
    }
}

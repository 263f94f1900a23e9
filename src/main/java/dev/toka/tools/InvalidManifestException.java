package dev.toka.tools;

/** A tool manifest breaks a rule; {@link #field()} names the member, the message the rule. */
public final class InvalidManifestException extends IllegalArgumentException {

    private final String field;
    private final String rule;

    public InvalidManifestException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** The manifest member, for example {@code inputSchema.properties}. */
    public String field() {
        return field;
    }

    /** The rule it breaks. */
    public String rule() {
        return rule;
    }
}

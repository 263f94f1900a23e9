package dev.toka.security;

/**
 * What happens to a call that could carry data out of an agent whose context holds untrusted content
 * (the Rule of Two, docs/security.md), as {@code toka.security.untrusted-egress} says.
 */
public enum UntrustedEgress {
    /** Refused and audited, always: the safe default. */
    DENY,
    /** Made only with a person's approval of that one call (docs/agents.md, "Approvals"). */
    APPROVE
}

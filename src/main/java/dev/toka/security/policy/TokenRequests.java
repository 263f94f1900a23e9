package dev.toka.security.policy;

import dev.toka.security.InvalidTokenRequestException;
import dev.toka.security.Permissions;
import dev.toka.security.Principal;
import dev.toka.security.Target;
import dev.toka.security.TokenRequest;
import dev.toka.security.tokens.CapabilityTokens;
import java.time.Duration;
import java.time.Instant;

/** The rules a token request must keep: limits for every token, attenuation for delegated ones. */
final class TokenRequests {

    private TokenRequests() {}

    /**
     * Checks the limits every token keeps.
     *
     * @throws InvalidTokenRequestException naming the field and the rule
     */
    static void validate(TokenRequest request, String vault, Duration ttl, Duration maxTtl) {
        requireIdentifier("subject", request.subject());
        requireIdentifier("vault", vault);
        if (request.permissions().size() > Permissions.MAX_COUNT) {
            throw new InvalidTokenRequestException("permissions", "must hold at most " + Permissions.MAX_COUNT
                    + " entries (got " + request.permissions().size() + ")");
        }
        for (int i = 0; i < request.permissions().size(); i++) {
            String problem = Permissions.problemWith(request.permissions().get(i));
            if (problem != null) {
                throw new InvalidTokenRequestException("permissions[" + i + "]", problem);
            }
        }
        request.budget().ifPresent(budget -> budget.validate("budget"));
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
            throw new InvalidTokenRequestException("ttlSeconds", "must be between 1 and " + maxTtl.toSeconds()
                    + " seconds");
        }
    }

    /** The delegation rule a request breaks, or {@code null} when it keeps them all. */
    static String delegationRuleBroken(
            Principal parent, Target child, TokenRequest request, Instant expiresAt, int maxDepth) {
        for (String permission : request.permissions()) {
            if (!parent.holds(permission)) {
                return "attenuation: permission '" + permission + "' is not granted by the parent token";
            }
        }
        if (!request.budget().map(budget -> budget.within(parent.budget())).orElse(true)) {
            return "budget: the child token's budget " + request.budget().get() + " exceeds its parent's "
                    + parent.budget();
        }
        if (expiresAt.isAfter(parent.expiresAt())) {
            return "expiry: the child token would outlive its parent (parent expires " + parent.expiresAt() + ")";
        }
        if (parent.depth() + 1 > maxDepth) {
            return "depth: delegation chains may be at most " + maxDepth + " deep";
        }
        if (!child.vault().equals(parent.vault())) {
            return "vault: agent " + child.agentId() + " belongs to another vault";
        }
        if (child.agentId().equals(parent.subject()) || !child.lineage().contains(parent.subject())) {
            return "descendant: agent " + child.agentId() + " is not a descendant of " + parent.subject();
        }
        return null;
    }

    private static void requireIdentifier(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenRequestException(field, "must not be blank");
        }
        if (Permissions.utf8Length(value) > CapabilityTokens.MAX_IDENTIFIER_BYTES) {
            throw new InvalidTokenRequestException(field, "must be at most "
                    + CapabilityTokens.MAX_IDENTIFIER_BYTES + " UTF-8 bytes");
        }
    }
}

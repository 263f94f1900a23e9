package dev.toka.security;

import dev.toka.security.SecurityEvents.AuditRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** The security policy of Toka: admin secret or ES256 capability token, permissions over agent lineage. */
@ApplicationScoped
public class DefaultSecurityPolicyCoordinator implements SecurityPolicyCoordinator {

    private static final String BEARER = "Bearer ";
    private static final String TOKEN_ISSUE = "token:issue";

    private final AdminCredential admin;
    private final CapabilityTokens tokens;
    private final AuditTrail audit;
    private final SecurityConfig config;

    public DefaultSecurityPolicyCoordinator(
            AdminCredential admin, CapabilityTokens tokens, AuditTrail audit, SecurityConfig config) {
        this.admin = admin;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    @Override
    public Caller authenticate(Optional<String> authorization, String clientAddress, String action) {
        try {
            return new Caller(principalOf(authorization), clientAddress);
        } catch (AuthenticationException e) {
            audit.record(new AuditRecorded(AuditTrail.ANONYMOUS, action, null, "deny", e.getMessage(), 401,
                    clientAddress, null));
            throw e;
        }
    }

    private Principal principalOf(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new AuthenticationException("no bearer credential"));
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AuthenticationException("the Authorization header is not a Bearer credential");
        }
        String credential = header.substring(BEARER.length()).strip();
        if (credential.isEmpty()) {
            throw new AuthenticationException("no bearer credential");
        }
        if (admin.matches(credential)) {
            return Principal.admin();
        }
        return tokens.verify(credential);
    }

    @Override
    public void authorize(Caller caller, String permission) {
        if (!caller.principal().holds(permission)) {
            deny(caller, permission, null, "the token lacks the permission '" + permission + "'");
        }
    }

    @Override
    public void authorize(Caller caller, String permission, Target target) {
        authorize(caller, permission);
        if (!canSee(caller, target)) {
            deny(caller, permission, target.agentId(), target.vault().equals(caller.principal().vault())
                    ? "agent " + target.agentId() + " is neither the caller nor one of its descendants"
                    : "agent " + target.agentId() + " belongs to another vault");
        }
    }

    @Override
    public boolean canSee(Caller caller, Target target) {
        Principal principal = caller.principal();
        return principal.isAdmin()
                || (target.vault().equals(principal.vault()) && target.lineage().contains(principal.subject()));
    }

    private void deny(Caller caller, String permission, String target, String reason) {
        Principal principal = caller.principal();
        audit.record(new AuditRecorded(principal.subject(), permission, target, "deny", reason, 403,
                caller.clientAddress(), principal.tokenId()));
        throw new PermissionDeniedException(permission, reason);
    }

    @Override
    public IssuedToken issueToken(Caller caller, TokenRequest request) {
        authorize(caller, Permissions.ADMIN);
        String vault = request.vault().orElse(caller.principal().vault());
        Duration ttl = request.ttl().orElse(config.defaultTtl());
        validate(request, vault, ttl);
        IssuedToken issued = tokens.issue(request.subject(), vault, request.permissions(), ttl);
        audit.record(new AuditRecorded(caller.principal().subject(), TOKEN_ISSUE, request.subject(), "allow",
                "issued " + request.permissions(), 201, caller.clientAddress(), issued.jti()));
        return issued;
    }

    private void validate(TokenRequest request, String vault, Duration ttl) {
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
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(config.maxTtl()) > 0) {
            throw new InvalidTokenRequestException("ttlSeconds", "must be between 1 and "
                    + config.maxTtl().toSeconds() + " seconds");
        }
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

package dev.toka.security.policy;

import dev.toka.security.AuditedRefusal;
import dev.toka.security.ApprovalBinding;
import dev.toka.security.AuthenticationException;
import dev.toka.security.Budget;
import dev.toka.security.BudgetExceededException;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.ModelSpend;
import dev.toka.security.PermissionDeniedException;
import dev.toka.security.Permissions;
import dev.toka.security.Principal;
import dev.toka.security.Provenance;
import dev.toka.security.RateLimitStatus;
import dev.toka.security.RateLimitedException;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.SigningKey;
import dev.toka.security.SpendLimit;
import dev.toka.security.Target;
import dev.toka.security.TokenGrant;
import dev.toka.security.TokenNotFoundException;
import dev.toka.security.TokenRequest;
import dev.toka.security.ToolEffect;
import dev.toka.security.ToolUse;
import dev.toka.security.keys.SigningKeys;
import dev.toka.security.limits.AuthFailureBackoff;
import dev.toka.security.limits.RateLimits;
import dev.toka.security.tokens.AdminCredential;
import dev.toka.security.tokens.CapabilityTokens;
import dev.toka.security.tokens.TokenRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The security policy of Toka: admin secret or ES256 capability token, permissions over agent lineage. */
@Singleton
class DefaultSecurityPolicyCoordinator implements SecurityPolicyCoordinator {

    private static final String BEARER = "Bearer ";
    private static final String ALLOW = "allow";
    private static final String DENY = AuditTrail.DENY;
    /** The client address of audit entries about calls the service makes itself, such as model calls. */
    private static final String IN_SERVICE = "service";
    private static final int BUDGET_EXCEEDED_STATUS = 402;

    private final AdminCredential admin;
    private final CapabilityTokens tokens;
    private final TokenRegistry registry;
    private final SigningKeys keys;
    private final RateLimits rateLimits;
    private final AuthFailureBackoff backoff;
    private final AuditTrail audit;
    private final SecurityStream securityStream;
    private final SecurityConfig config;
    private final RuleOfTwo ruleOfTwo;
    private final Clock clock;

    DefaultSecurityPolicyCoordinator(AdminCredential admin, CapabilityTokens tokens, TokenRegistry registry,
            SigningKeys keys, RateLimits rateLimits, AuthFailureBackoff backoff, AuditTrail audit,
            SecurityStream securityStream, SecurityConfig config, RuleOfTwo ruleOfTwo, Clock clock) {
        this.admin = admin;
        this.tokens = tokens;
        this.registry = registry;
        this.keys = keys;
        this.rateLimits = rateLimits;
        this.backoff = backoff;
        this.audit = audit;
        this.securityStream = securityStream;
        this.config = config;
        this.ruleOfTwo = ruleOfTwo;
        this.clock = clock;
    }

    // ---- credentials and quotas ----

    /**
     * The credential is checked before the back-off, so a valid one is served from any address
     * however many failures that address has made. Checking first costs at most one ES256
     * verification (about 0.1 ms) for a failing credential, no more than handling the request
     * itself: malformed, non-ES256 and unknown-kid tokens are refused before any signature work,
     * and a valid token is verified once and then cached. So the back-off need not spare the
     * service that work, only slow the failing client.
     */
    @Override
    public Caller authenticate(Optional<String> authorization, String clientAddress, RouteGroup group, String action) {
        Principal principal;
        try {
            principal = principalOf(authorization);
        } catch (AuthenticationException e) {
            throw failed(e, action, clientAddress);
        }
        try {
            return new Caller(principal, clientAddress, rateLimits.consume(group, principal.subject()));
        } catch (RateLimitedException e) {
            throw limited(principal.subject(), action, clientAddress, principal.tokenId(), e);
        }
    }

    /** A failed credential: 401, or 429 while its address backs off. */
    private RuntimeException failed(AuthenticationException e, String action, String clientAddress) {
        try {
            backoff.recordFailure(clientAddress);
        } catch (RateLimitedException waiting) {
            return limited(AuditTrail.ANONYMOUS, action, clientAddress, null, waiting);
        }
        return audited(e, entry(AuditTrail.ANONYMOUS, action, null, DENY, e.getMessage(), 401, clientAddress, null));
    }

    @Override
    public RateLimitStatus admitAnonymous(String clientAddress, String action) {
        try {
            return rateLimits.consumeAnonymous(clientAddress);
        } catch (RateLimitedException e) {
            throw limited(AuditTrail.ANONYMOUS, action, clientAddress, null, e);
        }
    }

    private RateLimitedException limited(
            String principal, String action, String clientAddress, String tokenId, RateLimitedException e) {
        // Not awaited by the answer: a flood of refusals must not also wait on the log.
        audit.record(entry(principal, action, null, DENY, e.getMessage(), 429, clientAddress, tokenId));
        return e;
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

    // ---- permissions ----

    @Override
    public void requirePermission(Caller caller, String permission) {
        requirePermission(caller, permission, null);
    }

    private void requirePermission(Caller caller, String permission, String target) {
        if (!caller.principal().holds(permission)) {
            deny(caller, permission, target, "the token lacks the permission '" + permission + "'");
        }
    }

    @Override
    public void authorize(Caller caller, String permission) {
        requirePermission(caller, permission);
        auditAdminAction(caller, permission, null);
    }

    @Override
    public void authorize(Caller caller, String permission, Target target) {
        requirePermission(caller, permission, target.agentId());
        if (!canSee(caller, target)) {
            deny(caller, permission, target.agentId(), target.vault().equals(caller.principal().vault())
                    ? "agent " + target.agentId() + " is neither the caller nor one of its descendants"
                    : "agent " + target.agentId() + " belongs to another vault");
        }
        auditAdminAction(caller, permission, target.agentId());
    }

    @Override
    public void authorizeGrant(Caller caller, Collection<String> capabilities) {
        for (String capability : capabilities) {
            if (!caller.principal().holds(capability)) {
                deny(caller, capability, null, "an agent's capabilities must be held by whoever spawns it; the"
                        + " caller lacks '" + capability + "'");
            }
        }
    }

    @Override
    public void authorizeToolCall(Caller caller, String permission, String toolId, Target actingFor) {
        Principal principal = caller.principal();
        if (!principal.holds(permission)) {
            deny(caller, permission, actingFor.agentId(), "the token lacks the permission '" + permission
                    + "' to call tool " + toolId);
        }
        if (!canSee(caller, actingFor)) {
            deny(caller, permission, actingFor.agentId(), "tool " + toolId + " may not act for agent "
                    + actingFor.agentId() + ": it is neither the caller nor one of its descendants in its vault");
        }
        try {
            rateLimits.consume(RouteGroup.TOOL, principal.subject());
        } catch (RateLimitedException e) {
            throw limited(principal.subject(), permission, caller.clientAddress(), principal.tokenId(), e);
        }
        auditAdminAction(caller, permission, actingFor.agentId());
    }

    @Override
    public void recordToolCallRefused(Caller caller, String toolId, String agentId, String reason, int status) {
        audit.record(entry(caller, "tool:" + toolId, agentId, DENY, reason, status));
    }

    @Override
    public boolean authorizeToolEffects(Caller caller, ToolUse use) {
        Optional<String> refusal = ruleOfTwo.refusal(use);
        boolean needsApproval = refusal.isPresent() && ruleOfTwo.approvable();
        if (refusal.isPresent() && !needsApproval) {
            deny(caller, "tool:" + use.toolId(), use.agentId(), refusal.get());
        }
        ruleOfTwo.beforeCall(use, caller.principal().subject());
        return needsApproval;
    }

    @Override
    public void recordApprovedEgress(Caller caller, ToolUse use, String approvalTokenId) {
        audit.record(entry(caller, "tool:" + use.toolId(), use.agentId(), ALLOW, "rule of two: allowed by approval "
                + approvalTokenId + " of this call (untrusted-egress: approve)", 200));
    }

    @Override
    public Provenance admitToolOutput(Caller caller, ToolUse use, Supplier<List<String>> withdrawable) {
        return ruleOfTwo.afterCall(use, caller.principal().subject(), withdrawable);
    }

    @Override
    public boolean withdrawn(String agentId, Set<ToolEffect> effects) {
        return ruleOfTwo.withdrawn(agentId, effects);
    }

    @Override
    public boolean needsEgressApproval(String agentId, Set<ToolEffect> effects) {
        return ruleOfTwo.approvable() && ruleOfTwo.withdrawn(agentId, effects);
    }

    @Override
    public boolean canSee(Caller caller, Target target) {
        Principal principal = caller.principal();
        return principal.isAdmin()
                || (target.vault().equals(principal.vault()) && target.lineage().contains(principal.subject()));
    }

    private void auditAdminAction(Caller caller, String permission, String target) {
        if (caller.principal().isAdmin()) {
            audit.record(entry(caller, permission, target, ALLOW, "admin action", 200));
        }
    }

    private void deny(Caller caller, String permission, String target, String reason) {
        throw audited(new PermissionDeniedException(permission, reason),
                entry(caller, permission, target, DENY, reason, 403));
    }

    // ---- tokens ----

    @Override
    public IssuedToken issueToken(Caller caller, TokenRequest request) {
        return record(checkIssue(caller, request));
    }

    @Override
    public IssuedToken delegate(Caller caller, Target child, TokenRequest request) {
        return record(checkDelegation(caller, child, request));
    }

    @Override
    public TokenGrant grantToken(Caller caller, Target agent, TokenRequest request) {
        TokenRequest forAgent = new TokenRequest(agent.agentId(), Optional.of(agent.vault()), request.permissions(),
                request.ttl(), request.budget());
        Mint mint = caller.principal().isAdminSecret()
                ? checkIssue(caller, forAgent)
                : checkDelegation(caller, agent, forAgent);
        return () -> recordAsync(mint);
    }

    /** A root token (admin only). */
    private Mint checkIssue(Caller caller, TokenRequest request) {
        requirePermission(caller, Permissions.ADMIN);
        String vault = request.vault().orElse(caller.principal().vault());
        Duration ttl = request.ttl().orElse(config.defaultTtl());
        TokenRequests.validate(request, vault, ttl, config.maxTtl());
        return new Mint(caller, "token:issue", request.subject(), vault, request.permissions(),
                request.budget().orElse(null), clock.instant().plus(ttl), List.of());
    }

    /** A part of the caller's token for a descendant agent. */
    private Mint checkDelegation(Caller caller, Target child, TokenRequest request) {
        String action = "token:delegate";
        Principal parent = caller.principal();
        if (parent.isAdminSecret()) {
            deny(caller, action, child.agentId(), "the admin secret has no token to delegate; use POST /api/v1/tokens");
        }
        Duration ttl = request.ttl().orElse(config.defaultTtl());
        TokenRequests.validate(request, parent.vault(), ttl, config.maxTtl());
        Instant expiresAt = clock.instant().plus(ttl);
        String broken = TokenRequests.delegationRuleBroken(parent, child, request, expiresAt,
                config.maxDelegationDepth());
        if (broken != null) {
            deny(caller, action, child.agentId(), broken);
        }
        List<String> chain = new ArrayList<>(parent.chain());
        chain.add(parent.tokenId());
        return new Mint(caller, action, child.agentId(), parent.vault(), request.permissions(),
                request.budget().orElse(parent.budget()), expiresAt, chain);
    }

    /**
     * A token checked against every rule, to be signed and recorded. Its expiry is fixed when it is
     * checked, so recording it later cannot make it outlive its parent.
     */
    private record Mint(Caller caller, String action, String subject, String vault, List<String> permissions,
            Budget budget, Instant expiresAt, List<String> chain) {}

    private IssuedToken record(Mint mint) {
        IssuedToken issued = sign(mint);
        securityStream.append(issuedEvent(issued, mint), mint.caller().principal().subject());
        auditIssued(mint, issued);
        return issued;
    }

    private CompletableFuture<IssuedToken> recordAsync(Mint mint) {
        IssuedToken issued = sign(mint);
        return securityStream.appendAsync(issuedEvent(issued, mint), mint.caller().principal().subject())
                .thenApply(committed -> {
                    auditIssued(mint, issued);
                    return issued;
                });
    }

    private IssuedToken sign(Mint mint) {
        return tokens.issue(mint.subject(), mint.vault(), mint.permissions(), mint.budget(), mint.expiresAt(),
                mint.chain());
    }

    private static TokenIssued issuedEvent(IssuedToken issued, Mint mint) {
        return new TokenIssued(issued.jti(), mint.subject(), mint.vault(), mint.chain(), issued.issuedAt(),
                issued.expiresAt());
    }

    private void auditIssued(Mint mint, IssuedToken issued) {
        audit.record(entry(mint.caller(), mint.action(), mint.subject(), ALLOW, "granted " + mint.permissions()
                + " until " + issued.expiresAt(), 201, issued.jti()));
    }

    // ---- approvals ----

    @Override
    public IssuedToken grantApproval(Caller approver, Target agent, ApprovalBinding binding) {
        authorize(approver, Permissions.APPROVAL_GRANT, agent);
        Principal principal = approver.principal();
        List<String> chain = new ArrayList<>(principal.chain());
        if (principal.tokenId() != null) {
            chain.add(principal.tokenId());
        }
        Instant expiresAt = clock.instant().plus(config.approvalTtl());
        IssuedToken issued = tokens.issueApproval(agent.vault(), binding, expiresAt, chain);
        securityStream.append(new TokenIssued(issued.jti(), agent.agentId(), agent.vault(), chain, issued.issuedAt(),
                issued.expiresAt()), principal.subject());
        audit.record(entry(approver, "approval:grant", agent.agentId(), ALLOW, "approved " + binding.toolId()
                + " with arguments sha256 " + binding.argumentsSha256() + " until " + issued.expiresAt(), 201,
                issued.jti()));
        return issued;
    }

    @Override
    public String admitApproved(Caller caller, String approvalToken, ApprovalBinding call) {
        String action = "approval:use";
        ApprovalBinding granted;
        try {
            granted = tokens.verifyApproval(approvalToken);
        } catch (AuthenticationException e) {
            throw audited(new PermissionDeniedException(action, "the approval is not valid: " + e.getMessage()),
                    entry(caller, action, call.agentId(), DENY, e.getMessage(), 403));
        }
        String broken = !granted.agentId().equals(call.agentId()) ? "it approves another agent's call"
                : !granted.toolId().equals(call.toolId()) ? "it approves another tool"
                : !granted.argumentsSha256().equals(call.argumentsSha256())
                        ? "it is bound to other arguments (sha256 " + granted.argumentsSha256() + ", the call's "
                                + call.argumentsSha256() + ")"
                : null;
        if (broken != null) {
            deny(caller, action, call.agentId(), "the approval does not cover this call: " + broken);
        }
        return tokens.verify(approvalToken).tokenId();
    }

    @Override
    public void revokeToken(Caller caller, String jti, String reason) {
        String action = "token:revoke";
        TokenIssued target = registry.find(jti).orElseThrow(() -> new TokenNotFoundException(jti));
        Principal principal = caller.principal();
        boolean own = !principal.isAdminSecret()
                && (jti.equals(principal.tokenId()) || target.chain().contains(principal.tokenId()));
        if (!principal.isAdmin() && !own) {
            deny(caller, action, jti, "only the token itself, a token it was delegated from, or an admin may revoke it");
        }
        securityStream.append(new TokenRevoked(jti, target.expiresAt(), reason), principal.subject());
        audit.record(entry(caller, action, target.subject(), ALLOW, reason, 200, jti));
    }

    @Override
    public void revokeSubject(Caller caller, String subject, String reason) {
        requirePermission(caller, Permissions.ADMIN);
        securityStream.append(new SubjectRevoked(subject, clock.instant(), reason), caller.principal().subject());
        audit.record(entry(caller, "token:revoke-subject", subject, ALLOW, reason, 200));
    }

    @Override
    public SigningKey rotateKeys(Caller caller) {
        requirePermission(caller, Permissions.ADMIN);
        SigningKey key = keys.rotate();
        audit.record(entry(caller, "keys:rotate", key.kid(), ALLOW, "new signing key", 201));
        return key;
    }

    // ---- model calls ----

    @Override
    public void authorizeModelCall(ModelSpend spend) {
        try {
            rateLimits.consumeModelCall(spend.agentId(), spend.vault());
        } catch (RateLimitedException e) {
            throw limited(spend.agentId(), Permissions.LLM_INVOKE, IN_SERVICE, null, e);
        }
        for (SpendLimit limit : spend.limits()) {
            String refusal = limit.refusal(spend.tokens(), spend.cost());
            if (refusal != null) {
                throw audited(new BudgetExceededException(limit.holder(), refusal), entry(spend.agentId(),
                        Permissions.LLM_INVOKE, spend.model(), DENY, refusal, BUDGET_EXCEEDED_STATUS, IN_SERVICE, null));
            }
        }
    }

    // ---- audit entries ----

    private <R extends AuditedRefusal> R audited(R refusal, AuditRecorded entry) {
        refusal.recordedBy(audit.record(entry));
        return refusal;
    }

    private static AuditRecorded entry(Caller caller, String action, String target, String decision, String reason,
            int status) {
        return entry(caller, action, target, decision, reason, status, caller.principal().tokenId());
    }

    private static AuditRecorded entry(Caller caller, String action, String target, String decision, String reason,
            int status, String tokenId) {
        return entry(caller.principal().subject(), action, target, decision, reason, status, caller.clientAddress(),
                tokenId);
    }

    private static AuditRecorded entry(String principal, String action, String target, String decision, String reason,
            int status, String clientAddress, String tokenId) {
        return new AuditRecorded(principal, action, target, decision, reason, status, clientAddress, tokenId);
    }
}

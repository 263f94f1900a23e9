package dev.toka.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The single place that decides who may do what: credentials, revocation, rate limits,
 * permissions over targets, and the issuing, delegating and revoking of tokens and keys. No
 * resource or service checks a permission on its own.
 *
 * <p>Every denial (401, 403, 429), every token issued, delegated or revoked, every key rotation and
 * every admin action is recorded as an audit event in the log.
 */
public interface SecurityPolicyCoordinator {

    /**
     * Establishes who is calling and takes one request from its quota for {@code group}.
     *
     * @param authorization The {@code Authorization} header, if any.
     * @param clientAddress The client's address.
     * @param group         The route group whose quota applies.
     * @param action        What the caller is trying to do, for the audit entry of a denial.
     * @throws AuthenticationException when the credential is missing, invalid or revoked
     * @throws RateLimitedException    when the caller's quota or its address's back-off refuses it
     */
    Caller authenticate(Optional<String> authorization, String clientAddress, RouteGroup group, String action);

    /**
     * Admits a call that needs no credential, against its client address's quota.
     *
     * @throws RateLimitedException when the address's quota is used up
     */
    RateLimitStatus admitAnonymous(String clientAddress, String action);

    /**
     * Checks that the caller holds {@code permission}, whoever it is (an admin holds every permission);
     * only a denial is audited. For reads, and for writes that record their allowance themselves (a
     * token issued, a run started, a key rotated); {@link #authorize(Caller, String)} also audits an
     * admin's allowed action.
     *
     * @throws PermissionDeniedException naming the missing permission
     */
    void requirePermission(Caller caller, String permission);

    /**
     * Checks that the caller holds {@code permission}, for an action not aimed at one agent.
     *
     * @throws PermissionDeniedException naming the missing permission
     */
    void authorize(Caller caller, String permission);

    /**
     * Checks that the caller may perform {@code permission} on {@code target}: it holds the
     * permission, and the target is itself or one of its descendants in its own vault; an admin may
     * act on any agent.
     *
     * @throws PermissionDeniedException naming the missing permission or the rule broken
     */
    void authorize(Caller caller, String permission, Target target);

    /**
     * Checks that the caller holds every capability it hands on to an agent it spawns, so a mandate
     * can only narrow the spawner's rights; allowed grants are recorded with the spawn itself.
     *
     * @throws PermissionDeniedException naming the first capability the caller lacks
     */
    void authorizeGrant(Caller caller, Collection<String> capabilities);

    /**
     * Checks that the caller may call a tool for an agent: it holds {@code permission}, the agent is
     * itself or one of its descendants in its own vault (an admin may act for any agent), and its
     * tool-call quota ({@link RouteGroup#TOOL}) is not used up. Every denial, and every call by an admin,
     * is audited.
     *
     * @param permission The permission the tool's manifest requires, for example {@code tool:fs.read}.
     * @param toolId     The tool, for the audit entry.
     * @param actingFor  The agent the call acts for.
     * @throws PermissionDeniedException naming the missing permission or the rule broken
     * @throws RateLimitedException      when the caller's tool-call quota is used up
     */
    void authorizeToolCall(Caller caller, String permission, String toolId, Target actingFor);

    /**
     * Records a tool call refused for a reason other than this coordinator's own decisions (those are
     * audited where they are made): an unknown tool, a malformed scope, key or request, input that
     * breaks the tool's schema. Does not wait for the entry to be committed.
     *
     * @param toolId  The tool the call named.
     * @param agentId The agent the call was for, or {@code null} when the request did not get that far.
     * @param status  The HTTP status of the answer.
     */
    void recordToolCallRefused(Caller caller, String toolId, String agentId, String reason, int status);

    /**
     * The Rule of Two, before a tool runs: refuses a call that could carry data out ({@link ToolUse#carriesDataOut()})
     * for an agent whose context holds untrusted content, and records the refusal in the audit trail; under
     * {@link UntrustedEgress#APPROVE} such a call is not refused but needs a person's approval instead. A call that
     * writes files for such an agent marks its workspace untrusted before it runs.
     *
     * @return whether the call may run only with an approval of it ({@link #admitApproved}, then
     *         {@link #recordApprovedEgress})
     * @throws PermissionDeniedException explaining the rule, for the agent to read as the tool's answer
     */
    boolean authorizeToolEffects(Caller caller, ToolUse use);

    /** Audits a call the Rule of Two let through because it presented an approval of it (capability token id). */
    void recordApprovedEgress(Caller caller, ToolUse use, String approvalTokenId);

    /**
     * The Rule of Two, once a tool has answered: labels the answer that is about to enter the agent's context,
     * and when it is untrusted and the context was not yet, records {@link SecurityEvents.ContextTainted} before
     * returning, so the agent cannot act on the content before it has lost its outward tools.
     *
     * @param withdrawable The tools the agent holds that could carry data out; asked only when the context turns.
     * @return the answer's label
     */
    Provenance admitToolOutput(Caller caller, ToolUse use, Supplier<List<String>> withdrawable);

    /**
     * Whether a tool with {@code effects} is withdrawn from the agent: it could carry data out, and the agent's
     * context is untrusted. For offering tools; a call is decided by {@link #authorizeToolEffects}.
     */
    boolean withdrawn(String agentId, Set<ToolEffect> effects);

    /** Whether a call of a tool with {@code effects} needs a person's approval because of the Rule of Two. */
    boolean needsEgressApproval(String agentId, Set<ToolEffect> effects);

    /** Whether the caller may see {@code target} at all: an admin, or the agent itself or an ancestor in its vault. */
    boolean canSee(Caller caller, Target target);

    /**
     * Issues a root capability token (admin only).
     *
     * @throws InvalidTokenRequestException when the request breaks a limit
     */
    IssuedToken issueToken(Caller caller, TokenRequest request);

    /**
     * Delegates part of the caller's token to a descendant agent: a subset of its permissions, an
     * expiry no later than its own, one level deeper, at most the configured depth.
     *
     * @param child The agent the new token speaks for; its lineage must include the caller's subject.
     * @throws PermissionDeniedException naming the delegation rule broken
     */
    IssuedToken delegate(Caller caller, Target child, TokenRequest request);

    /**
     * Checks, without writing anything but the audit entry of a refusal, that the caller may have a
     * token issued for {@code agent}: the admin secret gets a root token for it (in the agent's vault),
     * a token holder a token delegated from its own under the rules of {@link #delegate}. The agent may
     * not exist yet (a spawn checks its new agent's token before recording the agent).
     *
     * @param agent   The agent the token will speak for.
     * @param request What the token may do; its subject and vault are the agent's.
     * @throws PermissionDeniedException   naming the rule broken
     * @throws InvalidTokenRequestException when the request breaks a limit
     */
    TokenGrant grantToken(Caller caller, Target agent, TokenRequest request);

    /**
     * Revokes a token and everything delegated from it. A holder may revoke its own token and
     * tokens derived from it; an admin any token.
     *
     * @throws TokenNotFoundException    when no live token has this id
     * @throws PermissionDeniedException when the caller may not revoke it
     */
    void revokeToken(Caller caller, String jti, String reason);

    /** Revokes every token of an agent, with everything delegated from them (admin only). */
    void revokeSubject(Caller caller, String subject, String reason);

    /** Replaces the signing key at once (admin only); returns the new key. */
    SigningKey rotateKeys(Caller caller);

    /**
     * Admits one model call an agent is about to make: takes it from the agent's and the vault's
     * model-call quotas, then checks that its estimated spend keeps every budget it counts against.
     * Called by the LLM gateway inside the service, on behalf of the agent, before anything is sent;
     * a refusal is audited with the agent as principal.
     *
     * @throws RateLimitedException    when the agent's or the vault's quota is used up
     * @throws BudgetExceededException naming the budget the call would break
     */
    void authorizeModelCall(ModelSpend spend);

    /**
     * Grants a pending approval: checks that the approver holds {@value Permissions#APPROVAL_GRANT} on the agent
     * (its own agent or a descendant in its vault; an admin on any), then signs and records a one-shot approval
     * capability bound to the call ({@code toka.security.approval-ttl}). Denials and the grant are audited.
     *
     * @throws PermissionDeniedException naming the missing permission or the rule broken
     */
    IssuedToken grantApproval(Caller approver, Target agent, ApprovalBinding binding);

    /**
     * Checks that an approval capability is valid (signed here, unexpired, unrevoked) and bound to exactly this
     * call: its agent, tool and arguments' digest ({@code call.approvalId()} is not compared). A refusal is audited.
     *
     * @return The capability's token id, which the call spends.
     * @throws PermissionDeniedException naming what does not match
     */
    String admitApproved(Caller caller, String approvalToken, ApprovalBinding call);
}

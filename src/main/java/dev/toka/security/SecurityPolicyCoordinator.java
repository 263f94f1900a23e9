package dev.toka.security;

import java.util.Optional;

/**
 * The single place that decides who may do what: credentials, permissions, targets and issuance.
 * No resource or service checks a permission on its own.
 *
 * <p>Every denial, and every privileged action it allows, is recorded as an audit event.
 */
public interface SecurityPolicyCoordinator {

    /**
     * Establishes who is calling.
     *
     * @param authorization The {@code Authorization} header, if any.
     * @param clientAddress The client's address.
     * @param action        What the caller is trying to do, for the audit entry of a denial.
     * @throws AuthenticationException when the credential is missing or invalid
     */
    Caller authenticate(Optional<String> authorization, String clientAddress, String action);

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

    /** Whether the caller may see {@code target} at all: an admin, the agent itself or an ancestor in its vault. */
    boolean canSee(Caller caller, Target target);

    /**
     * Issues a capability token (admin only).
     *
     * @throws PermissionDeniedException     when the caller is not an admin
     * @throws InvalidTokenRequestException when the request breaks a limit
     */
    IssuedToken issueToken(Caller caller, TokenRequest request);
}

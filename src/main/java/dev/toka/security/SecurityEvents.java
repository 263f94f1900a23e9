package dev.toka.security;

import java.time.Instant;
import java.util.List;

/** The events the security layer keeps in the log (stream {@value #STREAM}; audit entries in {@value #AUDIT_STREAM}). */
public final class SecurityEvents {

    /** Stream of key and credential events. */
    public static final String STREAM = "security";

    /** Stream of audit entries. */
    public static final String AUDIT_STREAM = "audit";

    /** Category of the streams that record an agent's context turning untrusted: {@code context-<agent>}. */
    public static final String CONTEXT_STREAM_PREFIX = "context-";

    /** Category of the streams that record a workspace holding untrusted files: {@code workspace-<vault>/<name>}. */
    public static final String WORKSPACE_STREAM_PREFIX = "workspace-";

    private SecurityEvents() {}

    /**
     * A signing key came into use.
     *
     * @param kid                 The key id carried in the {@code kid} header of tokens it signs.
     * @param algorithm           The JWS algorithm ({@code ES256}).
     * @param publicKey           Base64 of the X.509 encoding of the public key.
     * @param sealedPrivateKey    The PKCS#8 private key sealed by {@code keys.KeyEncryption}.
     * @param createdAt           When the key was made.
     */
    public record SigningKeyCreated(
            String kid, String algorithm, String publicKey, String sealedPrivateKey, Instant createdAt) {}

    /**
     * A capability token was issued or delegated. The token itself is never stored.
     *
     * @param jti       The token id.
     * @param subject   The agent it speaks for.
     * @param vault     The tenant.
     * @param chain     The ids of the tokens it was delegated from, root first (empty for a root token).
     * @param issuedAt  Its {@code iat}.
     * @param expiresAt Its {@code exp}.
     */
    public record TokenIssued(
            String jti, String subject, String vault, List<String> chain, Instant issuedAt, Instant expiresAt) {

        public TokenIssued {
            chain = List.copyOf(chain);
        }
    }

    /**
     * A token, and with it every token delegated from it, was revoked.
     *
     * @param jti       The revoked token.
     * @param expiresAt When the token would have expired; the revocation may be forgotten after that.
     * @param reason    Why.
     */
    public record TokenRevoked(String jti, Instant expiresAt, String reason) {}

    /**
     * Every token of an agent issued up to a moment was revoked, with everything delegated from them.
     *
     * @param subject   The agent.
     * @param issuedUpTo Tokens issued at or before this instant are revoked.
     * @param reason    Why.
     */
    public record SubjectRevoked(String subject, Instant issuedUpTo, String reason) {}

    /**
     * The generated admin secret was created; only its SHA-256 is kept.
     *
     * @param secretSha256 Hex of the SHA-256 of the secret.
     */
    public record AdminCredentialCreated(String secretSha256) {}

    /**
     * The admin secret configured by {@code TOKA_ADMIN_TOKEN} came into use; an earlier one, generated or
     * configured, no longer works. The secret is kept only as a fingerprint keyed by the key-encryption
     * key ({@code keys.SecretFingerprints}), so the log does not allow guessing a short secret offline.
     *
     * @param fingerprint   Hex of the keyed fingerprint.
     * @param replacedAt    Log position of the credential it replaces, or {@code null} for the first one.
     */
    public record AdminCredentialConfigured(String fingerprint, Long replacedAt) {}

    /**
     * One decision worth keeping: every denial, and every privileged action that was allowed.
     *
     * @param principal     Who asked ({@code anonymous} when no credential was valid).
     * @param action        What was asked, for example {@code task:schedule} or {@code token:issue}.
     * @param target        What it was asked on (an agent id, a token id), or {@code null}.
     * @param decision      {@code allow} or {@code deny}.
     * @param reason        Why.
     * @param status        The HTTP status that answered it.
     * @param clientAddress The client's network address.
     * @param tokenId       The {@code jti} involved (never the token itself), or {@code null}.
     */
    public record AuditRecorded(
            String principal,
            String action,
            String target,
            String decision,
            String reason,
            int status,
            String clientAddress,
            String tokenId) {}

    /**
     * Untrusted content entered an agent's context (Rule of Two): from now on the agent loses every tool
     * that could carry data out. Recorded once per agent, in stream {@value #CONTEXT_STREAM_PREFIX}{@code <agent>}.
     *
     * @param agent            The agent whose context holds the content.
     * @param vault            The agent's tenant.
     * @param run              The run, or {@code null}.
     * @param task             The task in which it happened, or {@code null}.
     * @param tool             The tool whose answer brought the content.
     * @param reason           Why the answer is untrusted.
     * @param withdrawnEffects The effects the agent's tools may no longer have.
     * @param withdrawnTools   The tools the agent could call until now and no longer can.
     */
    public record ContextTainted(
            String agent, String vault, String run, String task, String tool, String reason,
            List<ToolEffect> withdrawnEffects, List<String> withdrawnTools) {

        public ContextTainted {
            withdrawnEffects = List.copyOf(withdrawnEffects);
            withdrawnTools = List.copyOf(withdrawnTools);
        }
    }

    /**
     * A workspace received files from an agent whose context held untrusted content, so whatever is read
     * from it from now on is untrusted too. Recorded once per workspace, in stream
     * {@value #WORKSPACE_STREAM_PREFIX}{@code <workspace>}.
     *
     * @param workspace The workspace, for example {@code default/run-7f3c}.
     * @param agent     The agent that wrote.
     * @param run       The run, or {@code null}.
     * @param task      The task, or {@code null}.
     * @param tool      The tool that wrote.
     */
    public record WorkspaceTainted(String workspace, String agent, String run, String task, String tool) {}
}

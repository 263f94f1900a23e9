package dev.toka.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the security layer, prefix {@code toka.security}. */
@ConfigMapping(prefix = "toka.security")
public interface SecurityConfig {

    /** The admin bearer secret ({@code TOKA_ADMIN_TOKEN}); when absent one is generated at first start. */
    Optional<String> adminToken();

    /** Base64 of the 32-byte key that encrypts signing keys at rest ({@code TOKA_KEY_ENCRYPTION_KEY}). */
    Optional<String> keyEncryptionKey();

    /** Where a generated key-encryption key is kept when none is configured; default {@code ./data/key-encryption-key}. */
    @WithDefault("data/key-encryption-key")
    String keyEncryptionKeyFile();

    /** The {@code iss} of issued tokens; default {@code toka}. */
    @WithDefault("toka")
    String issuer();

    /** Token lifetime when a request names none; default 15 minutes. */
    @WithDefault("PT15M")
    Duration defaultTtl();

    /** Longest lifetime a token may have; default 1 hour. */
    @WithDefault("PT1H")
    Duration maxTtl();

    /** How long a granted approval capability may be used (docs/security.md, "Approvals"); default 15 minutes. */
    @WithDefault("PT15M")
    Duration approvalTtl();

    /**
     * What the Rule of Two does with a call that could carry data out of an untrusted context: {@code deny}
     * (default) refuses it, {@code approve} lets it wait for a person's approval of that one call.
     */
    @WithDefault("deny")
    UntrustedEgress untrustedEgress();

    /** Clock difference tolerated on {@code exp}, {@code nbf} and {@code iat}; default 5 seconds. */
    @WithDefault("PT5S")
    Duration clockSkew();

    /** How many verified tokens to remember (each only until it expires); default 10000. */
    @WithDefault("10000")
    int verificationCacheSize();

    /** How deep a delegation chain may go; default 5. */
    @WithDefault("5")
    int maxDelegationDepth();

    /** How old the signing key may grow before the scheduler replaces it; default 1 day. */
    @WithDefault("P1D")
    Duration keyRotationInterval();

    /** Rate limits per route group and caller. */
    RateLimit rateLimit();

    /** The back-off for failing credentials from one address; valid credentials never meet it. */
    AuthFailures authFailures();

    /** Quotas as {@code capacity/ISO-8601 period}, see {@code limits.Quota}. */
    interface RateLimit {

        /** Token issuance, delegation, revocation and key rotation, per principal; default 60/PT1M. */
        @WithDefault("60/PT1M")
        String issue();

        /** Operations, per principal; default 1000/PT1S. */
        @WithDefault("1000/PT1S")
        String write();

        /** Queries and streams, per principal; default 1000/PT1S. */
        @WithDefault("1000/PT1S")
        String read();

        /** Tool calls, per principal; default 100/PT1S. */
        @WithDefault("100/PT1S")
        String tool();

        /** Calls without a credential, per client address; default 100/PT1S. */
        @WithDefault("100/PT1S")
        String anonymous();

        /** Model calls, per agent; default 60/PT1M. */
        @WithDefault("60/PT1M")
        String modelCallsPerAgent();

        /** Model calls, per vault (tenant), summed over its agents; default 600/PT1M. */
        @WithDefault("600/PT1M")
        String modelCallsPerVault();
    }

    /** Authentication failure back-off. */
    interface AuthFailures {

        /** Failures an address may make before its failing requests must wait; default 5. */
        @WithDefault("5")
        int freeAttempts();

        /** The first wait; each further failure doubles it; default 1 second. */
        @WithDefault("PT1S")
        Duration firstWait();

        /** The longest wait, also the quiet time after a wait that forgets an address's failures; default 1 minute. */
        @WithDefault("PT1M")
        Duration maxWait();
    }
}

package dev.toka.security.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.toka.security.ApprovalBinding;
import dev.toka.security.AuthenticationException;
import dev.toka.security.Budget;
import dev.toka.security.IssuedToken;
import dev.toka.security.Permissions;
import dev.toka.security.Principal;
import dev.toka.security.SecurityConfig;
import dev.toka.security.SigningKey;
import dev.toka.security.keys.SigningKeys;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.UUID;

/**
 * Signs capability tokens (ES256 JWTs with a {@code kid}) and verifies them with SmallRye JWT.
 *
 * <p>Before any signature work a token must pass cheap structural checks (size, three base64url segments, an
 * {@code alg} of exactly ES256, a known {@code kid}), which shuts out {@code alg: none} and the
 * HMAC-with-public-key confusion. After the signature, issuer and time checks by SmallRye JWT, the
 * claims must keep Toka's limits. A verified token is remembered until, never past, its expiry.
 */
@Singleton
public class CapabilityTokens {

    /** Longest token accepted, in bytes. */
    public static final int MAX_TOKEN_BYTES = 8192;

    /** A compact JWS: three non-empty base64url segments, nothing else. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** Longest {@code sub}, {@code vault} or {@code jti}, in UTF-8 bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 256;

    private static final String BUDGET_CLAIM = "budget";
    /** The claim that makes a token an approval capability: {@code {approvalId, agentId, toolId, argumentsSha256}}. */
    private static final String APPROVAL_CLAIM = "approval";

    private final SigningKeys keys;
    private final TokenRegistry registry;
    private final SecurityConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final DefaultJWTParser parser;
    private final Cache<String, Principal> verified;

    CapabilityTokens(
            SigningKeys keys, TokenRegistry registry, SecurityConfig config, Clock clock, ObjectMapper mapper) {
        this.keys = keys;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
        this.parser = new DefaultJWTParser(contextInfo(config));
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verificationCacheSize())
                .expireAfter(new UntilTokenExpiry(clock))
                .build();
    }

    /**
     * Signs a token for an already validated request.
     *
     * @param chain The ids of the tokens it is delegated from, root first; empty for a root token.
     */
    public IssuedToken issue(String subject, String vault, List<String> permissions, Budget budget, Instant expiresAt,
            List<String> chain) {
        JwtClaimsBuilder claims = claims(subject, vault, permissions);
        if (budget != null) {
            claims.claim(BUDGET_CLAIM, BudgetClaim.of(budget));
        }
        return sign(claims, expiresAt, chain);
    }

    /**
     * Signs an approval capability: a token for the agent with no permission at all, so it authorises nothing
     * as a credential, whose {@code approval} claim binds it to one call. Revocable like any token.
     *
     * @param chain The approver's token chain and token id, so the approver may revoke it; empty for the admin.
     */
    public IssuedToken issueApproval(String vault, ApprovalBinding binding, Instant expiresAt, List<String> chain) {
        JwtClaimsBuilder claims = claims(binding.agentId(), vault, List.of())
                .claim(APPROVAL_CLAIM, Map.of("approvalId", binding.approvalId(), "agentId", binding.agentId(),
                        "toolId", binding.toolId(), "argumentsSha256", binding.argumentsSha256()));
        return sign(claims, expiresAt, chain);
    }

    /**
     * Verifies an approval capability like any token (signature, expiry, revocation) and returns its binding.
     *
     * @throws AuthenticationException naming what is wrong with it, also when it is a token but no approval
     */
    public ApprovalBinding verifyApproval(String token) {
        verify(token);
        JsonNode approval = decodeSegment(token.split("\\.")[1], "payload").path(APPROVAL_CLAIM);
        if (!approval.isObject()) {
            throw new AuthenticationException("token is not an approval");
        }
        return new ApprovalBinding(approval.path("approvalId").asText(), approval.path("agentId").asText(),
                approval.path("toolId").asText(), approval.path("argumentsSha256").asText());
    }

    private JwtClaimsBuilder claims(String subject, String vault, List<String> permissions) {
        return Jwt.issuer(config.issuer())
                .subject(subject)
                .claim("vault", vault)
                .claim("permissions", permissions);
    }

    private IssuedToken sign(JwtClaimsBuilder claims, Instant expiresAt, List<String> chain) {
        SigningKey key = keys.current();
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        String jti = UUID.randomUUID().toString();
        String token = claims
                .claim("chain", chain)
                .claim("depth", chain.size())
                .issuedAt(issuedAt.getEpochSecond())
                .expiresAt(expiresAt.getEpochSecond())
                .claim("jti", jti)
                .jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.ES256)
                .sign(key.privateKey());
        return new IssuedToken(token, jti, issuedAt, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    /**
     * Verifies a token and returns its principal.
     *
     * @throws AuthenticationException naming what is wrong with the token
     */
    public Principal verify(String token) {
        Principal principal = verified.getIfPresent(token);
        if (principal == null || !clock.instant().isBefore(principal.expiresAt())) {
            principal = verifyUncached(token);
            verified.put(token, principal);
        }
        // Never cached: a revocation takes effect on the very next request.
        if (registry.isRevoked(principal)) {
            throw new AuthenticationException("token has been revoked");
        }
        return principal;
    }

    private Principal verifyUncached(String token) {
        if (token.length() > MAX_TOKEN_BYTES) {
            throw new AuthenticationException("token is longer than " + MAX_TOKEN_BYTES + " bytes");
        }
        // The decoders skip bytes outside the alphabet, so "<token>!" verified as the token itself.
        if (!COMPACT_JWS.matcher(token).matches()) {
            throw new AuthenticationException("token is not a signed JWT of three base64url segments"
                    + " (header.payload.signature)");
        }
        String[] parts = token.split("\\.");
        JsonNode header = decodeSegment(parts[0], "header");
        String alg = header.path("alg").asText("");
        if (!SigningKey.ALGORITHM.equals(alg)) {
            throw new AuthenticationException("token algorithm '" + alg + "' is not accepted; only ES256 is");
        }
        String kid = header.path("kid").asText("");
        SigningKey key = keys.byKid(kid)
                .orElseThrow(() -> new AuthenticationException("token is signed with an unknown key id"));
        try {
            parser.verify(token, key.publicKey());
        } catch (ParseException e) {
            throw new AuthenticationException("token is invalid: " + rootMessage(e));
        }
        return principalOf(decodeSegment(parts[1], "payload"));
    }

    private Principal principalOf(JsonNode claims) {
        String subject = identifier(claims, "sub");
        String vault = identifier(claims, "vault");
        String jti = identifier(claims, "jti");
        Instant now = clock.instant();
        if (Instant.ofEpochSecond(claims.path("iat").asLong()).isAfter(now.plus(config.clockSkew()))) {
            throw new AuthenticationException("token is not yet valid (issued in the future)");
        }
        JsonNode permissions = claims.path("permissions");
        if (!permissions.isArray()) {
            throw new AuthenticationException("token has no permissions array");
        }
        if (permissions.size() > Permissions.MAX_COUNT) {
            throw new AuthenticationException("token carries more than " + Permissions.MAX_COUNT + " permissions");
        }
        Set<String> granted = new HashSet<>();
        for (JsonNode permission : permissions) {
            String problem = permission.isTextual() ? Permissions.problemWith(permission.asText()) : "must be a string";
            if (problem != null) {
                throw new AuthenticationException("token permission " + problem);
            }
            granted.add(permission.asText());
        }
        Instant expiresAt = Instant.ofEpochSecond(claims.path("exp").asLong());
        return new Principal(subject, vault, granted, jti, expiresAt, chainOf(claims),
                BudgetClaim.parse(claims.get(BUDGET_CLAIM)));
    }

    private static List<String> chainOf(JsonNode claims) {
        JsonNode chain = claims.path("chain");
        if (chain.isMissingNode()) {
            return List.of();
        }
        if (!chain.isArray() || claims.path("depth").asInt(-1) != chain.size()) {
            throw new AuthenticationException("token delegation chain is malformed");
        }
        List<String> ancestors = new ArrayList<>(chain.size());
        for (JsonNode ancestor : chain) {
            if (!ancestor.isTextual() || ancestor.asText().isBlank()
                    || Permissions.utf8Length(ancestor.asText()) > MAX_IDENTIFIER_BYTES) {
                throw new AuthenticationException("token delegation chain holds an invalid token id");
            }
            ancestors.add(ancestor.asText());
        }
        return ancestors;
    }

    private static String identifier(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new AuthenticationException("token claim '" + name + "' is missing or blank");
        }
        if (Permissions.utf8Length(value.asText()) > MAX_IDENTIFIER_BYTES) {
            throw new AuthenticationException("token claim '" + name + "' is longer than "
                    + MAX_IDENTIFIER_BYTES + " bytes");
        }
        return value.asText();
    }

    private JsonNode decodeSegment(String segment, String name) {
        try {
            JsonNode node = mapper.readTree(Base64.getUrlDecoder().decode(segment));
            if (node == null || !node.isObject()) {
                throw new AuthenticationException("token " + name + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new AuthenticationException("token " + name + " is not base64url-encoded JSON");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        return message == null ? "verification failed" : message;
    }

    private static JWTAuthContextInfo contextInfo(SecurityConfig config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(config.issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        info.setExpGracePeriodSecs((int) config.clockSkew().toSeconds());
        info.setMaxTimeToLiveSecs(config.maxTtl().toSeconds());
        info.setRequiredClaims(Set.of("sub", "jti", "iat", "exp", "vault", "permissions"));
        return info;
    }

    /** Cache entries live exactly as long as the token they verified. */
    private record UntilTokenExpiry(Clock clock) implements Expiry<String, Principal> {

        @Override
        public long expireAfterCreate(String token, Principal principal, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), principal.expiresAt()).toNanos());
        }

        @Override
        public long expireAfterUpdate(String token, Principal principal, long currentTime, long currentDuration) {
            return expireAfterCreate(token, principal, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Principal principal, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

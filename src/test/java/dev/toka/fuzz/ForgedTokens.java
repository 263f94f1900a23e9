package dev.toka.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;

/**
 * Credentials an attacker would try: forged (alg none, HMAC keyed with the public key, a foreign key
 * under our kid), well signed but expired, early, misdirected or malformed, confused (a real token of
 * another agent or vault), truncated, huge, in odd schemes. None may act for the target agent.
 */
public final class ForgedTokens {

    /** A credential for the request: its Authorization header values, in order (none: no header). */
    record Credential(String description, List<String> authorizations) {}

    private final FuzzTarget target;
    private final Random random;
    private final PrivateKey foreignKey;
    private final String agentToken;

    ForgedTokens(FuzzTarget target, Random random) {
        this.target = target;
        this.random = random;
        this.foreignKey = ecKey();
        this.agentToken = target.agentBearer().substring("Bearer ".length());
    }

    Credential next() {
        String[] parts = agentToken.split("\\.");
        long now = Instant.now().getEpochSecond();
        return switch (random.nextInt(20)) {
            case 0 -> bearer("alg none", b64("{\"alg\":\"" + pick("none", "None", "NONE", "nOnE") + "\",\"kid\":\""
                    + target.kid() + "\"}") + "." + b64(JsonUtil.toJson(claims(now))) + "." + pick("", "x"));
            case 1 -> bearer("HS256 keyed with the public key", hmacWithPublicKey(claims(now)));
            case 2 -> bearer("ES256 by a foreign key under our kid", sign(foreignKey, "ES256", target.kid(), claims(now)));
            case 3 -> signedByService("unknown kid", pick("nope", "", "../../keys/current", "\u0000", "x".repeat(300)),
                    claims(now));
            case 4 -> signedByService("expired", target.kid(), with(claims(now), "exp", now - 3_600 - random.nextInt(99_999)));
            case 5 -> signedByService("not before in the future", target.kid(), with(claims(now), "nbf", now + 3_600));
            case 6 -> signedByService("issued in the future", target.kid(), with(claims(now), "iat", now + 86_400));
            case 7 -> signedByService("other issuer", target.kid(), with(claims(now), "iss", pick("evil", "", "TOKA", "toka ")));
            case 8 -> signedByService("a required claim missing", target.kid(), withoutOne(claims(now)));
            case 9 -> signedByService("delegation chain that does not match its depth", target.kid(),
                    with(with(claims(now), "chain", List.of("a", "b")), "depth", 0));
            case 10 -> bearer("truncated", agentToken.substring(0, random.nextInt(agentToken.length() - 1)));
            case 11 -> bearer("huge", "A".repeat(8_000 + random.nextInt(30_000)) + ".e30.sig");
            case 12 -> bearer("random segments", Base64.getUrlEncoder().withoutPadding().encodeToString(noise(1 + random.nextInt(300)))
                    + "." + b64("{}") + "." + b64("x"));
            case 13 -> bearer("claims widened after signing", parts[0] + "."
                    + b64(JsonUtil.toJson(with(claims(now), "permissions", List.of("admin", "*")))) + "." + parts[2]);
            case 14 -> bearer("signature stripped or segments added", pick(parts[0] + "." + parts[1] + ".",
                    parts[0] + "." + parts[1], agentToken + ".x", agentToken + "." + agentToken, "..", "...."));
            case 15 -> new Credential("odd scheme", List.of(pick("Basic dXNlcjpwYXNz", "Bearer", "Bearer   ",
                    "Token " + agentToken, "Bearer a b c", "Digest username=\"admin\"", "Bearer " + agentToken + "," + agentToken)));
            case 16 -> random.nextBoolean()
                    ? new Credential("token of another agent of the vault", List.of(target.strangerBearer()))
                    : new Credential("token of another vault", List.of(target.otherVaultBearer()));
            case 17 -> bearer("bytes outside ASCII", pick("\u00e9\u00e8.\u00e0.x", agentToken + "\u00ff",
                    "\u00c0\u00af" + agentToken));
            case 18 -> bearer("near miss of the admin secret", pick(target.adminBearer().substring(7, target.adminBearer().length() - 1),
                    target.adminBearer().substring(7).toUpperCase(), target.adminBearer().substring(7) + "x",
                    target.adminBearer().substring(7) + "\u0000"));
            default -> random.nextBoolean() ? new Credential("no credential", List.of())
                    : new Credential("a forged credential, then the admin's", List.of("Bearer " + b64("{\"alg\":\"none\"}")
                            + "." + b64(JsonUtil.toJson(claims(now))) + ".", target.adminBearer()));
        };
    }

    private Credential bearer(String description, String token) {
        return new Credential(description, List.of("Bearer " + token));
    }

    private Credential signedByService(String description, String kid, Map<String, Object> claims) {
        String token = target.serviceSigner().map(signer -> signer.sign(kid, claims))
                .orElseGet(() -> sign(foreignKey, "ES256", kid, claims));
        return bearer(description + (target.serviceSigner().isPresent() ? ", signed by the service's key" : ""), token);
    }

    private Map<String, Object> claims(long now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "toka");
        claims.put("sub", target.agentId());
        claims.put("vault", "default");
        claims.put("permissions", List.of("admin"));
        claims.put("chain", List.of());
        claims.put("depth", 0);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /**
     * Without one claim a token must hold. (A well-signed claim of another type is read leniently, "sub": -1
     * as "-1": only the service's key can sign one, so that is no attack from outside.)
     */
    private Map<String, Object> withoutOne(Map<String, Object> claims) {
        claims.remove(pick("sub", "jti", "iat", "exp", "vault", "permissions"));
        return claims;
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        claims.put(name, value);
        return claims;
    }

    private String hmacWithPublicKey(Map<String, Object> claims) {
        JsonWebSignature jws = jws("HS256", target.kid(), claims);
        jws.setKey(new HmacKey(target.publicKeyDer()));
        return serialise(jws);
    }

    private static String sign(PrivateKey key, String alg, String kid, Map<String, Object> claims) {
        JsonWebSignature jws = jws(alg, kid, claims);
        jws.setKey(key);
        return serialise(jws);
    }

    /** Signs with the service's own key: only the test, which runs inside the service, can. */
    public static FuzzTarget.ClaimsSigner signerWith(PrivateKey key) {
        return (kid, claims) -> sign(key, "ES256", kid, claims);
    }

    private static JsonWebSignature jws(String alg, String kid, Map<String, Object> claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims));
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        return jws;
    }

    private static String serialise(JsonWebSignature jws) {
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a forged token", e);
        }
    }

    private static PrivateKey ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair().getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] noise(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}

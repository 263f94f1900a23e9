package dev.toka.fuzz;

import java.util.Map;
import java.util.Optional;

/**
 * What the generator aims at in the service under test: real ids and credentials, so a hostile
 * request reaches the code behind authentication and id look-ups instead of stopping at the door.
 *
 * @param adminBearer    {@code Bearer <admin secret>}.
 * @param agentId        An agent of the default vault.
 * @param agentBearer    A token of that agent with the usual permissions.
 * @param strangerBearer A token of another agent of the same vault, which has no say over the first.
 * @param otherVaultBearer A token of an agent in another vault.
 * @param runId          A run that exists.
 * @param spareJti       The id of a token nobody uses, for revocation requests.
 * @param kid            The id of the current signing key, which forged tokens name.
 * @param publicKeyDer   The current signing key's public key (X.509 DER), which a confused HMAC signs with.
 * @param serviceSigner  Signs claims with the service's own key, where the test can reach it (not for a
 *                       separate process): tokens that are well signed yet expired, early or misdirected.
 */
public record FuzzTarget(String adminBearer, String agentId, String agentBearer, String strangerBearer,
        String otherVaultBearer, String runId, String spareJti, String kid, byte[] publicKeyDer,
        Optional<ClaimsSigner> serviceSigner) {

    /** Signs a JWT with a given {@code kid} header over the given claims. */
    @FunctionalInterface
    public interface ClaimsSigner {
        String sign(String kid, Map<String, Object> claims);
    }
}

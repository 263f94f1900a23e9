package dev.toka.security;

import java.util.Map;

/** The public halves of the signing keys, which anyone may fetch to verify a capability token. */
public interface PublicKeys {

    /** The public keys as a JWK Set, for {@code /.well-known/jwks.json}. */
    Map<String, Object> jwks();
}

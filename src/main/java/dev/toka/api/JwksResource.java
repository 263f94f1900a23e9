package dev.toka.api;

import dev.toka.security.PublicKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /.well-known/jwks.json}: the public keys that verify capability tokens. */
@Path("/.well-known/jwks.json")
@Tag(name = "Tokens")
public class JwksResource {

    private final PublicKeys keys;

    JwksResource(PublicKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The token verification keys (JWK Set)", description = "Public; no credential needed.")
    @APIResponse(responseCode = "200", description = "The JWK Set",
            content = @Content(examples = @ExampleObject(name = "jwks", value = Examples.JWKS)))
    @APIResponse(responseCode = "429", description = "Too many requests from this address")
    @Anonymous(action = "jwks:read")
    public Map<String, Object> jwks() {
        return keys.jwks();
    }
}

package dev.toka.api;

import dev.toka.security.SigningKeys;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /.well-known/jwks.json}: the public keys that verify capability tokens. */
@Path("/.well-known/jwks.json")
@Tag(name = "Tokens")
public class JwksResource {

    private final SigningKeys keys;
    private final Callers callers;

    JwksResource(SigningKeys keys, Callers callers) {
        this.keys = keys;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The token verification keys (JWK Set)", description = "Public; no credential needed.")
    @APIResponse(responseCode = "200", description = "The JWK Set",
            content = @Content(examples = @ExampleObject(name = "jwks", value = Examples.JWKS)))
    @APIResponse(responseCode = "429", description = "Too many requests from this address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Map<String, Object> jwks(@Context HttpServerRequest request) {
        callers.admitAnonymous(request, "jwks:read");
        return keys.jwks();
    }
}

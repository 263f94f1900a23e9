package dev.toka.api;

import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.SigningKey;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/keys/rotate}: replace the signing key now (admin). */
@Path("/api/v1/keys")
@Tag(name = "Tokens")
@SecurityRequirement(name = "bearer")
public class KeysResource {

    private final SecurityPolicyCoordinator security;
    private final CurrentCaller current;

    KeysResource(SecurityPolicyCoordinator security, CurrentCaller current) {
        this.security = security;
        this.current = current;
    }

    /**
     * The new signing key.
     *
     * @param kid       Its key id, named in the header of every token it signs.
     * @param createdAt When it was made.
     */
    public record KeyJson(String kid, Instant createdAt) {}

    @POST
    @Path("/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the signing key (admin)",
            description = "New tokens are signed with the new key at once; tokens signed with older keys keep"
                    + " verifying until they expire. Keys also rotate on the toka.security.key-rotation-interval.")
    @APIResponse(responseCode = "201", description = "The new key",
            content = @Content(schema = @Schema(implementation = KeyJson.class),
                    examples = @ExampleObject(name = "key", value = "{\"kid\":\"3f0c…\",\"createdAt\":\"2026-11-25T08:00:00Z\"}")))
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @APIResponse(responseCode = "503", description = "key-encryption-mismatch: the log holds a signing key this"
            + " instance's key-encryption key does not open, so it adds none (docs/security.md); nothing was written")
    @Guarded(group = RouteGroup.ISSUE, action = "keys:rotate")
    public Response rotate() {
        SigningKey key = security.rotateKeys(current.get());
        return Response.status(Response.Status.CREATED).entity(new KeyJson(key.kid(), key.createdAt())).build();
    }
}

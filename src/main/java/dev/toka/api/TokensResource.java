package dev.toka.api;

import dev.toka.security.IssuedToken;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.TokenRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/tokens}: capability tokens, issued by the admin. */
@Path("/api/v1/tokens")
@Tag(name = "Tokens", description = "Issue capability tokens")
@SecurityRequirement(name = "bearer")
public class TokensResource {

    private final SecurityPolicyCoordinator security;
    private final Callers callers;

    TokensResource(SecurityPolicyCoordinator security, Callers callers) {
        this.security = security;
        this.callers = callers;
    }

    /**
     * What to put in a token.
     *
     * @param subject     The agent id the token speaks for.
     * @param vault       The tenant (default: the admin's, {@code default}).
     * @param permissions The permissions, at most 100 of at most 64 characters.
     * @param ttlSeconds  The lifetime in seconds (default 900, at most the configured maximum).
     */
    public record TokenRequestJson(String subject, String vault, List<String> permissions, Long ttlSeconds) {}

    /**
     * An issued token.
     *
     * @param token     The JWT to send as {@code Authorization: Bearer <token>}.
     * @param jti       Its id.
     * @param expiresAt When it expires.
     */
    public record TokenJson(String token, String jti, Instant expiresAt) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a capability token (admin)",
            description = "Signs an ES256 JWT for an agent with the given permissions. The token never enters the"
                    + " log; an audit event records its jti.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "agent token", value = Examples.TOKEN_REQUEST)))
    @APIResponse(responseCode = "201", description = "Issued",
            content = @Content(schema = @Schema(implementation = TokenJson.class),
                    examples = @ExampleObject(name = "token", value = Examples.TOKEN_RESPONSE)))
    @APIResponse(responseCode = "400", description = "A field breaks a limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credential",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The caller is not an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response issue(TokenRequestJson body, @Context HttpServerRequest request) {
        if (body == null) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        var caller = callers.of(request, "token:issue");
        IssuedToken issued = security.issueToken(caller, new TokenRequest(body.subject(),
                Optional.ofNullable(body.vault()), body.permissions(),
                Optional.ofNullable(body.ttlSeconds()).map(Duration::ofSeconds)));
        return Response.status(Response.Status.CREATED)
                .entity(new TokenJson(issued.token(), issued.jti(), issued.expiresAt()))
                .build();
    }
}

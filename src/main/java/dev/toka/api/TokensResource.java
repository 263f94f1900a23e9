package dev.toka.api;

import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.security.Budget;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.TokenRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
    private final WorldState world;
    private final CurrentCaller current;

    TokensResource(SecurityPolicyCoordinator security, WorldState world, CurrentCaller current) {
        this.security = security;
        this.world = world;
        this.current = current;
    }

    /**
     * What to put in a token.
     *
     * @param subject     The agent id the token speaks for.
     * @param vault       The tenant (default: the admin's, {@code default}).
     * @param permissions The permissions, at most 100 of at most 64 characters.
     * @param ttlSeconds  The lifetime in seconds (default 900, at most the configured maximum).
     * @param budget      The spending limit on model calls of the agents the token spawns, optional; a delegated
     *                    token's must stay within its parent's, which it inherits when absent.
     */
    public record TokenRequestJson(String subject, String vault, List<String> permissions, Long ttlSeconds,
            Budget budget) {

        TokenRequest toRequest() {
            return new TokenRequest(subject, Optional.ofNullable(vault), permissions,
                    Optional.ofNullable(ttlSeconds).map(Duration::ofSeconds), Optional.ofNullable(budget));
        }
    }

    /**
     * An issued token.
     *
     * @param token     The JWT to send as {@code Authorization: Bearer <token>}.
     * @param jti       Its id.
     * @param expiresAt When it expires.
     */
    public record TokenJson(String token, String jti, Instant expiresAt) {}

    /**
     * What to revoke: one token (with everything delegated from it) or every token of an agent.
     *
     * @param jti     The token id.
     * @param subject The agent whose tokens all go (admin only).
     * @param reason  Why, for the audit trail.
     */
    public record RevokeJson(String jti, String subject, String reason) {}

    /**
     * The revocation done.
     *
     * @param jti     The revoked token, if one was named.
     * @param subject The agent whose tokens were revoked, if one was named.
     */
    public record RevokedJson(String jti, String subject) {}

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
    @APIResponse(responseCode = "400", description = "A field breaks a limit")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @Guarded(group = RouteGroup.ISSUE, action = "token:issue")
    public Response issue(TokenRequestJson body) {
        if (body == null) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        IssuedToken issued = security.issueToken(current.get(),
                body.toRequest());
        return created(issued);
    }

    @POST
    @Path("/delegate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delegate part of the bearer token to a descendant agent",
            description = "The child token holds a subset of the parent's permissions (wildcards respected), expires"
                    + " no later than the parent, is one level deeper (at most 5), and speaks for a descendant of the"
                    + " parent's subject. Revoking the parent revokes the child.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "delegate", value = Examples.DELEGATE_REQUEST)))
    @APIResponse(responseCode = "201", description = "Delegated",
            content = @Content(schema = @Schema(implementation = TokenJson.class),
                    examples = @ExampleObject(name = "token", value = Examples.TOKEN_RESPONSE)))
    @APIResponse(responseCode = "400", description = "A field breaks a limit")
    @APIResponse(responseCode = "403", description = "A delegation rule is broken; the detail names it")
    @APIResponse(responseCode = "404", description = "No such agent")
    @Guarded(group = RouteGroup.ISSUE, action = "token:delegate")
    public Response delegate(TokenRequestJson body) {
        Caller caller = current.get();
        if (body == null || body.subject() == null) {
            throw new InvalidRequestException("subject", "must name the child agent");
        }
        AgentView child = world.agent(body.subject()).orElseThrow(() -> new AgentNotFoundException(body.subject()));
        return created(security.delegate(caller, world.targetOf(child), body.toRequest()));
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a token and everything delegated from it, or every token of an agent",
            description = "A holder may revoke its own token and tokens derived from it; an admin any token, and by"
                    + " subject every token of an agent. Takes effect on every instance at once; survives restarts.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "revoke", value = Examples.REVOKE_REQUEST)))
    @APIResponse(responseCode = "200", description = "Revoked",
            content = @Content(schema = @Schema(implementation = RevokedJson.class),
                    examples = @ExampleObject(name = "revoked", value = Examples.REVOKED)))
    @APIResponse(responseCode = "400", description = "Neither or both of jti and subject")
    @APIResponse(responseCode = "403", description = "Not the caller's token or one derived from it")
    @APIResponse(responseCode = "404", description = "No live token with this jti")
    @Guarded(group = RouteGroup.ISSUE, action = "token:revoke")
    public RevokedJson revoke(RevokeJson body) {
        Caller caller = current.get();
        if (body == null || (body.jti() == null) == (body.subject() == null)) {
            throw new InvalidRequestException("jti", "name exactly one of jti and subject");
        }
        String reason = body.reason() == null ? "revoked" : body.reason();
        if (body.jti() != null) {
            security.revokeToken(caller, body.jti(), reason);
        } else {
            security.revokeSubject(caller, body.subject(), reason);
        }
        return new RevokedJson(body.jti(), body.subject());
    }

    private static Response created(IssuedToken issued) {
        return Response.status(Response.Status.CREATED)
                .entity(new TokenJson(issued.token(), issued.jti(), issued.expiresAt()))
                .build();
    }
}

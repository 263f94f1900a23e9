package dev.toka.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.Permissions;
import dev.toka.security.PublicKeys;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.SigningKey;
import dev.toka.security.TokenRequest;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Tokens and keys: issue (admin) or delegate (a token holder) with a form that lists the permissions,
 * revoke after a confirmation, the JWKS, and key rotation (admin). Each action is the coordinator's
 * decision, exactly as through {@code /api/v1/tokens} and {@code /api/v1/keys}.
 */
@Path("/console/tokens")
@Produces(MediaType.TEXT_HTML)
public class TokensPage {

    /** The permissions the form offers as boxes to tick; others can be typed in. */
    static final List<String> KNOWN_PERMISSIONS = List.of(Permissions.TASK_SCHEDULE, Permissions.AGENT_SPAWN,
            Permissions.AGENT_CONTROL, Permissions.TASK_REPORT, Permissions.OBSERVATION_EMIT, Permissions.EVENTS_READ,
            Permissions.LLM_INVOKE, Permissions.NET_CONNECT, "tool:*", Permissions.ADMIN);

    private final SecurityPolicyCoordinator security;
    private final PublicKeys keys;
    private final WorldState world;
    private final ConsoleCaller current;
    private final ObjectMapper mapper;

    TokensPage(SecurityPolicyCoordinator security, PublicKeys keys, WorldState world, ConsoleCaller current,
            ObjectMapper mapper) {
        this.mapper = mapper;
        this.security = security;
        this.keys = keys;
        this.world = world;
        this.current = current;
    }

    /**
     * What the page shows besides its forms.
     *
     * @param issued  A token just issued or delegated, shown once, or {@code null}.
     * @param notice  What an action just did, or {@code null}.
     */
    record TokenForms(IssuedToken issued, String notice) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "tokens:console")
    public TemplateInstance page() {
        return render(new TokenForms(null, null));
    }

    @POST
    @Path("/issue")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @SignedIn(group = RouteGroup.ISSUE, action = "token:issue")
    public TemplateInstance issue(@RestForm String subject, @RestForm String vault,
            @RestForm("permission") List<String> permissions, @RestForm String extra, @RestForm Long ttlSeconds) {
        Caller caller = current.get();
        TokenRequest request = request(subject, vault, permissions, extra, ttlSeconds);
        IssuedToken issued = caller.principal().isAdminSecret()
                ? security.issueToken(caller, request)
                : security.delegate(caller, world.targetOf(agent(subject)), request);
        return render(new TokenForms(issued, null));
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @SignedIn(group = RouteGroup.ISSUE, action = "token:revoke")
    public TemplateInstance revoke(@RestForm String jti, @RestForm String reason) {
        String id = RunsPages.blankToEmpty(jti).orElseThrow(() -> new ConsoleInputException("jti", "must name a token"));
        security.revokeToken(current.get(), id, RunsPages.blankToEmpty(reason).orElse("revoked in the console"));
        return render(new TokenForms(null, "Revoked token " + id + " and every token delegated from it."));
    }

    @POST
    @Path("/rotate")
    @SignedIn(group = RouteGroup.ISSUE, action = "keys:rotate")
    public TemplateInstance rotate() {
        SigningKey key = security.rotateKeys(current.get());
        return render(new TokenForms(null, "New signing key " + key.kid() + "; tokens signed with older keys keep"
                + " verifying until they expire."));
    }

    private TemplateInstance render(TokenForms forms) {
        try {
            return Pages.tokens(current.frame(), forms, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(keys.jwks()),
                    KNOWN_PERMISSIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the JWKS does not serialise", e);
        }
    }

    private AgentView agent(String subject) {
        String id = RunsPages.blankToEmpty(subject).orElseThrow(() -> new ConsoleInputException("subject",
                "must name the agent the token speaks for"));
        return world.agent(id).orElseThrow(() -> new AgentNotFoundException(id));
    }

    private static TokenRequest request(String subject, String vault, List<String> ticked, String extra,
            Long ttlSeconds) {
        List<String> permissions = new ArrayList<>(ticked == null ? List.of() : ticked);
        RunsPages.blankToEmpty(extra).ifPresent(typed -> {
            for (String permission : typed.split("[,\\s]+")) {
                if (!permission.isBlank()) {
                    permissions.add(permission);
                }
            }
        });
        return new TokenRequest(RunsPages.blankToEmpty(subject).orElse(null), RunsPages.blankToEmpty(vault),
                permissions, Optional.ofNullable(ttlSeconds).map(Duration::ofSeconds), Optional.empty());
    }
}

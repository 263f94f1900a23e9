package dev.toka.console;

import dev.toka.security.AuthenticationException;
import dev.toka.security.Caller;
import dev.toka.security.RouteGroup;
import dev.toka.security.SecurityPolicyCoordinator;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Signing in and out. The credential (admin secret or capability token) is checked by the coordinator,
 * as a request to the API would be, and then kept in a server-side session; the browser holds only the
 * session id, in an HttpOnly, SameSite=Strict cookie scoped to {@code /console}.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    private final SecurityPolicyCoordinator security;
    private final ConsoleSessions sessions;
    private final ConsoleCaller current;

    SignInPage(SecurityPolicyCoordinator security, ConsoleSessions sessions, ConsoleCaller current) {
        this.security = security;
        this.sessions = sessions;
        this.current = current;
    }

    @GET
    @Path("/sign-in")
    @Public(action = "console:sign-in")
    public TemplateInstance form(@QueryParam("session") String session, @QueryParam("next") String next) {
        String note = "ended".equals(session) ? "Your session ended: the credential is no longer valid." : null;
        return Pages.signIn(note, safeNext(next));
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Public(action = "console:sign-in")
    public Response signIn(@RestForm String credential, @RestForm String next, @Context HttpServerRequest request) {
        String secret = credential == null ? "" : credential.strip();
        Caller caller;
        try {
            caller = security.authenticate(Optional.of("Bearer " + secret), ConsoleGate.addressOf(request),
                    RouteGroup.READ, "console:sign-in");
        } catch (AuthenticationException e) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Pages.signIn("Sign-in refused: " + e.getMessage(), safeNext(next))).build();
        }
        ConsoleSession session = sessions.open(secret, caller.principal().subject());
        return Response.seeOther(URI.create(safeNext(next))).cookie(cookie(session.id(), request, -1)).build();
    }

    @POST
    @Path("/sign-out")
    @SignedIn(group = RouteGroup.READ, action = "console:sign-out")
    public Response signOut(@Context HttpServerRequest request) {
        sessions.close(current.session().id());
        return Response.ok().header("HX-Redirect", ConsoleGate.SIGN_IN).cookie(cookie("", request, 0)).build();
    }

    /**
     * The session cookie: never readable by scripts, never sent with a request another site starts, only
     * to the console's paths, and Secure whenever the browser reached the service over HTTPS.
     */
    private static NewCookie cookie(String value, HttpServerRequest request, int maxAge) {
        return new NewCookie.Builder(ConsoleGate.COOKIE).value(value).path("/console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equals(request.scheme())).maxAge(maxAge).build();
    }

    /** Only a path inside the console: a sign-in link must not send the browser to another site. */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/console") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/console";
    }
}

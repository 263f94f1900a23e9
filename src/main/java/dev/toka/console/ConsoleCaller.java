package dev.toka.console;

import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.enterprise.context.RequestScoped;

/** The session and authenticated caller of the current console request, set once by {@link ConsoleGate}. */
@RequestScoped
class ConsoleCaller {

    private ConsoleSession session;
    private Caller caller;

    void set(ConsoleSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no caller: the route is not @SignedIn");
        }
        return caller;
    }

    ConsoleSession session() {
        get();
        return session;
    }

    /** What every page's frame needs: who is signed in, whether as admin, and the CSRF token for its forms. */
    Frame frame() {
        return new Frame(session().subject(), caller.principal().vault(), caller.principal().isAdmin(),
                caller.principal().holds(Permissions.APPROVAL_GRANT), session.csrfToken());
    }

    /**
     * The page frame's data.
     *
     * @param subject The signed-in subject.
     * @param vault   Its vault.
     * @param admin   Whether it holds {@code admin}: the navigation then shows the admin pages (which check it
     *                again, through the coordinator, when opened).
     * @param approver Whether it holds {@code approval:grant}: the navigation then shows the approvals (checked
     *                 again, through the coordinator, when opened).
     * @param csrf    The session's CSRF token.
     */
    record Frame(String subject, String vault, boolean admin, boolean approver, String csrf) {}
}

package dev.toka.console;

import dev.toka.console.ConsoleCaller.Frame;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's templates ({@code src/main/resources/templates/console}), checked against these signatures at build time. */
@CheckedTemplate(basePath = "console")
final class Pages {

    private Pages() {}

    static native TemplateInstance signIn(String error, String next);

    static native TemplateInstance error(Frame frame, int status, String title, String detail);

    static native TemplateInstance overview(Frame frame, OverviewPage.Overview overview);

    static native TemplateInstance overview$live(OverviewPage.Overview overview);

    static native TemplateInstance runs(Frame frame, RunsPages.RunList list);

    static native TemplateInstance run(Frame frame, RunGraph graph);

    static native TemplateInstance run$graph(RunGraph graph);

    static native TemplateInstance agents(Frame frame, AgentsPages.AgentList list);

    static native TemplateInstance agent(Frame frame, AgentTimeline timeline);

    static native TemplateInstance events(Frame frame, EventsPages.EventList list);

    static native TemplateInstance events$row(EventsPages.EventRow row);

    static native TemplateInstance event(Frame frame, EventsPages.EventDetail event);

    static native TemplateInstance audit(Frame frame, AuditPage.AuditList list);

    static native TemplateInstance approvals(Frame frame, ApprovalsPage.PendingList list);

    static native TemplateInstance approvals$pending(ApprovalsPage.PendingList list);

    static native TemplateInstance tokens(Frame frame, TokensPage.TokenForms forms, String jwks,
            List<String> permissions);
}

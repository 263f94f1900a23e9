package dev.toka.console;

import dev.toka.readmodel.AuditListing;
import dev.toka.security.AuditQueries;
import dev.toka.security.RouteGroup;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/** The audit trail (admin), filtered by principal, action and decision, a page at a time. */
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    private static final int PAGE = 50;

    private final AuditListing audit;
    private final ConsoleCaller current;

    AuditPage(AuditListing audit, ConsoleCaller current) {
        this.audit = audit;
        this.current = current;
    }

    /**
     * A page of audit entries and the filters that chose it.
     *
     * @param page      The entries.
     * @param principal The principal filter, or empty.
     * @param action    The action filter, or empty.
     * @param decision  The decision filter, or empty.
     * @param from      Where the page starts.
     */
    record AuditList(AuditQueries.Page page, String principal, String action, String decision, long from) {}

    @GET
    @SignedIn(group = RouteGroup.READ, action = "audit:read")
    public TemplateInstance list(@QueryParam("principal") String principal, @QueryParam("action") String action,
            @QueryParam("decision") String decision, @QueryParam("from") Long from) {
        long start = from == null ? 1 : Math.max(1, from);
        AuditQueries.Page page = audit.page(current.get(), new AuditQueries.Filter(RunsPages.blankToEmpty(principal),
                RunsPages.blankToEmpty(action), RunsPages.blankToEmpty(decision)), start, PAGE);
        return Pages.audit(current.frame(), new AuditList(page, Objects.toString(principal, ""),
                Objects.toString(action, ""), Objects.toString(decision, ""), start));
    }
}

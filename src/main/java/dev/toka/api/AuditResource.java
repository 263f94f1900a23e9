package dev.toka.api;

import dev.toka.readmodel.AuditListing;
import dev.toka.security.AuditQueries;
import dev.toka.security.AuditQueries.Filter;
import dev.toka.security.AuditQueries.Page;
import dev.toka.security.RouteGroup;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/audit}: the audit trail, filtered and paged (admin). */
@Path("/api/v1/audit")
@Tag(name = "Audit", description = "Denials, issued and revoked tokens, key rotations and admin actions")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    private final AuditListing audit;
    private final CurrentCaller current;

    AuditResource(AuditListing audit, CurrentCaller current) {
        this.audit = audit;
        this.current = current;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read the audit trail (admin)",
            description = "From the audit index read model (docs/architecture.md#read-models), each entry read from"
                    + " the log at its position. The page reflects at least every write acknowledged before the call;"
                    + " after a page that is not full, `next` follows the trail's last entry.")
    @APIResponse(responseCode = "200", description = "A page of entries",
            content = @Content(schema = @Schema(implementation = Page.class),
                    examples = @ExampleObject(name = "denial", value = Examples.AUDIT_PAGE)))
    @APIResponse(responseCode = "400", description = "A parameter is out of range")
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @Guarded(group = RouteGroup.READ, action = "audit:read")
    public Page read(
            @Parameter(description = "Only this principal (agent id, admin, anonymous)") @QueryParam("principal")
                    String principal,
            @Parameter(description = "Only this action, e.g. task:schedule, token:issue") @QueryParam("action")
                    String action,
            @Parameter(description = "allow or deny") @QueryParam("decision") String decision,
            @Parameter(description = "First global position") @QueryParam("from") @DefaultValue("1") long from,
            @Parameter(description = "Most entries (1-1000)") @QueryParam("limit") @DefaultValue("100") int limit) {
        if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
            throw new InvalidRequestException("decision", "must be allow or deny");
        }
        if (from < 1) {
            throw new InvalidRequestException("from", "must be at least 1");
        }
        if (limit < 1 || limit > AuditQueries.MAX_PAGE) {
            throw new InvalidRequestException("limit", "must be between 1 and " + AuditQueries.MAX_PAGE);
        }
        Filter filter = new Filter(Optional.ofNullable(principal), Optional.ofNullable(action),
                Optional.ofNullable(decision));
        return audit.page(current.get(), filter, from, limit);
    }
}

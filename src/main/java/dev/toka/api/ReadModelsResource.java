package dev.toka.api;

import dev.toka.readmodel.ReadModels;
import dev.toka.readmodel.ReadModels.Rebuilt;
import dev.toka.security.RouteGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/read-models/rebuild}: rebuild the read models from the log (admin). */
@Path("/api/v1/read-models")
@Tag(name = "Read models", description = "The query tables kept from the log (agents, runs, audit index)")
@SecurityRequirement(name = "bearer")
public class ReadModelsResource {

    private final ReadModels readModels;
    private final CurrentCaller current;

    ReadModelsResource(ReadModels readModels, CurrentCaller current) {
        this.readModels = readModels;
        this.current = current;
    }

    @POST
    @Path("/rebuild")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rebuild every read model from the log (admin)",
            description = "Deletes each read model's rows and applies the log again up to where it stood, a page per"
                    + " transaction; answers when all are rebuilt. Meanwhile listings show the part rebuilt so far and"
                    + " new events wait. The log is not touched (docs/operations.md, \"Read models\").")
    @APIResponse(responseCode = "200", description = "Each read model and the position it was rebuilt to",
            content = @Content(schema = @Schema(implementation = Rebuilt.class, type = SchemaType.ARRAY),
                    examples = @ExampleObject(name = "rebuilt", value = Examples.READ_MODELS_REBUILT)))
    @APIResponse(responseCode = "403", description = "The caller is not an admin")
    @Guarded(group = RouteGroup.WRITE, action = "read-models:rebuild")
    public List<Rebuilt> rebuild() {
        return readModels.rebuild(current.get());
    }
}

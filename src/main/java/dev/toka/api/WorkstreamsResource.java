package dev.toka.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.orchestration.Runs;
import dev.toka.orchestration.SpecSet;
import dev.toka.orchestration.SpecSource;
import dev.toka.orchestration.WorkstreamSpec;
import dev.toka.security.RouteGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code /api/v1/workstreams}: check spec sets without running them. */
@Path("/api/v1/workstreams")
@Tag(name = "Workstreams", description = "Validate workstream specs")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class WorkstreamsResource {

    private final Runs runs;
    private final CurrentCaller current;

    WorkstreamsResource(Runs runs, CurrentCaller current) {
        this.runs = runs;
        this.current = current;
    }

    /**
     * A valid spec set.
     *
     * @param valid  Always true (an invalid set is a 422 problem).
     * @param agents The agents' names.
     * @param waves  The dependency waves.
     */
    public record Validation(boolean valid, List<String> agents, List<List<String>> waves) {}

    @POST
    @Path("/validate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Validate YAML spec files (multipart field `files`, admin)")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            examples = @ExampleObject(name = "one spec file", value = Examples.SPEC_FILES_FORM,
                    description = "curl -F files=@notes.yaml; repeat -F files=@... for more files")))
    @APIResponse(responseCode = "200", description = "Valid; the agents and waves", content = @Content(
            schema = @Schema(implementation = Validation.class),
            examples = @ExampleObject(name = "valid", value = Examples.WORKSTREAM_VALID)))
    @APIResponse(responseCode = "422", description = "Every broken rule, each with file, field and rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = Examples.PROBLEM_422)))
    @Guarded(group = RouteGroup.READ, action = "workstreams:validate")
    public Validation validateFiles(@RestForm(SpecUploads.FILES) List<FileUpload> files) {
        return validate(SpecUploads.ofFiles(files));
    }

    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a JSON list of specs (admin)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one script agent writing a file", value = Examples.SPEC_LIST)))
    @APIResponse(responseCode = "200", description = "Valid; the agents and waves", content = @Content(
            schema = @Schema(implementation = Validation.class),
            examples = @ExampleObject(name = "valid", value = Examples.WORKSTREAM_VALID)))
    @APIResponse(responseCode = "422", description = "Every broken rule, each with file, field and rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = Examples.PROBLEM_422)))
    @Guarded(group = RouteGroup.READ, action = "workstreams:validate")
    public Validation validateJson(List<JsonNode> specs) {
        return validate(SpecUploads.ofJson(specs));
    }

    private Validation validate(List<SpecSource> sources) {
        SpecSet set = runs.validate(current.get(), sources);
        return new Validation(true, set.specs().stream().map(WorkstreamSpec::name).toList(), set.graph().waves());
    }
}

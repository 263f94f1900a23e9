package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.TokaException;
import dev.toka.kernel.EventQueries;
import dev.toka.orchestration.Runs;
import dev.toka.orchestration.SpecSource;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.tools.InputSchema;
import dev.toka.tools.InputSchemas;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run operations over MCP: start a workstream run, read a run, read events. Each needs what its
 * REST route needs (runs are an admin's, events need {@code events:read}), is listed only to callers
 * holding it, and is decided by the same services, so a refusal is audited by the policy.
 */
@Singleton
class McpRunTools {

    static final String START_RUN = "toka.runs.start";
    static final String READ_RUN = "toka.runs.read";
    static final String READ_EVENTS = "toka.events.read";

    /** One operation: its checked input and what it does with it. */
    private interface Operation {
        Object apply(Caller caller, JsonNode input);
    }

    private final Runs runs;
    private final EventQueries queries;
    private final McpToolExposure exposure;
    private final McpCallers callers;
    private final InputSchemas schemas;
    private final ObjectMapper mapper;

    McpRunTools(Runs runs, EventQueries queries, McpToolExposure exposure, McpCallers callers, InputSchemas schemas,
            ObjectMapper mapper) {
        this.runs = runs;
        this.queries = queries;
        this.exposure = exposure;
        this.callers = callers;
        this.schemas = schemas;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent event) throws JsonProcessingException {
        expose(START_RUN, "Starts a run of Toka workstream specs (YAML or JSON texts) and returns its runId", """
                {"type":"object","required":["files"],"additionalProperties":false,"properties":{"files":{
                 "type":"array","minItems":1,"maxItems":100,"items":{"type":"object","required":["file","text"],
                 "additionalProperties":false,"properties":{"file":{"type":"string","minLength":1,"maxLength":256},
                 "text":{"type":"string","maxLength":1048576}}}}}}""", Permissions.ADMIN,
                (caller, input) -> Map.of("runId", runs.start(caller, sourcesOf(input), null, List.of())));
        expose(READ_RUN, "Reads a run: its state, each agent's state and progress, the waves and timings", """
                {"type":"object","required":["runId"],"additionalProperties":false,
                 "properties":{"runId":{"type":"string","minLength":1,"maxLength":128}}}""", Permissions.ADMIN,
                (caller, input) -> runs.view(caller, input.get("runId").asText()));
        expose(READ_EVENTS, "Reads a page of the event log from a position, optionally of one stream (for example"
                + " run-<id> or agent-<id>)", """
                {"type":"object","additionalProperties":false,"properties":{
                 "from":{"type":"integer","minimum":1},"limit":{"type":"integer","minimum":1,"maximum":1000},
                 "stream":{"type":"string","minLength":1,"maxLength":256}}}""", Permissions.EVENTS_READ,
                (caller, input) -> {
                    EventQueries.Page page = queries.page(caller, input.path("from").asLong(1),
                            input.path("limit").asInt(100), Optional.ofNullable(input.path("stream").textValue()));
                    return new EventsResource.EventPage(page.events().stream().map(EventJson::of).toList(), page.next());
                });
    }

    private void expose(String name, String description, String schemaText, String permission, Operation operation)
            throws JsonProcessingException {
        JsonNode schemaJson = mapper.readTree(schemaText);
        InputSchema schema = schemas.compile(schemaJson);
        exposure.expose(name, new McpToolExposure.Exposed(description, schemaJson, permission,
                arguments -> run(schema, operation, arguments)));
    }

    private ToolResponse run(InputSchema schema, Operation operation, ToolManager.ToolArguments arguments) {
        try {
            JsonNode input = mapper.valueToTree(arguments.args());
            schema.validate(input);
            return ToolResponse.success(new TextContent(mapper.writeValueAsString(
                    operation.apply(callers.require(), input))));
        } catch (TokaException refusal) {
            return McpTokaTools.refused(refusal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer", e);
        }
    }

    private static List<SpecSource> sourcesOf(JsonNode input) {
        List<SpecSource> sources = new ArrayList<>();
        input.get("files").forEach(file -> sources.add(new SpecSource(file.get("file").asText(), file.get("text").asText())));
        return sources;
    }
}

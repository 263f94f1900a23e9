package dev.toka.api;

import dev.toka.ProblemKind;
import dev.toka.security.AuthenticationException;
import dev.toka.security.PermissionDeniedException;
import dev.toka.security.RateLimitedException;
import dev.toka.store.EventStoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the problem answers every operation can give (registered as {@code mp.openapi.filter}), so
 * resources describe only their own: 400, 429, 500 and 503 everywhere; 401 and 403 where a credential
 * is required; 404 where the path names a resource; 413 and 415 where a body is sent. Every 4xx and
 * 5xx answer, the endpoint's own included, gets the {@code application/problem+json} schema, and an
 * example of its status when the endpoint gives none.
 */
public class CommonProblemResponses implements OASFilter {

    private static final String PROBLEM_SCHEMA = "Problem";

    /** One common answer: when it applies, what it means, and an example of its body. */
    private record Common(String status, Applies applies, String description, ProblemKind kind, String detail,
            Map<String, Object> members) {}

    private enum Applies { ALWAYS, SECURED, PATH_PARAMETER, BODY }

    private static final List<Common> COMMON = List.of(
            new Common("400", Applies.ALWAYS, "A parameter, header or body member breaks a rule, or the body is not"
                    + " JSON of the expected shape (`invalid-request`, `malformed-json`; `field` names the member)",
                    ProblemKind.INVALID_REQUEST, "limit must be between 1 and 1000", Map.of("field", "limit")),
            new Common("401", Applies.SECURED, "Missing, malformed, expired, revoked or foreign credential"
                    + " (`unauthorized`, with `WWW-Authenticate: Bearer`)",
                    AuthenticationException.KIND, "the token has expired", Map.of()),
            new Common("403", Applies.SECURED, "The credential does not allow this (`forbidden`, with"
                    + " `missingPermission`)", PermissionDeniedException.KIND,
                    "the token lacks the permission 'agents:read'", Map.of("missingPermission", "agents:read")),
            new Common("404", Applies.PATH_PARAMETER, "No such resource, or not one the caller may see (`not-found`)",
                    ProblemKind.NOT_FOUND, "no agent with id 9a1e", Map.of()),
            new Common("413", Applies.BODY, "The body is over the size limit (`payload-too-large`)",
                    ProblemType.PAYLOAD_TOO_LARGE.kind,
                    "the request body is over 10485760 bytes (quarkus.http.limits.max-body-size)", Map.of()),
            new Common("415", Applies.BODY, "The body's media type is not supported (`unsupported-media-type`)",
                    ProblemType.UNSUPPORTED_MEDIA_TYPE.kind, "The content-type header value did not match", Map.of()),
            new Common("429", Applies.ALWAYS, "Too many requests: the caller's quota is used up, or its address backs"
                    + " off after failed credentials (`rate-limited`, with `Retry-After` and `RateLimit-*`)",
                    RateLimitedException.KIND, "too many requests", Map.of("retryAfterSeconds", 1)),
            new Common("500", Applies.ALWAYS, "A bug; logged, never with a stack trace in the answer (`internal`)",
                    ProblemType.INTERNAL.kind, "an unexpected error occurred; it has been logged", Map.of()),
            new Common("503", Applies.ALWAYS, "A backend is unavailable, the service is read-only, or the request was"
                    + " not answered in time (`service-unavailable`, `read-only`, `deadline-exceeded`); retry later",
                    EventStoreException.KIND, "the event store is unavailable; nothing was written", Map.of()));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ensureProblemSchema(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> addTo(path, operation, securedByDefault)));
    }

    private static void addTo(String path, Operation operation, boolean securedByDefault) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        for (Common common : COMMON) {
            if (applies(common.applies(), path, operation, securedByDefault) && !responses.hasAPIResponse(common.status())) {
                responses.addAPIResponse(common.status(), OASFactory.createAPIResponse().description(common.description()));
            }
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                describeAsProblem(status, response, path);
            }
        });
    }

    private static boolean applies(Applies applies, String path, Operation operation, boolean securedByDefault) {
        return switch (applies) {
            case ALWAYS -> true;
            case SECURED -> operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
            case PATH_PARAMETER -> path.contains("{");
            case BODY -> operation.getRequestBody() != null;
        };
    }

    /** Gives a problem answer without a body description the problem schema, and an example of its status. */
    private static void describeAsProblem(String status, APIResponse response, String path) {
        Content content = response.getContent();
        if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
            content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
            response.setContent(content);
        }
        content.getMediaTypes().values().forEach(media -> {
            boolean hasExample = media.getExample() != null
                    || (media.getExamples() != null && !media.getExamples().isEmpty());
            COMMON.stream().filter(common -> common.status().equals(status)).findFirst()
                    .filter(common -> !hasExample)
                    .ifPresent(common -> media.addExample(common.kind().slug(),
                            OASFactory.createExample().value(exampleBody(common, path))));
        });
    }

    private static Map<String, Object> exampleBody(Common common, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", common.kind().type());
        body.put("title", common.kind().title());
        body.put("status", common.kind().status());
        body.put("detail", common.detail());
        body.put("instance", path);
        body.putAll(common.members());
        return body;
    }

    /** The problem schema, whether or not an endpoint's own answer already named it. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        if (components.getSchemas() != null && components.getSchemas().containsKey(PROBLEM_SCHEMA)) {
            return;
        }
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        components.addSchema(PROBLEM_SCHEMA, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem detail")
                .addProperty("type", text)
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("instance", text)
                .additionalPropertiesBoolean(true));
    }
}

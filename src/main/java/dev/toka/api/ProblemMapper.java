package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.toka.DeadlineExceededException;
import dev.toka.InvalidFieldException;
import dev.toka.kernel.AgentNotFoundException;
import dev.toka.kernel.AgentStateConflictException;
import dev.toka.kernel.UnknownOperationException;
import dev.toka.llm.AnswerTooLargeException;
import dev.toka.llm.ModelRequestsSpentException;
import dev.toka.llm.ModelUnavailableException;
import dev.toka.llm.PromptTooLargeException;
import dev.toka.llm.ReplayMissException;
import dev.toka.orchestration.InvalidWorkstreamException;
import dev.toka.orchestration.SpecError;
import dev.toka.orchestration.RunNotFoundException;
import dev.toka.orchestration.RunStateConflictException;
import dev.toka.security.AuditedRefusal;
import dev.toka.security.AuthenticationException;
import dev.toka.security.BudgetExceededException;
import dev.toka.security.KeyEncryptionMismatchException;
import dev.toka.security.PermissionDeniedException;
import dev.toka.security.RateLimitedException;
import dev.toka.security.TokenNotFoundException;
import dev.toka.store.EventStoreException;
import dev.toka.store.ReadOnlyLogException;
import dev.toka.store.WrongExpectedVersionException;
import dev.toka.tools.InvalidToolInputException;
import dev.toka.tools.SandboxUnavailableException;
import dev.toka.tools.ToolCallConflictException;
import dev.toka.tools.ToolNotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become RFC 9457 problem answers. No stack trace ever leaves the service. */
public class ProblemMapper {

    /** How long a client should wait before asking for a model again: a circuit breaker's trial comes sooner or later. */
    private static final int MODEL_RETRY_AFTER_SECONDS = 30;

    /** Spec errors listed in a 422; {@code errorCount} gives them all, so the answer stays small. */
    static final int MAX_LISTED_SPEC_ERRORS = 100;

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e, UriInfo uri) {
        return answer(ProblemType.INVALID_REQUEST.problem(e.getMessage(), path(uri)).with("field", e.field()));
    }

    @ServerExceptionMapper
    public Response unknownOperation(UnknownOperationException e, UriInfo uri) {
        return answer(ProblemType.UNKNOWN_OPERATION.problem(e.getMessage(), path(uri)).with("field", "op"));
    }

    @ServerExceptionMapper
    public Uni<Response> unauthorized(AuthenticationException e, UriInfo uri) {
        return afterAudit(e, Response.fromResponse(answer(ProblemType.UNAUTHORIZED.problem(e.getMessage(), path(uri))))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"toka\"")
                .build());
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(PermissionDeniedException e, UriInfo uri) {
        return afterAudit(e, answer(ProblemType.FORBIDDEN.problem(e.getMessage(), path(uri))
                .with("missingPermission", e.permission())));
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e, UriInfo uri) {
        Response.ResponseBuilder answer = Response.fromResponse(answer(ProblemType.RATE_LIMITED.problem(e.getMessage(),
                        path(uri)).with("retryAfterSeconds", e.retryAfterSeconds())))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        Response response = answer.build();
        RateLimitHeaders.write(response.getHeaders(), e.status());
        return response;
    }

    @ServerExceptionMapper
    public Response tokenNotFound(TokenNotFoundException e, UriInfo uri) {
        return answer(ProblemType.NOT_FOUND.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response agentNotFound(AgentNotFoundException e, UriInfo uri) {
        return answer(ProblemType.NOT_FOUND.problem(e.getMessage(), path(uri)).with("agentId", e.agentId()));
    }

    @ServerExceptionMapper
    public Response agentStateConflict(AgentStateConflictException e, UriInfo uri) {
        return answer(ProblemType.AGENT_STATE_CONFLICT.problem(e.getMessage(), path(uri))
                .with("agentId", e.agentId())
                .with("state", e.status().wireName()));
    }

    @ServerExceptionMapper
    public Response versionConflict(WrongExpectedVersionException e, UriInfo uri) {
        return answer(ProblemType.VERSION_CONFLICT.problem(e.getMessage(), path(uri))
                .with("stream", e.streamId())
                .with("expectedVersion", e.expected().toString())
                .with("actualVersion", e.actual()));
    }

    @ServerExceptionMapper
    public Response storeUnavailable(EventStoreException e, UriInfo uri) {
        Log.error("event store failure", e);
        return Response.fromResponse(answer(ProblemType.SERVICE_UNAVAILABLE.problem(
                        "the event store is unavailable; nothing was written", path(uri))))
                .header(HttpHeaders.RETRY_AFTER, 1)
                .build();
    }

    /** Logged here, the one place every late answer passes: the detail says where the request stood. */
    @ServerExceptionMapper
    public Response deadlineExceeded(DeadlineExceededException e, UriInfo uri) {
        Log.warnf("no answer to %s in time: %s", path(uri), e.getMessage());
        return answer(ProblemType.DEADLINE_EXCEEDED.problem(e.getMessage(), path(uri)));
    }

    /** A configuration fault of this instance, not of the request: nothing was written (docs/security.md). */
    @ServerExceptionMapper
    public Response keyEncryptionMismatch(KeyEncryptionMismatchException e, UriInfo uri) {
        Log.error(e.getMessage());
        return answer(ProblemType.KEY_ENCRYPTION_MISMATCH.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response readOnly(ReadOnlyLogException e, UriInfo uri) {
        return answer(ProblemType.READ_ONLY.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        Problem problem = ProblemType.MALFORMED_JSON.problem(describe(e), path(uri));
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = problem.with("field", fieldPath(mapping));
        }
        return answer(problem);
    }

    /** More specific than {@link #malformedJson}, so it wins over Quarkus' own mapper for this type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        if (isParameterConversion(e)) {
            return answer(ProblemType.INVALID_REQUEST.problem("a parameter does not have the expected type: "
                    + e.getCause().getMessage(), path(uri)));
        }
        ProblemType type = typeOf(e);
        Response answer = answer(type.problem(type == ProblemType.INTERNAL ? type.title : e.getMessage(), path(uri)));
        if (e instanceof NotAllowedException) {
            return Response.fromResponse(answer).allow(e.getResponse().getAllowedMethods()).build();
        }
        return answer;
    }

    /**
     * An {@link IOException} that reaches the mapper is the connection's: the request could not be read
     * (a multipart body that ends before its closing boundary, or under another boundary than it
     * declares). The service's own I/O failures arrive wrapped in their own exceptions.
     */
    @ServerExceptionMapper
    public Response unreadableRequest(IOException e, UriInfo uri) {
        Log.debugf("unreadable request to %s: %s", path(uri), e.getMessage());
        return answer(ProblemType.INVALID_REQUEST.problem("the request body cannot be read: " + e.getMessage(), path(uri))
                .with("field", "body"));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.error("unexpected error answering " + path(uri), e);
        return answer(ProblemType.INTERNAL.problem("an unexpected error occurred; it has been logged", path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidWorkstream(InvalidWorkstreamException e, UriInfo uri) {
        List<SpecError> errors = e.errors();
        return answer(ProblemType.INVALID_WORKSTREAM.problem(e.getMessage(), path(uri))
                .with("errors", errors.subList(0, Math.min(errors.size(), MAX_LISTED_SPEC_ERRORS)))
                .with("errorCount", errors.size()));
    }

    @ServerExceptionMapper
    public Response runNotFound(RunNotFoundException e, UriInfo uri) {
        return answer(ProblemType.NOT_FOUND.problem(e.getMessage(), path(uri)).with("runId", e.runId()));
    }

    @ServerExceptionMapper
    public Response runStateConflict(RunStateConflictException e, UriInfo uri) {
        return answer(ProblemType.RUN_STATE_CONFLICT.problem(e.getMessage(), path(uri)).with("runId", e.runId()));
    }

    @ServerExceptionMapper
    public Response toolNotFound(ToolNotFoundException e, UriInfo uri) {
        return answer(ProblemType.TOOL_NOT_FOUND.problem(e.getMessage(), path(uri)).with("toolId", e.toolId()));
    }

    /** More specific than {@link #invalidField}: the field is a JSON pointer into the tool's input. */
    @ServerExceptionMapper
    public Response invalidToolInput(InvalidToolInputException e, UriInfo uri) {
        return answer(ProblemType.INVALID_TOOL_INPUT.problem(e.getMessage(), path(uri)).with("field", e.field()));
    }

    @ServerExceptionMapper
    public Response sandboxUnavailable(SandboxUnavailableException e, UriInfo uri) {
        return answer(ProblemType.SANDBOX_UNAVAILABLE.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response toolCallConflict(ToolCallConflictException e, UriInfo uri) {
        ProblemType type = e.kind() == ToolCallConflictException.Kind.IN_PROGRESS
                ? ProblemType.TOOL_CALL_IN_PROGRESS
                : ProblemType.TOOL_CALL_KEY_REUSED;
        return answer(type.problem(e.getMessage(), path(uri)).with("stream", e.stream()));
    }

    @ServerExceptionMapper
    public Uni<Response> budgetExceeded(BudgetExceededException e, UriInfo uri) {
        return afterAudit(e, answer(ProblemType.BUDGET_EXCEEDED.problem(e.getMessage(), path(uri))
                .with("holder", e.holder())));
    }

    @ServerExceptionMapper
    public Response promptTooLarge(PromptTooLargeException e, UriInfo uri) {
        return answer(ProblemType.PROMPT_TOO_LARGE.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response answerTooLarge(AnswerTooLargeException e, UriInfo uri) {
        return answer(ProblemType.ANSWER_TOO_LARGE.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response modelUnavailable(ModelUnavailableException e, UriInfo uri) {
        return Response.fromResponse(answer(ProblemType.MODEL_UNAVAILABLE.problem(e.getMessage(), path(uri))))
                .header(HttpHeaders.RETRY_AFTER, MODEL_RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    public Response modelRequestsSpent(ModelRequestsSpentException e, UriInfo uri) {
        return answer(ProblemType.MODEL_UNAVAILABLE.problem(e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response replayMiss(ReplayMissException e, UriInfo uri) {
        return answer(ProblemType.REPLAY_MISS.problem(e.getMessage(), path(uri))
                .with("agentKey", e.agentKey())
                .with("requestDigest", e.requestDigest()));
    }

    /**
     * Whether a path, query or header parameter failed to convert (JAX-RS reports a path or query one
     * as 404, a header as 400, each with the conversion's exception as cause): a client error, 400.
     */
    private static boolean isParameterConversion(WebApplicationException e) {
        return (e instanceof NotFoundException || e instanceof BadRequestException) && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException);
    }

    private static ProblemType typeOf(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return ProblemType.NOT_FOUND;
        }
        if (e instanceof NotAllowedException) {
            return ProblemType.METHOD_NOT_ALLOWED;
        }
        if (e instanceof NotSupportedException) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
        if (e instanceof NotAcceptableException) {
            return ProblemType.NOT_ACCEPTABLE;
        }
        int status = e.getResponse().getStatus();
        if (status == 400) {
            return ProblemType.MALFORMED_JSON;
        }
        if (ProblemType.ofHttpStatus(status).isPresent()) {
            return ProblemType.ofHttpStatus(status).get();
        }
        return status >= 500 ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message == null ? "the body is not valid JSON" : message.lines().findFirst().orElse(message);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /**
     * The answer to a refusal, once its audit entry is committed: no client learns of a refusal the
     * log could still lose. The wait holds no thread; the answer is written from a worker, not from
     * the store's appender thread that completes the commit.
     */
    private static Uni<Response> afterAudit(AuditedRefusal refusal, Response answer) {
        return Uni.createFrom().completionStage(refusal.auditRecorded())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .replaceWith(answer);
    }

    static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}

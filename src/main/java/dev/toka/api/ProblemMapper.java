package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.toka.ProblemKind;
import dev.toka.TokaException;
import dev.toka.security.AuditedRefusal;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where errors become RFC 9457 problem answers. Every error Toka raises on purpose
 * carries its own problem kind, members and headers ({@link TokaException}), so one mapper answers
 * them all; the rest of this class answers the framework's own exceptions (unreadable or malformed
 * bodies, unknown routes, wrong methods and media types) and bugs. No stack trace ever leaves the service.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Uni<Response> problem(TokaException e, UriInfo uri) {
        ProblemKind kind = e.problemKind();
        e.problemLogLevel().ifPresent(level -> Log.logf(level, level == Logger.Level.ERROR ? e : null,
                "answering %s with %s: %s", path(uri), kind.slug(), e.getMessage()));
        Response.ResponseBuilder answer = Response.status(kind.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(kind, e.problemDetail(), path(uri), e.problemMembers()));
        e.problemHeaders().forEach(answer::header);
        return e instanceof AuditedRefusal refusal
                ? afterAudit(refusal, answer.build())
                : Uni.createFrom().item(answer.build());
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
        Response answer = answer(type.problem(type == ProblemType.INTERNAL ? type.kind.title() : e.getMessage(), path(uri)));
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

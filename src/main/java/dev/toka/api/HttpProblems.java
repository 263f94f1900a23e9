package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem answers for what the HTTP layer refuses before any resource runs: a request target or
 * headers over Toka's limits (414, 431), checked first so nothing else is spent on them, and the
 * failures Vert.x routes itself, such as a body over {@code quarkus.http.limits.max-body-size} (413).
 */
@Singleton
class HttpProblems {

    private final HttpConfig config;
    private final long maxBodyBytes;
    private final ObjectMapper mapper;

    HttpProblems(HttpConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            ObjectMapper mapper) {
        this.config = config;
        this.maxBodyBytes = maxBody.asLongValue();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::checkHead);
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).failureHandler(this::answerFailure);
    }

    private void checkHead(RoutingContext context) {
        String target = context.request().uri();
        if (target.length() > config.maxRequestTargetLength()) {
            answer(context, ProblemType.URI_TOO_LONG, "the request target is " + target.length()
                    + " characters; at most " + config.maxRequestTargetLength() + " are accepted");
            return;
        }
        int headerBytes = headerBytes(context.request().headers());
        if (headerBytes > config.maxHeaderBytes()) {
            answer(context, ProblemType.HEADER_FIELDS_TOO_LARGE, "the request headers are " + headerBytes
                    + " bytes; at most " + config.maxHeaderBytes() + " are accepted");
            return;
        }
        if (declaredLength(context) > maxBodyBytes) {
            answer(context, ProblemType.PAYLOAD_TOO_LARGE, "the request body is over "
                    + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size)");
            return;
        }
        context.next();
    }

    /** A failure Vert.x routed with a 4xx status, for example a streamed body over the limit, as a problem. */
    private void answerFailure(RoutingContext context) {
        Optional<ProblemType> type = ProblemType.ofHttpStatus(context.statusCode());
        if (type.isEmpty() || context.response().headWritten()) {
            context.next();
            return;
        }
        answer(context, type.get(), type.get() == ProblemType.PAYLOAD_TOO_LARGE
                ? "the request body is over " + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size)"
                : type.get().kind.title());
    }

    /** The body length the request declares, or -1 when it declares none (a chunked body is counted as it comes). */
    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // the codec's business
        }
    }

    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private void answer(RoutingContext context, ProblemType type, String detail) {
        String body;
        try {
            // An overlong target is not echoed back.
            body = mapper.writeValueAsString(type.problem(detail,
                    type == ProblemType.URI_TOO_LONG ? null : context.normalizedPath()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        context.response().setStatusCode(type.kind.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (type != ProblemType.METHOD_NOT_ALLOWED && type != ProblemType.NOT_ACCEPTABLE
                && type != ProblemType.UNSUPPORTED_MEDIA_TYPE) {
            // Whatever is left of an oversized or malformed request is not read: the connection ends here.
            context.response().putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ended -> context.request().connection().close());
        }
        context.response().end(body);
    }
}

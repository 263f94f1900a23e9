package dev.toka.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.console.ConsoleCaller.Frame;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Turns the problem answers of console routes into pages. Errors are mapped once, by the API's problem
 * mapper, whatever route raised them (a refusal is answered only once its audit entry is committed);
 * this filter only dresses a {@code /console} answer's status, title and detail as HTML.
 */
class ConsoleErrors {

    private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    private final ObjectMapper mapper;
    private final Instance<ConsoleCaller> current;

    ConsoleErrors(ObjectMapper mapper, Instance<ConsoleCaller> current) {
        this.mapper = mapper;
        this.current = current;
    }

    @ServerResponseFilter
    void asPage(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/console") || response.getStatus() < 400
                || !PROBLEM.isCompatible(response.getMediaType()) || response.getEntity() == null) {
            return;
        }
        Map<?, ?> problem = mapper.convertValue(response.getEntity(), Map.class);
        response.setEntity(render(frame(), response.getStatus(), String.valueOf(problem.get("title")),
                String.valueOf(problem.get("detail"))), new Annotation[0], MediaType.TEXT_HTML_TYPE);
    }

    /** The error page as a whole answer, for refusals the console makes itself. */
    static Response page(Frame frame, int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(render(frame, status, title, detail)).build();
    }

    private static String render(Frame frame, int status, String title, String detail) {
        return Pages.error(frame, status, title, detail).render();
    }

    private Frame frame() {
        try {
            return current.get().frame();
        } catch (IllegalStateException notSignedIn) {
            return null;
        }
    }
}

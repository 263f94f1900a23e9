package dev.toka.llm.langchain4j;

import io.quarkiverse.langchain4j.openai.common.OpenAiRestApi;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Instant;

/**
 * Keeps a model provider's {@code Retry-After} on a 429 answer: the OpenAI client's own error mapping
 * drops the headers, so this filter, which sees the answer first, fails it with a {@link RetryAfter}
 * that the gateway's retry waits out. Other REST clients' answers pass untouched.
 */
@Provider
public class RetryAfterFilter implements ClientResponseFilter {

    private static final int TOO_MANY_REQUESTS = 429;
    private static final String INVOKED_METHOD = "org.eclipse.microprofile.rest.client.invokedMethod";

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        String header = response.getHeaderString(HttpHeaders.RETRY_AFTER);
        if (response.getStatus() == TOO_MANY_REQUESTS && header != null
                && request.getProperty(INVOKED_METHOD) instanceof Method method
                && method.getDeclaringClass() == OpenAiRestApi.class) {
            RetryAfter.parse(header, Instant.now()).ifPresent(wait -> {
                throw new RetryAfter(wait);
            });
        }
    }
}

package dev.toka.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Lets a JSON request body through only when it is well-formed UTF-8. Jackson's decoder takes
 * overlong forms ({@code C0 AF} for {@code /}, {@code E0 80 AF}) as the characters they imitate, so
 * such bytes passed every check that looks for the real character and reached the log; Java's strict
 * decoder refuses them, and encoded surrogates too. Bodies are bounded by
 * {@code quarkus.http.limits.max-body-size}, so reading one whole first costs no more than parsing it.
 */
@Provider
class StrictUtf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        ByteBuffer bytes = ByteBuffer.wrap(body);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes, CharBuffer.allocate(body.length), true);
        if (result.isError()) {
            throw new InvalidRequestException("body", "must be well-formed UTF-8; byte " + bytes.position()
                    + " starts a malformed or overlong sequence");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}

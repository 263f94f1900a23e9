package dev.toka.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.Sha256;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/** SHA-256 over RFC 8785 canonical JSON, so equal values digest equally whatever their member order. */
final class Digests {

    private Digests() {}

    static String sha256OfJson(ObjectMapper mapper, Object value) {
        try {
            return Sha256.hex(new JsonCanonicalizer(mapper.writeValueAsString(value)).getEncodedString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalisable as JSON: " + e.getMessage(), e);
        }
    }
}

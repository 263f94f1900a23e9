package dev.toka.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/** SHA-256 over RFC 8785 canonical JSON, so equal values digest equally whatever their member order. */
final class Digests {

    private Digests() {}

    static String sha256OfJson(ObjectMapper mapper, Object value) {
        try {
            return sha256(new JsonCanonicalizer(mapper.writeValueAsString(value)).getEncodedString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalisable as JSON: " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

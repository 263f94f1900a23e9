package dev.toka.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Reads request bodies strictly: a number or boolean where text is expected is a 400, not a
 * silently converted string ({@code "description": 42} is refused); and within bounds, so a body
 * costs no more to parse than its size allows. A body over a bound is a 400 malformed-json naming
 * the bound (docs/api.md, "Limits"). The event log's own payloads are read by
 * {@link dev.toka.store.EventCodec} with Jackson's wider defaults.
 */
@Singleton
class StrictJson implements ObjectMapperCustomizer {

    /** Deepest nesting of objects and arrays; Toka's own bodies need fewer than ten levels. */
    static final int MAX_NESTING_DEPTH = 64;

    /** Longest number, in characters: more than any long or budget needs, too short to be costly. */
    static final int MAX_NUMBER_LENGTH = 64;

    /** Longest string value, in characters: room for a 1 MiB observation in base64 or a 1 MiB file write. */
    static final int MAX_STRING_LENGTH = 2 * 1024 * 1024;

    /** Longest member name, in characters. */
    static final int MAX_NAME_LENGTH = 1024;

    /** Largest document, in bytes: the same as {@code quarkus.http.limits.max-body-size}. */
    static final long MAX_DOCUMENT_LENGTH = 4L * 1024 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        // A repeated member is ambiguous (which "permissions" counts?): refused, never last-one-wins.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (CoercionInputShape shape : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build());
    }
}

package dev.toka;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one way Toka reads YAML (workstream specs, tool manifests): every document bounded in size,
 * depth and aliases before it is turned into a tree, so a small upload cannot cost much to read.
 */
public final class BoundedYaml {

    /**
     * Most characters in one document; a spec or manifest is a few kilobytes. Checked before parsing:
     * SnakeYAML applies its own code-point limit only once a scalar has been scanned to its end, and
     * scanning a megabyte scalar took seconds.
     */
    public static final int MAX_CODE_POINTS = 256 * 1024;

    /** Deepest nesting of mappings and lists; specs and manifests need fewer than ten levels. */
    public static final int MAX_DEPTH = 64;

    /** Most aliases ({@code *name}) one document may use. */
    public static final int MAX_ALIASES = 50;

    /** Longest scalar (string or number), in characters; a task's text is at most 4 KiB. */
    public static final int MAX_SCALAR_LENGTH = 64 * 1024;

    private final ObjectMapper mapper = mapper();

    /**
     * The document as a tree.
     *
     * @throws JsonProcessingException when it is not YAML or breaks a bound, with the reason
     */
    public JsonNode readTree(String document) throws JsonProcessingException {
        // A code point takes one or two chars, so a document within this many chars is within the limit.
        if (document.length() > MAX_CODE_POINTS && document.codePointCount(0, document.length()) > MAX_CODE_POINTS) {
            throw new JsonParseException(null, "the document has more than " + MAX_CODE_POINTS + " characters");
        }
        return mapper.readTree(document);
    }

    private static ObjectMapper mapper() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_CODE_POINTS);
        loader.setNestingDepthLimit(MAX_DEPTH);
        loader.setMaxAliasesForCollections(MAX_ALIASES);
        return new YAMLMapper(YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_SCALAR_LENGTH)
                        .maxNumberLength(100)
                        .build())
                .build());
    }
}

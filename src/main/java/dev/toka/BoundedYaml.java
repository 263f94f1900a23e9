package dev.toka;

import com.fasterxml.jackson.core.StreamReadConstraints;
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
     * Most characters in one document. A spec or manifest is a few kilobytes; SnakeYAML scans a few
     * megabytes a second, so this also caps what one refused document costs.
     */
    public static final int MAX_CODE_POINTS = 256 * 1024;

    /** Deepest nesting of mappings and lists; specs and manifests need fewer than ten levels. */
    public static final int MAX_DEPTH = 64;

    /** Most aliases ({@code *name}) one document may use. */
    public static final int MAX_ALIASES = 50;

    /** Longest scalar (string or number), in characters; a task's text is at most 4 KiB. */
    public static final int MAX_SCALAR_LENGTH = 64 * 1024;

    private BoundedYaml() {}

    /** A new mapper reading YAML within the bounds above. */
    public static ObjectMapper mapper() {
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

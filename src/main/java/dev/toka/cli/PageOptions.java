package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Cursor paging of a listing ({@code GET /api/v1/agents}, {@code /runs}): one page, or every page with {@code --all}. */
final class PageOptions {

    @Option(names = "--limit", paramLabel = "N", description = "Most items per page (1-1000; the service's default: 100).")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start after this cursor: the 'next' a page printed.")
    String cursor;

    @Option(names = "--all", description = "Follow the cursors to the last page.")
    boolean all;

    /**
     * The listing's items under {@code field} and the cursor after them: one page, or all of them joined.
     *
     * @param filters Query parameters; null values are left out.
     */
    ObjectNode fetch(TokaClient client, String path, String field, Map<String, Object> filters) {
        ObjectNode result = TokaClient.JSON.createObjectNode();
        ArrayNode items = result.putArray(field);
        String next = cursor;
        do {
            Map<String, Object> parameters = new LinkedHashMap<>(filters);
            parameters.put("limit", limit);
            parameters.put("cursor", next);
            JsonNode page = client.get(path + TokaClient.query(parameters));
            items.addAll((ArrayNode) page.path(field));
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (all && next != null);
        result.put("next", next);
        return result;
    }

    /**
     * Prints what {@link #fetch} returned: as JSON with {@code -o json}, else as {@code table} with a row per item
     * under {@code field}, and how to get the next page on standard error so the table on standard output stays clean.
     */
    static int print(ClientOptions client, ObjectNode result, String field, Table table,
            Function<JsonNode, Object[]> row) {
        if (client.json()) {
            ClientOptions.printJson(System.out, result);
            return ExitCodes.OK;
        }
        result.path(field).forEach(item -> table.row(row.apply(item)));
        table.print(System.out);
        if (result.path("next").isTextual()) {
            System.err.println("more: repeat with --cursor " + result.path("next").asText() + " (or --all)");
        }
        return ExitCodes.OK;
    }
}

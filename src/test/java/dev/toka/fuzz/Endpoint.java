package dev.toka.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One operation of the service's OpenAPI document: a method on a path template, what it reads from
 * the request, and which body media types it takes. The suite reads them at start, so a new endpoint
 * is attacked without anyone listing it.
 *
 * @param method     The HTTP method, upper case.
 * @param path       The path template, e.g. {@code /api/v1/runs/{id}}.
 * @param parameters Its path, query and header parameters.
 * @param bodyTypes  The media types of its request body; empty when it takes none.
 */
public record Endpoint(String method, String path, List<Parameter> parameters, List<String> bodyTypes) {

    /**
     * A declared parameter.
     *
     * @param name Its name.
     * @param in   Where it goes: path, query or header.
     * @param type Its OpenAPI type: string, integer, number, boolean.
     */
    public record Parameter(String name, String in, String type) {

        boolean numeric() {
            return type.equals("integer") || type.equals("number");
        }
    }

    /** How reports name the endpoint, e.g. {@code POST /api/v1/runs/{id}/cancel}. */
    public String key() {
        return method + " " + path;
    }

    /** Whether it only reads: a hostile request may then succeed without changing anything. */
    boolean reads() {
        return method.equals("GET");
    }

    List<Parameter> parameters(String in) {
        return parameters.stream().filter(p -> p.in().equals(in)).toList();
    }

    boolean takes(String mediaType) {
        return bodyTypes.contains(mediaType);
    }

    /** Every operation in an OpenAPI 3 document ({@code /q/openapi?format=json}). */
    public static List<Endpoint> fromOpenApi(JsonNode document) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    parameters.add(new Parameter(parameter.path("name").asText(), parameter.path("in").asText(),
                            parameter.path("schema").path("type").asText("string")));
                }
                List<String> bodyTypes = new ArrayList<>();
                operation.getValue().path("requestBody").path("content").fieldNames().forEachRemaining(bodyTypes::add);
                endpoints.add(new Endpoint(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        List.copyOf(parameters), List.copyOf(bodyTypes)));
            }
        }
        return List.copyOf(endpoints);
    }
}

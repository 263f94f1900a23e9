package dev.toka.tools;

import dev.toka.NonRetriableException;

/** No tool has this id (HTTP 404, {@code tool-not-found}). Not retriable. */
public final class ToolNotFoundException extends NonRetriableException {

    private final String toolId;

    public ToolNotFoundException(String toolId) {
        super("no tool '" + toolId + "'");
        this.toolId = toolId;
    }

    public String toolId() {
        return toolId;
    }
}

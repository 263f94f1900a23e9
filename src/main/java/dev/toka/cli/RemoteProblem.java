package dev.toka.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The service answered with an error: its problem+json shown as one line (title, detail, status),
 * plus each spec error of an {@code invalid-workstream} answer.
 */
final class RemoteProblem extends CliException {

    RemoteProblem(int status, JsonNode problem) {
        super(status == 401 || status == 403 ? ExitCodes.UNAUTHORISED : ExitCodes.FAILURE, describe(status, problem));
    }

    private static String describe(int status, JsonNode problem) {
        if (problem == null || !problem.isObject()) {
            return "the service answered " + status;
        }
        String title = problem.path("title").asText("error");
        String detail = problem.path("detail").asText("");
        StringBuilder line = new StringBuilder(title).append(" (").append(status).append(')');
        if (!detail.isBlank()) {
            line.append(": ").append(detail.strip());
        }
        for (JsonNode error : problem.path("errors")) {
            line.append(System.lineSeparator()).append("  ").append(SpecErrors.line(
                    error.path("file").asText(), error.path("field").asText(), error.path("rule").asText()));
        }
        return line.toString();
    }
}

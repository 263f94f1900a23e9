package dev.toka.tools.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one confined command on the host.
 *
 * @param commandLine The host command line (limits, sandbox, then the command).
 * @param environment The environment of the host process; every other variable is cleared.
 * @param directory   The host process's working directory.
 */
record Launch(List<String> commandLine, Map<String, String> environment, Path directory) {

    Launch {
        commandLine = List.copyOf(commandLine);
        environment = Map.copyOf(environment);
    }
}

package dev.toka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every client command shares: where the service is, the credential, and the output format. */
final class ClientOptions {

    /** How results are printed. */
    enum Format { table, json }

    @Option(names = "--url", paramLabel = "URL",
            description = "The service, e.g. http://localhost:8080. Default: TOKA_URL, then url in the config file, "
                    + "then " + Connection.DEFAULT_URL + ".")
    String url;

    @Option(names = "--token", paramLabel = "CREDENTIAL",
            description = "The bearer credential (admin secret or capability token). Prefer TOKA_TOKEN or the config "
                    + "file: a flag is visible to other users in the process list. Default: TOKA_TOKEN, then "
                    + "TOKA_ADMIN_TOKEN, then token in the config file.")
    String token;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file (url=, token=). Default: TOKA_CONFIG, then "
                    + "$XDG_CONFIG_HOME/toka/config.properties (~/.config/toka/config.properties).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json.")
    Format format;

    private TokaClient client;

    TokaClient client() {
        if (client == null) {
            client = new TokaClient(Connection.resolve(url, token, config, System.getenv()));
        }
        return client;
    }

    boolean json() {
        return format == Format.json;
    }

    /** Prints the answer as indented JSON. */
    static void printJson(PrintStream out, JsonNode node) {
        try {
            out.println(TokaClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot print the answer: " + e.getOriginalMessage());
        }
    }

    /** Prints the answer as one line of JSON (for streams: one event per line). */
    static void printJsonLine(PrintStream out, JsonNode node) {
        out.println(node.toString());
    }
}

package dev.toka.cli;

import picocli.CommandLine.Command;

/** {@code toka serve} (and {@code toka} alone): a declaration only; {@link Cli} hands it to Quarkus. */
@Command(name = "serve", description = {"Run the service (the default with no arguments).",
        "Configured as docs/operations.md says: system properties (-D...) and environment variables, e.g. "
                + "QUARKUS_HTTP_PORT, TOKA_ADMIN_TOKEN."})
final class ServeCommand {}

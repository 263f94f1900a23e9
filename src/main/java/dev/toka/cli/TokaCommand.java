package dev.toka.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top of the command tree: {@code toka} alone runs the service ({@link Cli} decides). */
@Command(name = "toka", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = TokaCommand.Version.class,
        description = {"Toka: a capability-secured runtime for AI agents.",
            "With no command, or with 'serve', runs the service. Client commands talk to a running service "
                    + "over HTTP; verify, migrate and spec validate work offline. See docs/cli.md."},
        footer = {"", "Connection: --url/--token, else TOKA_URL and TOKA_TOKEN (or TOKA_ADMIN_TOKEN), else the config "
                + "file ($TOKA_CONFIG or ~/.config/toka/config.properties, mode 600).",
            "Exit codes: 0 ok, 1 failure or error from the service, 2 usage or configuration, "
                    + "3 watched run failed or cancelled, 4 unauthorised (401/403)."},
        subcommands = {ServeCommand.class, TokensCommand.class, OpCommand.class, AgentsCommand.class,
            ApprovalsCommand.class,
            RunsCommand.class, EventsCommand.class, AuditCommand.class, ReadModelsCommand.class, VerifyCommand.class,
            MigrateCommand.class, SpecCommand.class, CompletionCommand.class})
final class TokaCommand {

    /** The version from the jar's manifest (the Maven project version), when packaged. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TokaCommand.class.getPackage().getImplementationVersion();
            return new String[] {"toka " + (version == null ? "(development build)" : version)};
        }
    }
}

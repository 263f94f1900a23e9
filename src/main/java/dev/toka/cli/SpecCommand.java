package dev.toka.cli;

import dev.toka.orchestration.InvalidWorkstreamException;
import dev.toka.orchestration.SpecError;
import dev.toka.orchestration.SpecSet;
import dev.toka.orchestration.SpecSource;
import dev.toka.orchestration.Workstreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code toka spec validate FILES}: the service's own spec validation, offline. */
@Command(name = "spec", description = "Workstream specs.", subcommands = SpecCommand.Validate.class)
final class SpecCommand {

    /** The agent types the service ships with; a plugin added to a build is named with --agent-type. */
    static final Set<String> BUILT_IN_AGENT_TYPES = Set.of("script", "llm");

    @Command(name = "validate", description = {"Validate workstream spec files offline, with the rules the service "
            + "applies (no service, no network).", "Every error is reported at once, each naming file, field and rule; "
            + "exit code 1 if any. On success prints the agents and their dependency waves."})
    static final class Validate implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "The specs (YAML), one agent per file.")
        List<Path> files;

        @Option(names = "--agent-type", paramLabel = "TYPE",
                description = "An agent type the target service knows besides script and llm; repeat for more.")
        List<String> extraTypes = new ArrayList<>();

        @Override
        public Integer call() {
            List<SpecSource> sources = new ArrayList<>();
            for (Path file : files) {
                try {
                    sources.add(new SpecSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
                }
            }
            Set<String> types = new LinkedHashSet<>(BUILT_IN_AGENT_TYPES);
            types.addAll(extraTypes);
            try {
                SpecSet set = new Workstreams(() -> types, Workstreams.DEFAULT_AGENT_TYPE).load(sources);
                System.out.printf("valid: %d agents%n", set.specs().size());
                List<List<String>> waves = set.graph().waves();
                for (int i = 0; i < waves.size(); i++) {
                    System.out.printf("  wave %d: %s%n", i + 1, String.join(", ", waves.get(i)));
                }
                return ExitCodes.OK;
            } catch (InvalidWorkstreamException invalid) {
                for (SpecError error : invalid.errors()) {
                    System.err.println(SpecErrors.line(error.file(), error.field(), error.rule()));
                }
                System.err.printf("%d error%s%n", invalid.errors().size(), invalid.errors().size() == 1 ? "" : "s");
                return ExitCodes.FAILURE;
            }
        }
    }
}

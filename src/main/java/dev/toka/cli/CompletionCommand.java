package dev.toka.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code toka completion bash}: the shell completion script, generated from the command tree. */
@Command(name = "completion", description = {"Print a shell completion script for bash (zsh loads it through "
        + "bashcompinit).", "Use: source <(toka completion bash)"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells picocli generates a script for. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        // One script serves both: it calls bashcompinit itself when run by zsh.
        System.out.print(AutoComplete.bash("toka", spec.root().commandLine()));
        return ExitCodes.OK;
    }
}

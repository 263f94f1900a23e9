package dev.toka.tools.sandbox;

import dev.toka.tools.SandboxUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a command runs in: bubblewrap, nothing (by explicit choice), or nothing at all because the sandbox is missing. */
sealed interface Confinement permits Bubblewrap, Confinement.Unconfined, Confinement.Unavailable {

    /**
     * How to start {@code argv} for a call.
     *
     * @param workspace   The call's workspace on the host, a real path.
     * @param network     Whether the command may use the network.
     * @param environment The variables the command gets.
     * @throws SandboxUnavailableException when commands cannot run here
     */
    Launch launch(List<String> argv, Path workspace, boolean network, Map<String, String> environment);

    /** Why the sandbox itself, not the command, failed, judged from how the host process ended. */
    default Optional<String> setupFailure(int exitCode, String stderr) {
        return Optional.empty();
    }

    /**
     * {@code toka.tools.exec.sandbox=none}: the command runs as the service's user in the workspace,
     * with the resource limits and nothing else.
     */
    record Unconfined(List<String> limits) implements Confinement {

        @Override
        public Launch launch(List<String> argv, Path workspace, boolean network, Map<String, String> environment) {
            return new Launch(Bubblewrap.concat(limits, argv), environment, workspace);
        }
    }

    /** The sandbox was asked for but cannot be set up: every call is refused with the cause. */
    record Unavailable(String reason) implements Confinement {

        @Override
        public Launch launch(List<String> argv, Path workspace, boolean network, Map<String, String> environment) {
            throw new SandboxUnavailableException(reason);
        }
    }
}

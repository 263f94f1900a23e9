package dev.toka.kernel;

import dev.toka.security.Caller;
import java.util.Set;

/** Validates, authorises and applies operations; the only way the world changes. */
public interface Kernel {

    /**
     * Applies an operation and returns once its events are committed and visible in the world state.
     *
     * @throws InvalidOperationException   when a field breaks a limit (400)
     * @throws AgentNotFoundException      when the target agent does not exist (404)
     * @throws dev.toka.security.PermissionDeniedException when the caller may not do it (403)
     * @throws AgentStateConflictException when the agent's state forbids it (409)
     */
    Submission submit(Caller caller, Operation operation);

    /** The operation record for an {@code op} name. */
    Class<? extends Operation> operationType(String opcode);

    /** Every known {@code op} name. */
    Set<String> opcodes();
}

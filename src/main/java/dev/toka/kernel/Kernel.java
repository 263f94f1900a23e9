package dev.toka.kernel;

import dev.toka.security.Caller;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Validates, authorises and applies operations; the only way the world changes. */
public interface Kernel {

    /**
     * Applies an operation and returns once its events are committed and visible in the world state.
     *
     * @throws InvalidOperationException   when a field breaks a limit (400)
     * @throws AgentNotFoundException      when the target agent does not exist (404)
     * @throws dev.toka.security.PermissionDeniedException when the caller may not do it (403)
     * @throws AgentStateConflictException when the agent's state forbids it (409)
     * @throws dev.toka.DeadlineExceededException when it is not answered within {@link KernelConfig#answerTimeout()}
     *     (503); the message says whether its events were committed
     */
    Submission submit(Caller caller, Operation operation);

    /**
     * Applies an operation without blocking: validation, authorisation and the decision run on the
     * calling thread, or on {@code resumeOn} when an earlier operation on the same agent is still in
     * flight or a concurrent change forces a new decision. The result completes once the events are
     * committed and visible in the world state, on the thread that committed them: callers with
     * more than a little work to do move on with an executor of their own.
     *
     * @return the submission, or one of the exceptions of {@link #submit}
     */
    CompletableFuture<Submission> submitAsync(Caller caller, Operation operation, Executor resumeOn);

    /** The operation record for an {@code op} name. */
    Class<? extends Operation> operationType(String opcode);

    /** Every known {@code op} name. */
    Set<String> opcodes();
}

package dev.toka.kernel;

/**
 * A request to change the world, submitted to the {@link Kernel}.
 *
 * <p>The built-in operations are records in this package; a further operation implements
 * {@link ExtensionOperation} and comes with its own {@link OpcodeHandler} bean.
 */
public sealed interface Operation
        permits SpawnAgent, ScheduleTask, EmitObservation, SuspendAgent, ResumeAgent, TerminateAgent,
                StartTask, CompleteTask, FailTask, RequestApproval, DecideApproval,
                ExtensionOperation {

    /**
     * Checks the operation's own fields against the limits.
     *
     * @throws InvalidOperationException naming the field and the limit
     */
    void validate();
}

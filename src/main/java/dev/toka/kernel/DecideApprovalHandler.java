package dev.toka.kernel;

import dev.toka.kernel.AgentView.QueuedTask;
import dev.toka.kernel.KernelEvent.ApprovalExpired;
import dev.toka.kernel.KernelEvent.ApprovalGranted;
import dev.toka.kernel.KernelEvent.ApprovalRejected;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code decide-approval}: records a person's grant or rejection of a pending approval, or its expiry. Only a
 * pending approval is decided, once: a second decision, a decision after the deadline, or an expiry before it
 * is refused (409).
 */
@Singleton
class DecideApprovalHandler implements OpcodeHandler<DecideApproval> {

    private final Clock clock;

    DecideApprovalHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String opcode() {
        return "decide-approval";
    }

    @Override
    public Class<DecideApproval> operationType() {
        return DecideApproval.class;
    }

    @Override
    public Requirement requirement(DecideApproval operation) {
        return Requirement.permissionOn(operation.decision() == DecideApproval.Decision.EXPIRE
                ? Permissions.TASK_REPORT : Permissions.APPROVAL_GRANT, operation.agent());
    }

    @Override
    public Decision decide(DecideApproval operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        QueuedTask task = agent.queuedTasks().stream()
                .filter(t -> t.approval() != null && t.approval().approvalId().equals(operation.approvalId()))
                .findFirst()
                .orElseThrow(() -> new AgentStateConflictException(agent.id(), agent.state(),
                        "approval " + operation.approvalId() + " is not one of this agent's"));
        TaskApproval approval = task.approval();
        if (!approval.pending()) {
            throw new AgentStateConflictException(agent.id(), agent.state(), "approval " + approval.approvalId()
                    + " was already decided: " + approval.state().name().toLowerCase());
        }
        boolean overdue = !clock.instant().isBefore(approval.expiresAt());
        KernelEvent event = switch (operation.decision()) {
            case GRANT -> new ApprovalGranted(agent.id(), task.taskId(), approval.approvalId(), operation.token(),
                    operation.tokenId());
            case REJECT -> new ApprovalRejected(agent.id(), task.taskId(), approval.approvalId(),
                    operation.reason() == null || operation.reason().isBlank() ? "rejected" : operation.reason());
            case EXPIRE -> new ApprovalExpired(agent.id(), task.taskId(), approval.approvalId());
        };
        if (overdue != (operation.decision() == DecideApproval.Decision.EXPIRE)) {
            throw new AgentStateConflictException(agent.id(), agent.state(), overdue
                    ? "approval " + approval.approvalId() + " expired at " + approval.expiresAt()
                    : "approval " + approval.approvalId() + " does not expire before " + approval.expiresAt());
        }
        return Decision.onAgent(agent, event);
    }
}

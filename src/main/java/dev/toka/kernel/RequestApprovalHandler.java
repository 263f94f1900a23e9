package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.ApprovalRequested;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code request-approval}: the running attempt ends, and its task waits queued for a person's decision,
 * which must come before the approval's expiry.
 */
@Singleton
class RequestApprovalHandler implements OpcodeHandler<RequestApproval> {

    @Override
    public String opcode() {
        return "request-approval";
    }

    @Override
    public Class<RequestApproval> operationType() {
        return RequestApproval.class;
    }

    @Override
    public Requirement requirement(RequestApproval operation) {
        return Requirement.permissionOn(Permissions.TASK_REPORT, operation.agent());
    }

    @Override
    public Decision decide(RequestApproval operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireRunning(target.orElseThrow(), operation.taskId(), operation.attempt());
        return Decision.onAgent(agent, new ApprovalRequested(agent.id(), operation.taskId(),
                UUID.randomUUID().toString(), operation.toolId(), operation.argumentsSha256(), operation.attempt(),
                operation.step(), operation.modelCall(), operation.expiresAt()));
    }
}

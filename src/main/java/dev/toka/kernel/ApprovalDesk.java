package dev.toka.kernel;

import dev.toka.kernel.WorldState.AwaitedApproval;
import dev.toka.security.ApprovalBinding;
import dev.toka.security.Caller;
import dev.toka.security.IssuedToken;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Where a person sees and decides the approvals the agents wait for, on behalf of a caller: the one place both
 * faces, {@code /api/v1/approvals} and the console, go through, so both hold the caller to {@value
 * Permissions#APPROVAL_GRANT} and to the agents it may see (its own agent and its descendants; an admin all).
 */
@Singleton
public class ApprovalDesk {

    /** The event types that change which approvals wait: what a live view of them follows. */
    public static final Set<String> EVENT_TYPES = Set.of("ApprovalRequested", "ApprovalGranted", "ApprovalRejected",
            "ApprovalExpired");

    /** Longest rejection reason, in UTF-8 bytes: it becomes the tool's answer the model reads. */
    public static final int MAX_REASON_BYTES = 4096;

    private final WorldState world;
    private final Kernel kernel;
    private final SecurityPolicyCoordinator security;

    public ApprovalDesk(WorldState world, Kernel kernel, SecurityPolicyCoordinator security) {
        this.world = world;
        this.kernel = kernel;
        this.security = security;
    }

    /**
     * A grant: the approval as it stands after it, and the one-shot capability issued for the call.
     *
     * @param approval   The approval, now granted.
     * @param capability The capability (revocable until it is used).
     */
    public record Grant(AwaitedApproval approval, IssuedToken capability) {}

    /** The latest approval of each queued task that asked for one, among the agents the caller may see. */
    public List<AwaitedApproval> list(Caller caller) {
        security.requirePermission(caller, Permissions.APPROVAL_GRANT);
        return world.approvals().stream().filter(a -> security.canSee(caller, world.targetOf(a.agent()))).toList();
    }

    /** One approval the caller may see, whatever its state. */
    public AwaitedApproval get(Caller caller, String id) {
        security.requirePermission(caller, Permissions.APPROVAL_GRANT);
        return visible(caller, id);
    }

    /**
     * Issues a signed one-shot capability bound to the agent, the tool and the call's arguments hash, and records
     * the grant; the agent's task then resumes and runs the call once.
     */
    public Grant grant(Caller caller, String id) {
        security.requirePermission(caller, Permissions.APPROVAL_GRANT);
        AwaitedApproval awaited = pending(caller, id);
        TaskApproval approval = awaited.approval();
        IssuedToken capability = security.grantApproval(caller, world.targetOf(awaited.agent()), new ApprovalBinding(
                approval.approvalId(), awaited.agent().id(), approval.toolId(), approval.argumentsSha256()));
        kernel.submit(caller, new DecideApproval(awaited.agent().id(), id, DecideApproval.Decision.GRANT,
                capability.token(), capability.jti(), null));
        return new Grant(world.approval(id).orElse(awaited), capability);
    }

    /** Records the rejection; the model is told {@code reason} (default "rejected") as the tool's answer. */
    public AwaitedApproval reject(Caller caller, String id, String reason) {
        security.requirePermission(caller, Permissions.APPROVAL_GRANT);
        String why = reason == null || reason.isBlank() ? "rejected" : reason;
        if (why.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new InvalidOperationException("reason", "must be at most " + MAX_REASON_BYTES + " UTF-8 bytes");
        }
        AwaitedApproval awaited = pending(caller, id);
        kernel.submit(caller, new DecideApproval(awaited.agent().id(), id, DecideApproval.Decision.REJECT, null,
                null, why));
        return world.approval(id).orElse(awaited);
    }

    private AwaitedApproval visible(Caller caller, String id) {
        return world.approval(id)
                .filter(a -> security.canSee(caller, world.targetOf(a.agent())))
                .orElseThrow(() -> new ApprovalNotFoundException(id));
    }

    /** The approval, which must still wait for a decision: checked before a capability is issued for it. */
    private AwaitedApproval pending(Caller caller, String id) {
        AwaitedApproval awaited = visible(caller, id);
        if (!awaited.approval().pending()) {
            throw new AgentStateConflictException(awaited.agent().id(), awaited.agent().state(), "approval " + id
                    + " was already decided: " + awaited.approval().state().name().toLowerCase());
        }
        return awaited;
    }
}

package dev.toka.kernel;

import dev.toka.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A further operation added as a CDI bean, without touching the kernel: {@code annotate-agent}
 * attaches a note to an agent. Lives in the test sources to prove the extension point.
 */
@ApplicationScoped
public class AnnotateAgentHandler implements OpcodeHandler<AnnotateAgentHandler.AnnotateAgent> {

    /** The operation: a note on an agent. */
    public record AnnotateAgent(String agent, String note) implements ExtensionOperation {
        @Override
        public void validate() {
            Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
            Limits.requireText("note", note, 128);
        }
    }

    /** The event it records. */
    public record AgentAnnotated(String agentId, String note) implements ExtensionEvent {}

    @Override
    public String opcode() {
        return "annotate-agent";
    }

    @Override
    public Class<AnnotateAgent> operationType() {
        return AnnotateAgent.class;
    }

    @Override
    public Requirement requirement(AnnotateAgent operation) {
        return Requirement.permissionOn("agent:annotate", operation.agent());
    }

    @Override
    public Decision decide(AnnotateAgent operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        return Decision.onAgent(agent, new AgentAnnotated(agent.id(), operation.note()));
    }
}

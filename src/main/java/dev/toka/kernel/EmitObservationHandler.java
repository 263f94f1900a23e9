package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.ObservationEmitted;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@code emit-observation}: records data an agent observed. */
@Singleton
class EmitObservationHandler implements OpcodeHandler<EmitObservation> {

    @Override
    public String opcode() {
        return "emit-observation";
    }

    @Override
    public Class<EmitObservation> operationType() {
        return EmitObservation.class;
    }

    @Override
    public Requirement requirement(EmitObservation operation) {
        return Requirement.permissionOn(Permissions.OBSERVATION_EMIT, operation.agent());
    }

    @Override
    public Decision decide(EmitObservation operation, Optional<AgentView> target, Caller caller) {
        AgentView agent = AgentRules.requireNotTerminated(target.orElseThrow());
        return Decision.onAgent(agent, new ObservationEmitted(agent.id(), operation.data()));
    }
}

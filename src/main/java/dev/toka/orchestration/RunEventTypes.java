package dev.toka.orchestration;

import dev.toka.orchestration.RunEvent.AgentBlocked;
import dev.toka.orchestration.RunEvent.AgentFannedOut;
import dev.toka.orchestration.RunEvent.AgentIterated;
import dev.toka.orchestration.RunEvent.AgentSkipped;
import dev.toka.orchestration.RunEvent.AgentLaunched;
import dev.toka.orchestration.RunEvent.RunCancelled;
import dev.toka.orchestration.RunEvent.RunClaimed;
import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import jakarta.inject.Singleton;
import java.util.List;

/** The orchestration's run events (kernel extension events) and their stored names. */
@Singleton
class RunEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(
                EventType.of("RunStarted", RunStarted.class),
                EventType.of("AgentLaunched", AgentLaunched.class),
                EventType.of("AgentBlocked", AgentBlocked.class),
                EventType.of("RunFinished", RunFinished.class),
                EventType.of("RunCancelled", RunCancelled.class),
                EventType.of("RunClaimed", RunClaimed.class),
                EventType.of("AgentSkipped", AgentSkipped.class),
                EventType.of("AgentIterated", AgentIterated.class),
                EventType.of("AgentFannedOut", AgentFannedOut.class));
    }
}

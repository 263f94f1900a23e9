package dev.toka.kernel;

import dev.toka.kernel.AnnotateAgentHandler.AgentAnnotated;
import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import jakarta.inject.Singleton;
import java.util.List;

/** The test extension declares its event like any layer: an extension event is a declared one. */
@Singleton
public class AnnotationEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(EventType.of("AgentAnnotated", AgentAnnotated.class));
    }
}

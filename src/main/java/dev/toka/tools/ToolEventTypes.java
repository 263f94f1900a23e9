package dev.toka.tools;

import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import dev.toka.tools.ToolEvents.ToolCompleted;
import dev.toka.tools.ToolEvents.ToolFailed;
import dev.toka.tools.ToolEvents.ToolInvoked;
import jakarta.inject.Singleton;
import java.util.List;

/** The tool layer's events and their stored names. */
@Singleton
class ToolEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(
                EventType.of("ToolInvoked", ToolInvoked.class),
                EventType.of("ToolCompleted", ToolCompleted.class),
                EventType.of("ToolFailed", ToolFailed.class),
                EventType.of("ApprovalSpent", ToolEvents.ApprovalSpent.class));
    }
}

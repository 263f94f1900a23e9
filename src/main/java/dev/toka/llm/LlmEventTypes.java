package dev.toka.llm;

import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import jakarta.inject.Singleton;
import java.util.List;

/** The LLM gateway's events and their stored names. */
@Singleton
class LlmEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(
                EventType.of("ModelCallRecorded", ModelCallRecorded.class),
                EventType.of("ModelCallFailed", ModelCallFailed.class));
    }
}

package dev.toka.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.toka.cli.TokaClient.SseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events assembled from lines: ids, types, multi-line data; comments skipped. */
class SseReaderTest {

    @Test
    void assemblesEventsAndSkipsComments() {
        TokaClient.SseReader reader = new TokaClient.SseReader(List.of(
                ": keep-alive", "", "id: 7", "event: AgentSpawned", "data: {\"a\":1}", "",
                "id:8", "data:line one", "data: line two", "retry: 100", "", "data: cut off").iterator());
        assertEquals(new SseEvent("7", "AgentSpawned", "{\"a\":1}"), reader.next());
        assertEquals(new SseEvent("8", null, "line one\nline two"), reader.next());
        assertNull(reader.next(), "an event without its closing blank line is incomplete");
    }
}

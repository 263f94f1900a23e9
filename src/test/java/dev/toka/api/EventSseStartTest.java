package dev.toka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventSseStartTest {

    @Test
    void aStreamResumesAfterTheLastEventIdAndNeverBeforePositionOne() {
        assertEquals(8, EventSse.startOf(1, 7L));
        assertEquals(1, EventSse.startOf(-5, null));
        assertEquals(1, EventSse.startOf(1, -3L), "a negative Last-Event-ID starts at the log's beginning");
        assertEquals(Long.MAX_VALUE, EventSse.startOf(1, Long.MAX_VALUE),
                "the biggest Last-Event-ID must not wrap round and replay the whole log");
    }
}

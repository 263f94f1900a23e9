package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry refuses ambiguous declarations at start, and names types by declaration, never by class name. */
class EventRegistryTest {

    record ThingHappened(String id) {}

    record OtherThingHappened(String id) {}

    @Test
    void rejectsTwoClassesUnderOneName() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new EventRegistry(List.of(
                EventType.of("ThingHappened", ThingHappened.class),
                EventType.of("ThingHappened", OtherThingHappened.class))));

        assertTrue(refused.getMessage().contains("two event types are stored as 'ThingHappened'"), refused.getMessage());
        assertTrue(refused.getMessage().contains(ThingHappened.class.getName()), refused.getMessage());
        assertTrue(refused.getMessage().contains(OtherThingHappened.class.getName()), refused.getMessage());
    }

    @Test
    void rejectsOneClassUnderTwoNames() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new EventRegistry(List.of(
                EventType.of("ThingHappened", ThingHappened.class),
                EventType.of("ThingOccurred", ThingHappened.class))));

        assertTrue(refused.getMessage().contains("declared as both 'ThingHappened' and 'ThingOccurred'"),
                refused.getMessage());
    }

    @Test
    void namesATypeByItsDeclaredNameNotItsClassName() {
        EventRegistry testSubject = new EventRegistry(List.of(EventType.of("ThingWas", ThingHappened.class)));

        assertEquals("ThingWas", testSubject.nameOf(ThingHappened.class));
        assertEquals(Optional.of(ThingHappened.class), testSubject.classOf("ThingWas"));
        assertEquals(Optional.empty(), testSubject.classOf("ThingHappened"));
    }

    @Test
    void rejectsAnUndeclaredTypeOnWrite() {
        EventRegistry testSubject = new EventRegistry(List.of(EventType.of("ThingHappened", ThingHappened.class)));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> testSubject.nameOf(OtherThingHappened.class));
        assertTrue(refused.getMessage().contains("is not a declared event type"), refused.getMessage());
    }

    @Test
    void acceptsTheSameDeclarationTwice() {
        EventRegistry testSubject = new EventRegistry(List.of(
                EventType.of("ThingHappened", ThingHappened.class), EventType.of("ThingHappened", ThingHappened.class)));

        assertEquals("ThingHappened", testSubject.nameOf(ThingHappened.class));
    }
}

package dev.toka.store;

/**
 * Where the stored log is not what its chain head promises: an event missing (a bad restore, a manual
 * clean-up, tampering), or rows past the head.
 *
 * @param position The first position at fault.
 * @param problem  What is wrong there, in a sentence for an operator.
 */
public record LogDefect(long position, String problem) {}

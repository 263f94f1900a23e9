package dev.toka.security;

/**
 * An event of a layer above that ends a subject for good (the kernel's agent termination): the
 * security projection revokes every token the subject holds when it reads one, without knowing the
 * event's type.
 */
public interface SubjectEnded {

    /** The subject whose tokens end with it. */
    String endedSubject();
}

package dev.toka.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A console route anyone may reach (the sign-in page); {@link ConsoleGate} admits it against its address's quota. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Public {

    /** What the request attempts, for the audit entry of a refusal. */
    String action();
}

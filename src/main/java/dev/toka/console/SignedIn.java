package dev.toka.console;

import dev.toka.security.RouteGroup;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A console route that needs a session. {@link ConsoleGate} re-authenticates the session's credential
 * through the coordinator against {@link #group()}'s quota before the method runs (a revoked token's
 * session ends there), checks the CSRF token of anything but a GET, and leaves the result in
 * {@link ConsoleCaller}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface SignedIn {

    /** The quota the request counts against, as the API route doing the same would. */
    RouteGroup group();

    /** What the request attempts, as audit entries of refusals name it. */
    String action();
}

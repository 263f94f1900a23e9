package dev.toka.api;

import dev.toka.security.RouteGroup;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route that needs a credential. {@link CallerFilter} authenticates the request against
 * {@link #group()}'s quota before the method runs, and the method reads the result from
 * {@link CurrentCaller}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Guarded {

    /** The quota the request counts against. */
    RouteGroup group();

    /**
     * What the request attempts, as audit entries of refusals name it; {@code {name}} stands for the
     * path parameter of that name, for example {@code tool:{id}}.
     */
    String action();
}

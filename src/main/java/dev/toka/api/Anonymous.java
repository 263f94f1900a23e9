package dev.toka.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A route that needs no credential: {@link CallerFilter} admits the request against its address's quota. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Anonymous {

    /** What the request attempts, as audit entries of refusals name it. */
    String action();
}

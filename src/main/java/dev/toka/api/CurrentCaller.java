package dev.toka.api;

import dev.toka.security.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, resolved once by {@link CallerFilter}. */
@RequestScoped
class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; only a {@link Guarded} route has one. */
    Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no caller: the route is not @Guarded");
        }
        return caller;
    }
}

package dev.toka.readmodel;

import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Every read model, for the one documented way to rebuild them from the log. */
@Singleton
public class ReadModels {

    private final List<ReadModel> models;
    private final SecurityPolicyCoordinator security;
    // The rebuild in progress, joined by every call that comes meanwhile; null when none runs.
    private CompletableFuture<List<Rebuilt>> running;

    ReadModels(@All List<ReadModel> models, SecurityPolicyCoordinator security) {
        this.models = models;
        this.security = security;
    }

    /**
     * What one read model was rebuilt to.
     *
     * @param name     The read model.
     * @param position The log position its rows reflect again.
     */
    public record Rebuilt(String name, long position) {}

    /**
     * Deletes every read model's rows and applies the log again, one read model after the other (admin; the
     * allowance is audited). A call while a rebuild runs joins it rather than start another: its cost grows
     * with the log, so repeated calls must not queue up rebuilds.
     */
    public List<Rebuilt> rebuild(Caller caller) {
        security.authorize(caller, Permissions.ADMIN);
        CompletableFuture<List<Rebuilt>> rebuild;
        boolean mine;
        synchronized (this) {
            mine = running == null;
            if (mine) {
                running = new CompletableFuture<>();
            }
            rebuild = running;
        }
        if (mine) {
            try {
                rebuild.complete(models.stream().map(model -> new Rebuilt(model.name(), model.rebuild())).toList());
            } catch (RuntimeException e) {
                rebuild.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    running = null;
                }
            }
        }
        try {
            return rebuild.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}

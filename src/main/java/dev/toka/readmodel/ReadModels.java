package dev.toka.readmodel;

import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;
import java.util.List;

/** Every read model, for the one documented way to rebuild them from the log. */
@Singleton
public class ReadModels {

    private final List<ReadModel> models;
    private final SecurityPolicyCoordinator security;

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
     * allowance is audited).
     */
    public List<Rebuilt> rebuild(Caller caller) {
        security.authorize(caller, Permissions.ADMIN);
        return models.stream().map(model -> new Rebuilt(model.name(), model.rebuild())).toList();
    }
}

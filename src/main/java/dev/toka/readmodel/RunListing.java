package dev.toka.readmodel;

import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityPolicyCoordinator;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code GET /api/v1/runs}: the runs read model, filtered and paged by cursor; runs are the admin's, as each run's view. */
@Singleton
public class RunListing {

    private static final String LISTING = "runs";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> STATES = Set.of("running", "completed", "failed", "cancelled");

    private final RunsReadModel model;
    private final WorldState world;
    private final SecurityPolicyCoordinator security;

    RunListing(RunsReadModel model, WorldState world, SecurityPolicyCoordinator security) {
        this.model = model;
        this.world = world;
        this.security = security;
    }

    /**
     * Which runs to list; an empty filter matches every run.
     *
     * @param state       Only runs in this state: {@code running}, {@code completed}, {@code failed} or
     *                    {@code cancelled}.
     * @param spec        Only runs with a spec (an agent) of this name, or with {@code name@version} of this version.
     * @param specsSha256 Only runs pinned to this digest of their specs.
     */
    public record Filter(Optional<String> state, Optional<String> spec, Optional<String> specsSha256) {

        /** A filter by state and spec only. */
        public Filter(Optional<String> state, Optional<String> spec) {
            this(state, spec, Optional.empty());
        }
    }

    /**
     * One page, as of at least the world state's position when the call came in.
     *
     * @throws dev.toka.security.PermissionDeniedException for a caller without {@code admin}
     * @throws InvalidQueryException for an unknown state, a limit out of range, or a cursor not of this listing
     */
    public RunPage page(Caller caller, Filter filter, Optional<String> cursor, Optional<String> limit) {
        security.requirePermission(caller, Permissions.ADMIN);
        Cursor after = Cursor.decode(LISTING, cursor);
        int size = Listing.limit(limit);
        filter.state().filter(state -> !STATES.contains(state)).ifPresent(state -> {
            throw new InvalidQueryException("state", "must be one of running, completed, failed, cancelled");
        });
        filter.specsSha256().filter(digest -> !SHA256.matcher(digest).matches()).ifPresent(digest -> {
            throw new InvalidQueryException("specsSha256", "must be a SHA-256 in lower-case hex (64 characters)");
        });
        Listing listing = new Listing("startedPosition", after).equal("state", filter.state())
                .equal("specsSha256", filter.specsSha256());
        filter.spec().ifPresent(spec -> listing.where(
                (spec.indexOf(RunRow.VERSION_MARK) < 0 ? "specs" : "specVersions") + " like :spec escape '\\'",
                "spec", Listing.delimited(RunRow.SEPARATOR, spec)));
        model.awaitCommitted(world.position());
        long position = model.committedPosition();
        List<RunRow> rows = RunRow.<RunRow>find(listing.query(), Sort.ascending("startedPosition"),
                listing.parameters()).page(0, size + 1).list();
        String next = rows.size() > size ? new Cursor(LISTING, rows.get(size - 1).startedPosition).encode() : null;
        return new RunPage(rows.stream().limit(size).map(RunSummary::of).toList(), next, position);
    }
}

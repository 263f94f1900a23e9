package dev.toka.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.kernel.AgentMandate;
import dev.toka.kernel.AgentStatus;
import dev.toka.kernel.AgentView;
import dev.toka.kernel.WorldState;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.Target;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/agents}: the agents read model, filtered, paged by cursor, and only the agents the
 * caller may see (admin: all; a token: its own agent and its descendants in its vault).
 */
@Singleton
public class AgentListing {

    private static final String LISTING = "agents";

    private final AgentsReadModel model;
    private final WorldState world;
    private final SecurityPolicyCoordinator security;
    private final ObjectMapper json;

    AgentListing(AgentsReadModel model, WorldState world, SecurityPolicyCoordinator security, ObjectMapper json) {
        this.model = model;
        this.world = world;
        this.security = security;
        this.json = json;
    }

    /**
     * Which agents to list; an empty filter matches every agent.
     *
     * @param state  Only agents in this state ({@code ready}, {@code running}, ...).
     * @param type   Only agents of this plugin type.
     * @param vault  Only agents of this tenant.
     * @param parent Only the children of this agent.
     */
    public record Filter(Optional<String> state, Optional<String> type, Optional<String> vault,
            Optional<String> parent) {}

    /**
     * One page, as of at least the world state's position when the call came in, so a caller finds the agents
     * it has just spawned.
     *
     * @throws InvalidQueryException for an unknown state, a limit out of range, or a cursor not of this listing
     */
    public AgentPage page(Caller caller, Filter filter, Optional<String> cursor, Optional<String> limit) {
        Cursor after = Cursor.decode(LISTING, cursor);
        int size = Listing.limit(limit);
        Listing listing = new Listing("spawnedPosition", after)
                .equal("state", filter.state().map(AgentListing::state))
                .equal("type", filter.type())
                .equal("vault", filter.vault())
                .equal("parent", filter.parent());
        Principal principal = caller.principal();
        if (!principal.isAdmin()) {
            // The visibility rule as a query, so pages fill; canSee below still decides each agent.
            listing.where("vault = :callerVault", "callerVault", principal.vault())
                    .where("lineage like :callerLineage escape '\\'", "callerLineage",
                            Listing.delimited('/', principal.subject()));
        }
        model.awaitCommitted(world.position());
        long position = model.committedPosition();
        List<AgentRow> rows = AgentRow.<AgentRow>find(listing.query(), Sort.ascending("spawnedPosition"),
                listing.parameters()).page(0, size + 1).list();
        String next = rows.size() > size ? new Cursor(LISTING, rows.get(size - 1).spawnedPosition).encode() : null;
        List<AgentSummary> agents = rows.stream().limit(size)
                .filter(row -> security.canSee(caller, targetOf(row)))
                .map(AgentSummary::of).toList();
        return new AgentPage(agents, next, position);
    }

    /**
     * A terminated agent the world state has let go of, as {@code GET /api/v1/agents/{id}} shows it: from its row,
     * as of at least the world state's position when the call came in, so a caller that has just terminated it
     * finds it terminated. A terminated agent has no queued or running task. Empty when there is no terminated
     * agent of that id or the caller may not see it.
     */
    public Optional<AgentView> terminated(Caller caller, String id) {
        model.awaitCommitted(world.position());
        AgentRow row = AgentRow.findById(id);
        if (row == null || !AgentStatus.TERMINATED.name().equals(row.state) || !security.canSee(caller, targetOf(row))) {
            return Optional.empty();
        }
        return Optional.of(new AgentView(row.id, row.parent, row.name, row.type, row.vault, row.timeout,
                mandateOf(row), AgentStatus.TERMINATED, List.of(), null, row.version));
    }

    private AgentMandate mandateOf(AgentRow row) {
        try {
            return json.readValue(row.mandate, AgentMandate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the agents read model holds a mandate it wrote as JSON", e);
        }
    }

    private static Target targetOf(AgentRow row) {
        return new Target(row.id, row.vault, Arrays.asList(row.lineage.substring(1).split("/")));
    }

    private static String state(String wireName) {
        try {
            return AgentStatus.valueOf(wireName.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("state", "must be one of " + Arrays.stream(AgentStatus.values())
                    .map(AgentStatus::wireName).collect(Collectors.joining(", ")));
        }
    }
}

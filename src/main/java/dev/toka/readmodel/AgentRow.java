package dev.toka.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One agent in the agents read model; written only by {@link AgentsReadModel}. */
@Entity
@Table(name = "read_agents")
public class AgentRow extends PanacheEntityBase {

    @Id
    public String id;

    /** The position of its {@code AgentSpawned} event: the paging key, fixed and increasing. */
    @Column(name = "spawned_position")
    public long spawnedPosition;

    public String name;
    public String type;
    public String vault;
    public String parent;

    /** {@code /self/parent/.../root/}: who may see it (itself and its ancestors, in its vault). */
    public String lineage;

    /** An {@link dev.toka.kernel.AgentStatus} name. */
    public String state;

    /** Whether an attempt is in progress (the lifecycle needs it to resume). */
    public boolean running;

    /** Whether it works for a run (the lifecycle needs it to fail). */
    @Column(name = "of_run")
    public boolean ofRun;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The per-attempt time limit as spawned, or {@code null}. */
    @Column(name = "agent_timeout")
    public String timeout;

    /** Its {@link dev.toka.kernel.AgentMandate} as JSON. */
    public String mandate;

    /** The version of its stream: the last event's, extensions' events included. */
    @Column(name = "stream_version")
    public long version;
}

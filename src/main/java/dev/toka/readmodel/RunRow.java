package dev.toka.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One run in the runs read model; written only by {@link RunsReadModel}. */
@Entity
@Table(name = "read_runs")
public class RunRow extends PanacheEntityBase {

    /** Separates the names in the list columns; names hold no control characters. */
    static final char SEPARATOR = '\n';

    /** Between a spec's name and its version in {@link #specVersions}; spec names never hold it. */
    static final char VERSION_MARK = '@';

    @Id
    public String id;

    /** The position of its {@code RunStarted} event: the paging key, fixed and increasing. */
    @Column(name = "started_position")
    public long startedPosition;

    /** {@code running}, {@code completed}, {@code failed} or {@code cancelled}. */
    public String state;

    /** The names of its specs (its agents), each between separators. */
    public String specs;

    /** {@code name@version} per spec, in the order of {@link #specs}, each between separators. */
    @Column(name = "spec_versions")
    public String specVersions;

    /** The digest of its specs the run is pinned to, or {@code null} for runs recorded before specs were hashed. */
    @Column(name = "specs_sha256")
    public String specsSha256;

    @Column(name = "replay_of")
    public String replayOf;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "failed_agents")
    public String failedAgents;

    @Column(name = "blocked_agents")
    public String blockedAgents;

    /** The list column for {@code names}: each between separators, so a LIKE finds a whole name. */
    static String joined(List<String> names) {
        return names.isEmpty() ? "" : SEPARATOR + String.join(String.valueOf(SEPARATOR), names) + SEPARATOR;
    }

    static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.substring(1, joined.length() - 1).split(String.valueOf(SEPARATOR)));
    }
}

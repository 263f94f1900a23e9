package dev.toka.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of the audit index: where an audit entry lies in the log, and what it is searched by. */
@Entity
@Table(name = "read_audit")
public class AuditRow extends PanacheEntityBase {

    /** The entry's log position; the entry itself is read from the log there. */
    @Id
    public long position;

    public String principal;
    public String action;

    /** {@code allow} or {@code deny}. */
    public String decision;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}

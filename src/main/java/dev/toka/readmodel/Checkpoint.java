package dev.toka.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last log position a read model has applied, written in the same transaction as its rows. */
@Entity
@Table(name = "read_model_checkpoints")
public class Checkpoint extends PanacheEntityBase {

    @Id
    public String name;

    public long position;

    /** The read model's position, 0 when it has none yet; call inside a transaction. */
    static long positionOf(String readModel) {
        Checkpoint checkpoint = findById(readModel);
        return checkpoint == null ? 0 : checkpoint.position;
    }

    /** Records the read model's position; call inside the transaction that wrote its rows. */
    static void save(String readModel, long position) {
        Checkpoint checkpoint = findById(readModel);
        if (checkpoint == null) {
            checkpoint = new Checkpoint();
            checkpoint.name = readModel;
            checkpoint.position = position;
            checkpoint.persist();
        } else {
            checkpoint.position = position;
        }
    }
}

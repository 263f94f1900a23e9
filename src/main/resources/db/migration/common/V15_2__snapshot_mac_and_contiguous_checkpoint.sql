-- Snapshots are authenticated with an HMAC under a key derived from the key-encryption key, in place of a plain
-- SHA-256 digest that anyone able to write the table could recompute. The unsigned ones are dropped: the next
-- start replays the log for them and the next snapshot is signed (docs/event-log.md, "Snapshots").
DELETE FROM projection_snapshots;
ALTER TABLE projection_snapshots RENAME COLUMN digest TO mac;

-- One row: the position and hash up to which the start-up check last found the positions contiguous, so the next
-- start counts only the rows after it (docs/event-log.md, "The start-up check costs the rows written since
-- the last start").
CREATE TABLE contiguous_checkpoint (
    id              INT                      NOT NULL,
    global_position BIGINT                   NOT NULL,
    hash            CHAR(64)                 NOT NULL,
    checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT contiguous_checkpoint_pkey PRIMARY KEY (id),
    CONSTRAINT contiguous_checkpoint_one_row CHECK (id = 1)
);

INSERT INTO contiguous_checkpoint (id, global_position, hash, checked_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', CURRENT_TIMESTAMP);

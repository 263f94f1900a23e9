-- Snapshots of projections and the last verified checkpoint (issue 15). Neither is part of the log: both are
-- optimisations that can be deleted at any time (docs/event-log.md, "Snapshots"). Portable SQL: H2 2.x and
-- PostgreSQL 15. Versioned 15.1 so that migrations of other work on issue 15 take 3, 4, ... without a clash.

-- One row per projection: its newest snapshot.
CREATE TABLE projection_snapshots (
    projection      VARCHAR(128)             NOT NULL,
    format_version  INT                      NOT NULL,
    global_position BIGINT                   NOT NULL,
    hash            CHAR(64)                 NOT NULL,
    -- The event type names the writing version knew, one a line.
    event_types     TEXT                     NOT NULL,
    payload         TEXT                     NOT NULL,
    digest          CHAR(64)                 NOT NULL,
    taken_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT projection_snapshots_pkey PRIMARY KEY (projection)
);

-- One row: the position and hash up to which GET /api/v1/events/verify last found the chain intact.
CREATE TABLE verified_checkpoint (
    id              INT                      NOT NULL,
    global_position BIGINT                   NOT NULL,
    hash            CHAR(64)                 NOT NULL,
    verified_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT verified_checkpoint_pkey PRIMARY KEY (id),
    CONSTRAINT verified_checkpoint_one_row CHECK (id = 1)
);

INSERT INTO verified_checkpoint (id, global_position, hash, verified_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', CURRENT_TIMESTAMP);

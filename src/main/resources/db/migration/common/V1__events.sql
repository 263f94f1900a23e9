-- The event log and its chain head. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.
-- Column meanings: docs/event-log.md.

CREATE TABLE events (
    global_position BIGINT                   NOT NULL,
    stream_name     VARCHAR(256)             NOT NULL,
    position        BIGINT                   NOT NULL,
    id              UUID                     NOT NULL,
    type            VARCHAR(128)             NOT NULL,
    -- The canonical JSON text exactly as hashed: TEXT, never JSONB, which would reformat it.
    data            TEXT                     NOT NULL,
    metadata        TEXT                     NOT NULL,
    time            TIMESTAMP WITH TIME ZONE NOT NULL,
    prev_hash       CHAR(64)                 NOT NULL,
    hash            CHAR(64)                 NOT NULL,
    CONSTRAINT events_pkey PRIMARY KEY (global_position)
);

-- Idempotent appends look events up by id; the uniqueness is also a backstop.
CREATE UNIQUE INDEX events_id ON events (id);

-- Stream reads and versions; the uniqueness backstops the expected-version check.
CREATE UNIQUE INDEX events_stream ON events (stream_name, position);

-- One row: the last position and hash. Every append locks it, which serialises the chain.
CREATE TABLE chain_head (
    id              INT      NOT NULL,
    global_position BIGINT   NOT NULL,
    hash            CHAR(64) NOT NULL,
    CONSTRAINT chain_head_pkey PRIMARY KEY (id),
    CONSTRAINT chain_head_one_row CHECK (id = 1)
);

INSERT INTO chain_head (id, global_position, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Read models (docs/architecture.md#read-models): query-shaped tables that projections of the log keep,
-- each with its checkpoint, written in the same transaction as its rows. They hold nothing the log does
-- not: dropping every row and checkpoint only means a rebuild. Portable SQL (H2 2.x, PostgreSQL 15).
-- Versions from 100 on, so they never collide with the event log's migrations in the same history.

-- The last log position each read model has applied, committed with the rows it produced.
CREATE TABLE read_model_checkpoints (
    name     VARCHAR(64) NOT NULL,
    position BIGINT      NOT NULL,
    CONSTRAINT read_model_checkpoints_pkey PRIMARY KEY (name)
);

-- Agents. spawned_position (the AgentSpawned event's position) is the paging key: it never changes and a
-- new agent always sorts last, so pages stay stable while agents are spawned. lineage is '/self/parent/.../root/'
-- for the capability filter (an agent sees itself and its descendants in its vault).
CREATE TABLE read_agents (
    id               VARCHAR(256)             NOT NULL,
    spawned_position BIGINT                   NOT NULL,
    name             VARCHAR(1024)            NOT NULL,
    type             VARCHAR(1024)            NOT NULL,
    vault            VARCHAR(1024)            NOT NULL,
    parent           VARCHAR(256),
    lineage          VARCHAR(1000000)         NOT NULL,
    state            VARCHAR(16)              NOT NULL,
    running          BOOLEAN                  NOT NULL,
    of_run           BOOLEAN                  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT read_agents_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX read_agents_page ON read_agents (spawned_position);
CREATE INDEX read_agents_state ON read_agents (state, spawned_position);
CREATE INDEX read_agents_parent ON read_agents (parent, spawned_position);

-- Runs. started_position (the RunStarted event's position) is the paging key. specs and the agent lists are
-- the names joined by newlines, as the run recorded them (names hold no control characters).
CREATE TABLE read_runs (
    id               VARCHAR(256)             NOT NULL,
    started_position BIGINT                   NOT NULL,
    state            VARCHAR(16)              NOT NULL,
    specs            VARCHAR(1000000)         NOT NULL,
    replay_of        VARCHAR(256),
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at         TIMESTAMP WITH TIME ZONE,
    failed_agents    VARCHAR(1000000)         NOT NULL,
    blocked_agents   VARCHAR(1000000)         NOT NULL,
    CONSTRAINT read_runs_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX read_runs_page ON read_runs (started_position);

-- The audit trail's index: where each entry lies in the log, with the fields it is searched by.
CREATE TABLE read_audit (
    position    BIGINT                   NOT NULL,
    principal   VARCHAR(1024)            NOT NULL,
    action      VARCHAR(1024)            NOT NULL,
    decision    VARCHAR(16)              NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT read_audit_pkey PRIMARY KEY (position)
);
CREATE INDEX read_audit_principal ON read_audit (principal, position);

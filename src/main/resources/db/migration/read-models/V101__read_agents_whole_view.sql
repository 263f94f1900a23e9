-- The agents read model holds the whole view of a terminated agent, which the world state lets go of
-- (docs/architecture.md#memory): GET /api/v1/agents/{id} answers from here for those. The rows are dropped
-- with their checkpoint so the read model is rebuilt from the log at the next start with the new columns.
ALTER TABLE read_agents ADD COLUMN agent_timeout VARCHAR(1024);
ALTER TABLE read_agents ADD COLUMN mandate VARCHAR(1000000);
ALTER TABLE read_agents ADD COLUMN stream_version BIGINT DEFAULT 0 NOT NULL;
DELETE FROM read_agents;
DELETE FROM read_model_checkpoints WHERE name = 'agents read model';

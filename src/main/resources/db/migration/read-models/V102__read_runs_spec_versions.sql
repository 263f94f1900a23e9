-- The runs read model lists the version each run is pinned to (docs/orchestration.md#version-pinned-runs):
-- spec_versions holds '<name>@<metadata.version>' per spec, joined by newlines as specs is (a name holds no '@',
-- so the first '@' ends it; just the name for a spec recorded without a version), and specs_sha256 the run's
-- digest over its specs (null for runs recorded before specs were hashed). The rows are dropped with their
-- checkpoint so the read model is rebuilt from the log at the next start with the new columns filled.
ALTER TABLE read_runs ADD COLUMN spec_versions VARCHAR(1000000) DEFAULT '' NOT NULL;
ALTER TABLE read_runs ADD COLUMN specs_sha256 VARCHAR(64);
CREATE INDEX read_runs_specs_sha256 ON read_runs (specs_sha256, started_position);
DELETE FROM read_runs;
DELETE FROM read_model_checkpoints WHERE name = 'runs read model';

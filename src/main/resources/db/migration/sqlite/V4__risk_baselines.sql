-- Behaviour baselines, snapshotted so that a restart does not forget what each identity normally does.
-- One row per identity (an API key id, or issuer and subject); the snapshot is JSON.
CREATE TABLE risk_baselines (
    identity    TEXT PRIMARY KEY,
    snapshot    TEXT NOT NULL,
    updated_at  BIGINT NOT NULL   -- epoch millis
);
CREATE INDEX risk_baselines_updated ON risk_baselines (updated_at);

-- One row per request: the columns people filter on, and the decision-log JSON line as `record`.
CREATE TABLE decisions (
    id          BIGSERIAL PRIMARY KEY,
    time        TIMESTAMPTZ NOT NULL,
    request_id  TEXT NOT NULL,
    route       TEXT,
    status      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    record      JSONB NOT NULL
);
CREATE INDEX decisions_time ON decisions (time);

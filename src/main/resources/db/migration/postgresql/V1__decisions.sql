CREATE TABLE decisions (
    id          BIGSERIAL PRIMARY KEY,
    time        TIMESTAMPTZ NOT NULL,
    request_id  TEXT NOT NULL,
    route       TEXT,
    method      TEXT NOT NULL,
    host        TEXT,
    path        TEXT NOT NULL,
    status      INTEGER NOT NULL,
    decision    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    client      TEXT NOT NULL,
    principal   TEXT,
    auth_method TEXT,
    upstream    TEXT,
    gateway_us  BIGINT NOT NULL,
    upstream_us BIGINT
);
CREATE INDEX decisions_time ON decisions (time);

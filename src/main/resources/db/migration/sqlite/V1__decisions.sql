-- One row per request. Only the time index: a random-key index (request_id) made every insert
-- a random B-tree write; look requests up by time range first.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL, -- epoch milliseconds
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
    gateway_us  INTEGER NOT NULL,
    upstream_us INTEGER
);
CREATE INDEX decisions_time ON decisions (time);

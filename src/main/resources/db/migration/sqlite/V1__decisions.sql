CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        TIMESTAMP NOT NULL,
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
CREATE INDEX decisions_request_id ON decisions (request_id);

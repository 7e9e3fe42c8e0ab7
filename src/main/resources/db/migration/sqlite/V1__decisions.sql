-- One row per request: the columns people filter on, and the decision-log JSON line as `record`
-- (query it with SQLite's JSON functions). Only the time index: a random-key index such as
-- request_id made every insert a random B-tree write; narrow by time first.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL, -- epoch milliseconds
    request_id  TEXT NOT NULL,
    route       TEXT,
    status      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    record      TEXT NOT NULL
);
CREATE INDEX decisions_time ON decisions (time);

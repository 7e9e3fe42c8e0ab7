-- Revoked tokens, subjects and sessions. An entry outlives the tokens it covers, then is swept.
CREATE TABLE revocations (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,     -- jti | sub | sid
    value          TEXT NOT NULL,
    issuer         TEXT,              -- null: tokens of every issuer
    issued_before  BIGINT,            -- kind sub only: tokens issued before this epoch second; null: all
    expires_at     BIGINT NOT NULL,   -- epoch millis
    created_at     BIGINT NOT NULL,   -- epoch millis
    reason         TEXT
);
CREATE INDEX revocations_expires ON revocations (expires_at);

-- Bumped with every change, so each node notices one with a single tiny read.
CREATE TABLE revocation_version (
    id       INTEGER PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO revocation_version (id, version) VALUES (1, 0);

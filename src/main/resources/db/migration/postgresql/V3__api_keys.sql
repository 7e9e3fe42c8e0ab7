-- API keys, stored only as HMAC-SHA-256(pepper, key). The key itself is shown once, at creation.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    hash          TEXT NOT NULL UNIQUE,  -- hex HMAC of the whole key
    prefix        TEXT NOT NULL,         -- the first characters, for people to recognise a key
    name          TEXT NOT NULL,
    owner         TEXT,
    scopes        TEXT NOT NULL,         -- space-separated
    plan          TEXT,
    created_at    BIGINT NOT NULL,       -- epoch millis
    expires_at    BIGINT,                -- null: no expiry
    revoked_at    BIGINT,                -- null: active; in the future: rotated, in its grace period
    replaced_by   TEXT,                  -- the key that rotated this one out
    last_used_at  BIGINT
);

CREATE TABLE api_key_version (
    id       INTEGER PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO api_key_version (id, version) VALUES (1, 0);

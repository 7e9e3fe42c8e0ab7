-- The API inventory: every endpoint discovery has seen (live traffic, logs), summed over all nodes.
-- Nodes add what they observed since their last write (read, merge, write in one transaction).
CREATE TABLE inventory_endpoints (
    host        TEXT NOT NULL,     -- '' when the source did not say
    method      TEXT NOT NULL,
    template    TEXT NOT NULL,     -- /orders/{id}
    count       BIGINT NOT NULL,
    first_seen  BIGINT NOT NULL,   -- epoch millis
    last_seen   BIGINT NOT NULL,
    detail      TEXT NOT NULL,     -- JSON: statuses, authentication, issuers, routes, sources
    PRIMARY KEY (host, method, template)
);

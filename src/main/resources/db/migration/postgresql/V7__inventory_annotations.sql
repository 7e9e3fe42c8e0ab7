-- What people decided about an endpoint, set through the admin API or `vigil inventory annotate`:
-- its owner, lifecycle and security review. An empty host applies to the endpoint on every host.
CREATE TABLE inventory_annotations (
    host        TEXT NOT NULL,
    method      TEXT NOT NULL,
    template    TEXT NOT NULL,
    owner       TEXT,
    lifecycle   TEXT,               -- active | deprecated | retired; null: as the spec says
    review      TEXT,               -- unreviewed | in_review | approved | rejected; null: unreviewed
    note        TEXT,
    updated_by  TEXT,
    updated_at  BIGINT NOT NULL,    -- epoch millis
    PRIMARY KEY (host, method, template)
);

-- API specs imported into the inventory (vigil inventory import), beside those attached to routes.
CREATE TABLE inventory_specs (
    name         TEXT PRIMARY KEY,   -- the file name it was imported from; importing again replaces it
    content      TEXT NOT NULL,      -- the OpenAPI 3.x or Swagger 2.0 document as imported
    owner        TEXT,               -- owner of operations that name none (x-owner)
    imported_at  BIGINT NOT NULL     -- epoch millis
);

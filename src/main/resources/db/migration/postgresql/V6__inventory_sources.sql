-- Endpoints known from outside the gateway: API specs imported into the inventory (vigil inventory import)
-- and endpoints found in source code.
CREATE TABLE inventory_specs (
    name         TEXT PRIMARY KEY,   -- the file name it was imported from; importing again replaces it
    content      TEXT NOT NULL,      -- the OpenAPI 3.x or Swagger 2.0 document as imported
    owner        TEXT,               -- owner of operations that name none (x-owner)
    imported_at  BIGINT NOT NULL     -- epoch millis
);

-- Endpoints declared in source code (vigil discover code --import): the last scan replaces the previous one.
CREATE TABLE inventory_code (
    method      TEXT NOT NULL,
    template    TEXT NOT NULL,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    language    TEXT NOT NULL,
    framework   TEXT NOT NULL,
    scanned_at  BIGINT NOT NULL   -- epoch millis
);

-- +goose Up
CREATE TABLE record_categories (
  code             TEXT     NOT NULL PRIMARY KEY,
  zh                TEXT     NOT NULL,
  en                TEXT     NOT NULL,
  document_required BOOLEAN  NOT NULL DEFAULT FALSE,
  positive          BOOLEAN  NOT NULL DEFAULT FALSE,
  sort_order        INTEGER  NOT NULL DEFAULT 0
);

CREATE TABLE record_codes (
  code       TEXT     NOT NULL PRIMARY KEY,
  category    TEXT     NOT NULL REFERENCES record_categories (code),
  zh          TEXT     NOT NULL,
  en          TEXT     NOT NULL,
  form        INTEGER  NOT NULL DEFAULT 0,
  repairable  BOOLEAN  NOT NULL DEFAULT FALSE,
  open_ended  BOOLEAN  NOT NULL DEFAULT FALSE,
  severity    TEXT     NOT NULL DEFAULT '',
  sort_order  INTEGER  NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL
);
CREATE INDEX idx_record_codes_category ON record_codes (category);

CREATE TABLE source_keys (
  id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  source_id    INTEGER  NOT NULL REFERENCES sources (id),
  name         TEXT     NOT NULL,
  prefix       TEXT     NOT NULL,
  key_hash     TEXT     NOT NULL,
  created_by   TEXT     NOT NULL DEFAULT '',
  created_at   DATETIME NOT NULL,
  last_used_at DATETIME NULL,
  revoked_at   DATETIME NULL
);
CREATE UNIQUE INDEX uq_source_keys_hash ON source_keys (key_hash);
CREATE INDEX idx_source_keys_source ON source_keys (source_id);

ALTER TABLE users ADD COLUMN source_id INTEGER NULL REFERENCES sources (id);

CREATE TABLE imports (
  id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  source_id   INTEGER  NOT NULL REFERENCES sources (id),
  created_by  TEXT     NOT NULL,
  filename    TEXT     NOT NULL,
  format      TEXT     NOT NULL,
  dry_run     BOOLEAN  NOT NULL,
  status      TEXT     NOT NULL,
  total       INTEGER  NOT NULL DEFAULT 0,
  accepted    INTEGER  NOT NULL DEFAULT 0,
  rejected    INTEGER  NOT NULL DEFAULT 0,
  created     INTEGER  NOT NULL DEFAULT 0,
  updated     INTEGER  NOT NULL DEFAULT 0,
  unchanged   INTEGER  NOT NULL DEFAULT 0,
  size_bytes  INTEGER  NOT NULL DEFAULT 0,
  read_bytes  INTEGER  NOT NULL DEFAULT 0,
  message     TEXT     NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL,
  finished_at DATETIME NULL
);
CREATE INDEX idx_imports_source ON imports (source_id, id);

CREATE TABLE import_errors (
  id         INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  import_id  INTEGER  NOT NULL REFERENCES imports (id),
  row_no      INTEGER  NOT NULL,
  field      TEXT     NOT NULL,
  message    TEXT     NOT NULL
);
CREATE INDEX idx_import_errors ON import_errors (import_id, row_no);

ALTER TABLE record_versions ADD COLUMN official_id INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE record_versions DROP COLUMN official_id;
DROP TABLE import_errors;
DROP TABLE imports;
ALTER TABLE users DROP COLUMN source_id;
DROP TABLE source_keys;
DROP TABLE record_codes;
DROP TABLE record_categories;

-- +goose Up
CREATE TABLE departments (
  id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  parent_id   INTEGER  NULL REFERENCES departments (id),
  code        TEXT     NOT NULL,
  name        TEXT     NOT NULL,
  name_en     TEXT     NOT NULL DEFAULT '',
  kind        TEXT     NOT NULL,
  path        TEXT     NOT NULL,
  depth       INTEGER  NOT NULL,
  sort_order  INTEGER  NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL,
  updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_departments_code ON departments (code);
CREATE INDEX idx_departments_path ON departments (path);
CREATE INDEX idx_departments_parent ON departments (parent_id);

CREATE TABLE officials (
  id               INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  department_id    INTEGER  NOT NULL REFERENCES departments (id),
  name             TEXT     NOT NULL,
  gender           TEXT     NOT NULL,
  birth_date       DATE     NOT NULL,
  id_number_enc    BLOB     NOT NULL,
  id_number_hash   TEXT     NOT NULL,
  id_number_masked TEXT     NOT NULL,
  post             TEXT     NOT NULL DEFAULT '',
  job_rank         TEXT     NOT NULL DEFAULT '',
  category         TEXT     NOT NULL,
  party_member     BOOLEAN  NOT NULL DEFAULT FALSE,
  status           TEXT     NOT NULL,
  version          INTEGER  NOT NULL DEFAULT 1,
  created_at       DATETIME NOT NULL,
  updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_officials_id_number_hash ON officials (id_number_hash);
CREATE INDEX idx_officials_department ON officials (department_id, id);
CREATE INDEX idx_officials_name ON officials (name);

CREATE TABLE sources (
  id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  code        TEXT     NOT NULL,
  name        TEXT     NOT NULL,
  name_en     TEXT     NOT NULL DEFAULT '',
  categories  TEXT     NOT NULL,
  created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_sources_code ON sources (code);

CREATE TABLE records (
  id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  official_id    INTEGER  NOT NULL REFERENCES officials (id),
  source_id      INTEGER  NOT NULL REFERENCES sources (id),
  source_ref     TEXT     NOT NULL,
  category       TEXT     NOT NULL,
  code           TEXT     NOT NULL,
  decision_date  DATE     NOT NULL,
  ended_on       DATE     NULL,
  document_no    TEXT     NOT NULL DEFAULT '',
  authority      TEXT     NOT NULL DEFAULT '',
  summary        TEXT     NOT NULL DEFAULT '',
  state          TEXT     NOT NULL,
  state_reason   TEXT     NOT NULL DEFAULT '',
  under_dispute  BOOLEAN  NOT NULL DEFAULT FALSE,
  repaired_on    DATE     NULL,
  version        INTEGER  NOT NULL DEFAULT 1,
  created_at     DATETIME NOT NULL,
  updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_records_source_ref ON records (source_id, source_ref);
CREATE INDEX idx_records_official ON records (official_id, decision_date);
CREATE INDEX idx_records_code ON records (category, code);

CREATE TABLE record_versions (
  id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  record_id      INTEGER  NOT NULL REFERENCES records (id),
  version        INTEGER  NOT NULL,
  category       TEXT     NOT NULL,
  code           TEXT     NOT NULL,
  decision_date  DATE     NOT NULL,
  ended_on       DATE     NULL,
  document_no    TEXT     NOT NULL DEFAULT '',
  authority      TEXT     NOT NULL DEFAULT '',
  summary        TEXT     NOT NULL DEFAULT '',
  state          TEXT     NOT NULL,
  state_reason   TEXT     NOT NULL DEFAULT '',
  changed_by     TEXT     NOT NULL DEFAULT '',
  change_reason  TEXT     NOT NULL DEFAULT '',
  created_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_record_versions ON record_versions (record_id, version);

-- +goose Down
DROP TABLE record_versions;
DROP TABLE records;
DROP TABLE sources;
DROP TABLE officials;
DROP TABLE departments;

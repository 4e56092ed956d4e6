-- +goose Up
-- PostgreSQL's schema: the same tables, columns and version numbers as the
-- MySQL and SQLite folders (a test compares them). Written for the
-- PostgreSQL-protocol engines too (openGauss, KingbaseES, Highgo): BIGSERIAL
-- rather than identity columns, VARCHAR rather than blank-padded CHAR,
-- TIMESTAMP(6) holding UTC as MySQL's DATETIME(6) does.
CREATE TABLE departments (
  id          BIGSERIAL PRIMARY KEY,
  parent_id   BIGINT       NULL,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(128) NOT NULL,
  name_en     VARCHAR(128) NOT NULL DEFAULT '',
  kind        VARCHAR(16)  NOT NULL,
  path        VARCHAR(255) NOT NULL,
  depth       INT          NOT NULL,
  sort_order  INT          NOT NULL DEFAULT 0,
  created_at  TIMESTAMP(6)  NOT NULL,
  updated_at  TIMESTAMP(6)  NOT NULL,
  CONSTRAINT uq_departments_code UNIQUE (code),
  CONSTRAINT fk_departments_parent FOREIGN KEY (parent_id) REFERENCES departments (id)
);
CREATE INDEX idx_departments_path ON departments (path);
CREATE INDEX idx_departments_parent ON departments (parent_id);

CREATE TABLE officials (
  id               BIGSERIAL PRIMARY KEY,
  department_id    BIGINT       NOT NULL,
  name             VARCHAR(64)  NOT NULL,
  gender           VARCHAR(1)      NOT NULL,
  birth_date       DATE         NOT NULL,
  id_number_enc    BYTEA NOT NULL,
  id_number_hash   VARCHAR(64)     NOT NULL,
  id_number_masked VARCHAR(18)  NOT NULL,
  post             VARCHAR(128) NOT NULL DEFAULT '',
  job_rank         VARCHAR(64)  NOT NULL DEFAULT '',
  category         VARCHAR(32)  NOT NULL,
  party_member     BOOLEAN      NOT NULL DEFAULT FALSE,
  status           VARCHAR(16)  NOT NULL,
  version          INT          NOT NULL DEFAULT 1,
  created_at       TIMESTAMP(6)  NOT NULL,
  updated_at       TIMESTAMP(6)  NOT NULL,
  CONSTRAINT uq_officials_id_number_hash UNIQUE (id_number_hash),
  CONSTRAINT fk_officials_department FOREIGN KEY (department_id) REFERENCES departments (id)
);
CREATE INDEX idx_officials_department ON officials (department_id, id);
CREATE INDEX idx_officials_name ON officials (name);

CREATE TABLE sources (
  id          BIGSERIAL PRIMARY KEY,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(128) NOT NULL,
  name_en     VARCHAR(128) NOT NULL DEFAULT '',
  categories  VARCHAR(512) NOT NULL,
  created_at  TIMESTAMP(6)  NOT NULL,
  CONSTRAINT uq_sources_code UNIQUE (code)
);

CREATE TABLE records (
  id             BIGSERIAL PRIMARY KEY,
  official_id    BIGINT        NOT NULL,
  source_id      BIGINT        NOT NULL,
  source_ref     VARCHAR(128)  NOT NULL,
  category       VARCHAR(32)   NOT NULL,
  code           VARCHAR(64)   NOT NULL,
  decision_date  DATE          NOT NULL,
  ended_on       DATE          NULL,
  document_no    VARCHAR(128)  NOT NULL DEFAULT '',
  authority      VARCHAR(128)  NOT NULL DEFAULT '',
  summary        VARCHAR(1000) NOT NULL DEFAULT '',
  state          VARCHAR(16)   NOT NULL,
  state_reason   VARCHAR(500)  NOT NULL DEFAULT '',
  under_dispute  BOOLEAN       NOT NULL DEFAULT FALSE,
  repaired_on    DATE          NULL,
  version        INT           NOT NULL DEFAULT 1,
  created_at     TIMESTAMP(6)   NOT NULL,
  updated_at     TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_records_source_ref UNIQUE (source_id, source_ref),
  CONSTRAINT fk_records_official FOREIGN KEY (official_id) REFERENCES officials (id),
  CONSTRAINT fk_records_source FOREIGN KEY (source_id) REFERENCES sources (id)
);
CREATE INDEX idx_records_official ON records (official_id, decision_date);
CREATE INDEX idx_records_code ON records (category, code);

CREATE TABLE record_versions (
  id             BIGSERIAL PRIMARY KEY,
  record_id      BIGINT        NOT NULL,
  version        INT           NOT NULL,
  category       VARCHAR(32)   NOT NULL,
  code           VARCHAR(64)   NOT NULL,
  decision_date  DATE          NOT NULL,
  ended_on       DATE          NULL,
  document_no    VARCHAR(128)  NOT NULL DEFAULT '',
  authority      VARCHAR(128)  NOT NULL DEFAULT '',
  summary        VARCHAR(1000) NOT NULL DEFAULT '',
  state          VARCHAR(16)   NOT NULL,
  state_reason   VARCHAR(500)  NOT NULL DEFAULT '',
  changed_by     VARCHAR(64)   NOT NULL DEFAULT '',
  change_reason  VARCHAR(500)  NOT NULL DEFAULT '',
  created_at     TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_record_versions UNIQUE (record_id, version),
  CONSTRAINT fk_record_versions_record FOREIGN KEY (record_id) REFERENCES records (id)
);

-- +goose Down
DROP TABLE record_versions;
DROP TABLE records;
DROP TABLE sources;
DROP TABLE officials;
DROP TABLE departments;

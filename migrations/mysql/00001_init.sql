-- +goose Up
CREATE TABLE departments (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id   BIGINT       NULL,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(128) NOT NULL,
  name_en     VARCHAR(128) NOT NULL DEFAULT '',
  kind        VARCHAR(16)  NOT NULL,
  path        VARCHAR(255) NOT NULL,
  depth       INT          NOT NULL,
  sort_order  INT          NOT NULL DEFAULT 0,
  created_at  DATETIME(6)  NOT NULL,
  updated_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_departments_code (code),
  KEY idx_departments_path (path),
  KEY idx_departments_parent (parent_id),
  CONSTRAINT fk_departments_parent FOREIGN KEY (parent_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE officials (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  department_id    BIGINT       NOT NULL,
  name             VARCHAR(64)  NOT NULL,
  gender           CHAR(1)      NOT NULL,
  birth_date       DATE         NOT NULL,
  id_number_enc    VARBINARY(96) NOT NULL,
  id_number_hash   CHAR(64)     NOT NULL,
  id_number_masked VARCHAR(18)  NOT NULL,
  post             VARCHAR(128) NOT NULL DEFAULT '',
  job_rank         VARCHAR(64)  NOT NULL DEFAULT '',
  category         VARCHAR(32)  NOT NULL,
  party_member     BOOLEAN      NOT NULL DEFAULT FALSE,
  status           VARCHAR(16)  NOT NULL,
  version          INT          NOT NULL DEFAULT 1,
  created_at       DATETIME(6)  NOT NULL,
  updated_at       DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_officials_id_number_hash (id_number_hash),
  KEY idx_officials_department (department_id, id),
  KEY idx_officials_name (name),
  CONSTRAINT fk_officials_department FOREIGN KEY (department_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sources (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(128) NOT NULL,
  name_en     VARCHAR(128) NOT NULL DEFAULT '',
  categories  VARCHAR(512) NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_sources_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE records (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
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
  created_at     DATETIME(6)   NOT NULL,
  updated_at     DATETIME(6)   NOT NULL,
  UNIQUE KEY uq_records_source_ref (source_id, source_ref),
  KEY idx_records_official (official_id, decision_date),
  KEY idx_records_code (category, code),
  CONSTRAINT fk_records_official FOREIGN KEY (official_id) REFERENCES officials (id),
  CONSTRAINT fk_records_source FOREIGN KEY (source_id) REFERENCES sources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE record_versions (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
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
  created_at     DATETIME(6)   NOT NULL,
  UNIQUE KEY uq_record_versions (record_id, version),
  CONSTRAINT fk_record_versions_record FOREIGN KEY (record_id) REFERENCES records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE record_versions;
DROP TABLE records;
DROP TABLE sources;
DROP TABLE officials;
DROP TABLE departments;

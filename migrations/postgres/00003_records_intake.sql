-- +goose Up
CREATE TABLE record_categories (
  code             VARCHAR(32)  NOT NULL PRIMARY KEY,
  zh                VARCHAR(64)  NOT NULL,
  en                VARCHAR(128) NOT NULL,
  document_required BOOLEAN      NOT NULL DEFAULT FALSE,
  positive          BOOLEAN      NOT NULL DEFAULT FALSE,
  sort_order        INT          NOT NULL DEFAULT 0
);

CREATE TABLE record_codes (
  code       VARCHAR(64)  NOT NULL PRIMARY KEY,
  category    VARCHAR(32)  NOT NULL,
  zh          VARCHAR(64)  NOT NULL,
  en          VARCHAR(128) NOT NULL,
  form        INT          NOT NULL DEFAULT 0,
  repairable  BOOLEAN      NOT NULL DEFAULT FALSE,
  open_ended  BOOLEAN      NOT NULL DEFAULT FALSE,
  severity    VARCHAR(16)  NOT NULL DEFAULT '',
  sort_order  INT          NOT NULL DEFAULT 0,
  created_at  TIMESTAMP(6)  NOT NULL,
  CONSTRAINT fk_record_codes_category FOREIGN KEY (category) REFERENCES record_categories (code)
);
CREATE INDEX idx_record_codes_category ON record_codes (category);

CREATE TABLE source_keys (
  id           BIGSERIAL PRIMARY KEY,
  source_id    BIGINT       NOT NULL,
  name         VARCHAR(64)  NOT NULL,
  prefix       VARCHAR(16)  NOT NULL,
  key_hash     VARCHAR(64)     NOT NULL,
  created_by   VARCHAR(64)  NOT NULL DEFAULT '',
  created_at   TIMESTAMP(6)  NOT NULL,
  last_used_at TIMESTAMP(6)  NULL,
  revoked_at   TIMESTAMP(6)  NULL,
  CONSTRAINT uq_source_keys_hash UNIQUE (key_hash),
  CONSTRAINT fk_source_keys_source FOREIGN KEY (source_id) REFERENCES sources (id)
);
CREATE INDEX idx_source_keys_source ON source_keys (source_id);

ALTER TABLE users ADD COLUMN source_id BIGINT NULL;
ALTER TABLE users ADD CONSTRAINT fk_users_source FOREIGN KEY (source_id) REFERENCES sources (id);

CREATE TABLE imports (
  id          BIGSERIAL PRIMARY KEY,
  source_id   BIGINT        NOT NULL,
  created_by  VARCHAR(64)   NOT NULL,
  filename    VARCHAR(255)  NOT NULL,
  format      VARCHAR(8)    NOT NULL,
  dry_run     BOOLEAN       NOT NULL,
  status      VARCHAR(16)   NOT NULL,
  total       INT           NOT NULL DEFAULT 0,
  accepted    INT           NOT NULL DEFAULT 0,
  rejected    INT           NOT NULL DEFAULT 0,
  created     INT           NOT NULL DEFAULT 0,
  updated     INT           NOT NULL DEFAULT 0,
  unchanged   INT           NOT NULL DEFAULT 0,
  size_bytes  BIGINT        NOT NULL DEFAULT 0,
  read_bytes  BIGINT        NOT NULL DEFAULT 0,
  message     VARCHAR(500)  NOT NULL DEFAULT '',
  created_at  TIMESTAMP(6)   NOT NULL,
  updated_at  TIMESTAMP(6)   NOT NULL,
  finished_at TIMESTAMP(6)   NULL,
  CONSTRAINT fk_imports_source FOREIGN KEY (source_id) REFERENCES sources (id)
);
CREATE INDEX idx_imports_source ON imports (source_id, id);

CREATE TABLE import_errors (
  id         BIGSERIAL PRIMARY KEY,
  import_id  BIGINT        NOT NULL,
  row_no      INT           NOT NULL,
  field      VARCHAR(64)   NOT NULL,
  message    VARCHAR(500)  NOT NULL,
  CONSTRAINT fk_import_errors_import FOREIGN KEY (import_id) REFERENCES imports (id)
);
CREATE INDEX idx_import_errors ON import_errors (import_id, row_no);

ALTER TABLE record_versions ADD COLUMN official_id BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE record_versions DROP COLUMN official_id;
DROP TABLE import_errors;
DROP TABLE imports;
ALTER TABLE users DROP CONSTRAINT fk_users_source;
ALTER TABLE users DROP COLUMN source_id;
DROP TABLE source_keys;
DROP TABLE record_codes;
DROP TABLE record_categories;

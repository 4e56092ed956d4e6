-- +goose Up
CREATE TABLE disputes (
  id                BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id         BIGINT         NOT NULL,
  official_id       BIGINT         NOT NULL,
  source_id         BIGINT         NOT NULL,
  reason            VARCHAR(4000)  NOT NULL,
  state             VARCHAR(16)    NOT NULL,
  due_on            DATE           NOT NULL,
  extended          BOOLEAN        NOT NULL DEFAULT FALSE,
  extension_reason  VARCHAR(1000)  NOT NULL DEFAULT '',
  extended_by       VARCHAR(64)    NOT NULL DEFAULT '',
  decided_by        VARCHAR(64)    NOT NULL DEFAULT '',
  decided_at        DATETIME(6)    NULL,
  decision_note     VARCHAR(4000)  NOT NULL DEFAULT '',
  new_version       INT            NOT NULL DEFAULT 0,
  version           INT            NOT NULL DEFAULT 1,
  created_at        DATETIME(6)    NOT NULL,
  updated_at        DATETIME(6)    NOT NULL,
  KEY idx_disputes_official (official_id, id),
  KEY idx_disputes_source (source_id, state, due_on),
  KEY idx_disputes_record (record_id, state),
  CONSTRAINT fk_disputes_record FOREIGN KEY (record_id) REFERENCES records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE repairs (
  id             BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id      BIGINT         NOT NULL,
  official_id    BIGINT         NOT NULL,
  source_id      BIGINT         NOT NULL,
  statement      VARCHAR(4000)  NOT NULL,
  commitment     VARCHAR(4000)  NOT NULL,
  state          VARCHAR(16)    NOT NULL,
  due_on         DATE           NOT NULL,
  decided_by     VARCHAR(64)    NOT NULL DEFAULT '',
  decided_at     DATETIME(6)    NULL,
  decision_note  VARCHAR(4000)  NOT NULL DEFAULT '',
  repaired_on    DATE           NULL,
  version        INT            NOT NULL DEFAULT 1,
  created_at     DATETIME(6)    NOT NULL,
  updated_at     DATETIME(6)    NOT NULL,
  KEY idx_repairs_official (official_id, id),
  KEY idx_repairs_source (source_id, state, due_on),
  KEY idx_repairs_record (record_id, state),
  CONSTRAINT fk_repairs_record FOREIGN KEY (record_id) REFERENCES records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE attachments (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_kind    VARCHAR(16)   NOT NULL,
  owner_id      BIGINT        NOT NULL,
  filename      VARCHAR(255)  NOT NULL,
  content_type  VARCHAR(64)   NOT NULL,
  size          BIGINT        NOT NULL,
  sha256        CHAR(64)      NOT NULL,
  stored_as     VARCHAR(128)  NOT NULL,
  created_at    DATETIME(6)   NOT NULL,
  KEY idx_attachments_owner (owner_kind, owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE reports (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code         VARCHAR(40)   NOT NULL,
  official_id  BIGINT        NOT NULL,
  issued_by    VARCHAR(64)   NOT NULL,
  via          VARCHAR(16)   NOT NULL,
  lookup_id    BIGINT        NULL,
  digest       CHAR(64)      NOT NULL,
  content      MEDIUMTEXT    NOT NULL,
  issued_at    DATETIME(6)   NOT NULL,
  UNIQUE KEY uq_reports_code (code),
  KEY idx_reports_official (official_id, id),
  CONSTRAINT fk_reports_official FOREIGN KEY (official_id) REFERENCES officials (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE reports;
DROP TABLE attachments;
DROP TABLE repairs;
DROP TABLE disputes;

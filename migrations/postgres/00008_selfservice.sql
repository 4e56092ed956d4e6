-- +goose Up
CREATE TABLE disputes (
  id                BIGSERIAL PRIMARY KEY,
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
  decided_at        TIMESTAMP(6)    NULL,
  decision_note     VARCHAR(4000)  NOT NULL DEFAULT '',
  new_version       INT            NOT NULL DEFAULT 0,
  version           INT            NOT NULL DEFAULT 1,
  created_at        TIMESTAMP(6)    NOT NULL,
  updated_at        TIMESTAMP(6)    NOT NULL,
  CONSTRAINT fk_disputes_record FOREIGN KEY (record_id) REFERENCES records (id)
);
CREATE INDEX idx_disputes_official ON disputes (official_id, id);
CREATE INDEX idx_disputes_source ON disputes (source_id, state, due_on);
CREATE INDEX idx_disputes_record ON disputes (record_id, state);

CREATE TABLE repairs (
  id             BIGSERIAL PRIMARY KEY,
  record_id      BIGINT         NOT NULL,
  official_id    BIGINT         NOT NULL,
  source_id      BIGINT         NOT NULL,
  statement      VARCHAR(4000)  NOT NULL,
  commitment     VARCHAR(4000)  NOT NULL,
  state          VARCHAR(16)    NOT NULL,
  due_on         DATE           NOT NULL,
  decided_by     VARCHAR(64)    NOT NULL DEFAULT '',
  decided_at     TIMESTAMP(6)    NULL,
  decision_note  VARCHAR(4000)  NOT NULL DEFAULT '',
  repaired_on    DATE           NULL,
  version        INT            NOT NULL DEFAULT 1,
  created_at     TIMESTAMP(6)    NOT NULL,
  updated_at     TIMESTAMP(6)    NOT NULL,
  CONSTRAINT fk_repairs_record FOREIGN KEY (record_id) REFERENCES records (id)
);
CREATE INDEX idx_repairs_official ON repairs (official_id, id);
CREATE INDEX idx_repairs_source ON repairs (source_id, state, due_on);
CREATE INDEX idx_repairs_record ON repairs (record_id, state);

CREATE TABLE attachments (
  id            BIGSERIAL PRIMARY KEY,
  owner_kind    VARCHAR(16)   NOT NULL,
  owner_id      BIGINT        NOT NULL,
  filename      VARCHAR(255)  NOT NULL,
  content_type  VARCHAR(64)   NOT NULL,
  size          BIGINT        NOT NULL,
  sha256        VARCHAR(64)      NOT NULL,
  stored_as     VARCHAR(128)  NOT NULL,
  created_at    TIMESTAMP(6)   NOT NULL
);
CREATE INDEX idx_attachments_owner ON attachments (owner_kind, owner_id);

CREATE TABLE reports (
  id           BIGSERIAL PRIMARY KEY,
  code         VARCHAR(40)   NOT NULL,
  official_id  BIGINT        NOT NULL,
  issued_by    VARCHAR(64)   NOT NULL,
  via          VARCHAR(16)   NOT NULL,
  lookup_id    BIGINT        NULL,
  digest       VARCHAR(64)      NOT NULL,
  content      TEXT    NOT NULL,
  issued_at    TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_reports_code UNIQUE (code),
  CONSTRAINT fk_reports_official FOREIGN KEY (official_id) REFERENCES officials (id)
);
CREATE INDEX idx_reports_official ON reports (official_id, id);

-- +goose Down
DROP TABLE reports;
DROP TABLE attachments;
DROP TABLE repairs;
DROP TABLE disputes;

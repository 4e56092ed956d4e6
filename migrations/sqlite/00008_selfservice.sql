-- +goose Up
CREATE TABLE disputes (
  id                INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  record_id         INTEGER  NOT NULL REFERENCES records (id),
  official_id       INTEGER  NOT NULL,
  source_id         INTEGER  NOT NULL,
  reason            TEXT     NOT NULL,
  state             TEXT     NOT NULL,
  due_on            DATE     NOT NULL,
  extended          BOOLEAN  NOT NULL DEFAULT FALSE,
  extension_reason  TEXT     NOT NULL DEFAULT '',
  extended_by       TEXT     NOT NULL DEFAULT '',
  decided_by        TEXT     NOT NULL DEFAULT '',
  decided_at        DATETIME NULL,
  decision_note     TEXT     NOT NULL DEFAULT '',
  new_version       INTEGER  NOT NULL DEFAULT 0,
  version           INTEGER  NOT NULL DEFAULT 1,
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL
);
CREATE INDEX idx_disputes_official ON disputes (official_id, id);
CREATE INDEX idx_disputes_source ON disputes (source_id, state, due_on);
CREATE INDEX idx_disputes_record ON disputes (record_id, state);

CREATE TABLE repairs (
  id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  record_id      INTEGER  NOT NULL REFERENCES records (id),
  official_id    INTEGER  NOT NULL,
  source_id      INTEGER  NOT NULL,
  statement      TEXT     NOT NULL,
  commitment     TEXT     NOT NULL,
  state          TEXT     NOT NULL,
  due_on         DATE     NOT NULL,
  decided_by     TEXT     NOT NULL DEFAULT '',
  decided_at     DATETIME NULL,
  decision_note  TEXT     NOT NULL DEFAULT '',
  repaired_on    DATE     NULL,
  version        INTEGER  NOT NULL DEFAULT 1,
  created_at     DATETIME NOT NULL,
  updated_at     DATETIME NOT NULL
);
CREATE INDEX idx_repairs_official ON repairs (official_id, id);
CREATE INDEX idx_repairs_source ON repairs (source_id, state, due_on);
CREATE INDEX idx_repairs_record ON repairs (record_id, state);

CREATE TABLE attachments (
  id            INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  owner_kind    TEXT     NOT NULL,
  owner_id      INTEGER  NOT NULL,
  filename      TEXT     NOT NULL,
  content_type  TEXT     NOT NULL,
  size          INTEGER  NOT NULL,
  sha256        TEXT     NOT NULL,
  stored_as     TEXT     NOT NULL,
  created_at    DATETIME NOT NULL
);
CREATE INDEX idx_attachments_owner ON attachments (owner_kind, owner_id);

CREATE TABLE reports (
  id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  code         TEXT     NOT NULL,
  official_id  INTEGER  NOT NULL REFERENCES officials (id),
  issued_by    TEXT     NOT NULL,
  via          TEXT     NOT NULL,
  lookup_id    INTEGER  NULL,
  digest       TEXT     NOT NULL,
  content      TEXT     NOT NULL,
  issued_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_reports_code ON reports (code);
CREATE INDEX idx_reports_official ON reports (official_id, id);

-- +goose Down
DROP TABLE reports;
DROP TABLE attachments;
DROP TABLE repairs;
DROP TABLE disputes;

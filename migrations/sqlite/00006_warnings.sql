-- +goose Up
CREATE TABLE warnings (
  id               INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  official_id      INTEGER  NOT NULL REFERENCES officials (id),
  rule             TEXT     NOT NULL,
  level            TEXT     NOT NULL,
  state            TEXT     NOT NULL,
  open_key         TEXT     NULL,
  record_ids       TEXT     NOT NULL,
  fingerprint      TEXT     NOT NULL,
  detail           TEXT     NOT NULL,
  policy_version   INTEGER  NOT NULL,
  raised_at        DATETIME NOT NULL,
  updated_at       DATETIME NOT NULL,
  acked_by         TEXT     NOT NULL DEFAULT '',
  acked_at         DATETIME NULL,
  resolved_by      TEXT     NOT NULL DEFAULT '',
  resolved_at      DATETIME NULL,
  resolution_note  TEXT     NOT NULL DEFAULT '',
  by_person        BOOLEAN  NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX uq_warnings_open ON warnings (open_key);
CREATE INDEX idx_warnings_official ON warnings (official_id, rule, id);
CREATE INDEX idx_warnings_state ON warnings (state, raised_at);
CREATE INDEX idx_warnings_raised ON warnings (raised_at);

-- +goose Down
DROP TABLE warnings;

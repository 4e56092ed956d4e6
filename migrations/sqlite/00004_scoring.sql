-- +goose Up
CREATE TABLE policy_versions (
  id            INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  kind          TEXT     NOT NULL,
  version       INTEGER  NOT NULL,
  status        TEXT     NOT NULL,
  body          TEXT     NOT NULL,
  note          TEXT     NOT NULL DEFAULT '',
  created_by    TEXT     NOT NULL DEFAULT '',
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  published_by  TEXT     NOT NULL DEFAULT '',
  published_at  DATETIME NULL
);
CREATE UNIQUE INDEX uq_policy_versions ON policy_versions (kind, version);
CREATE INDEX idx_policy_versions_status ON policy_versions (kind, status);

CREATE TABLE score_snapshots (
  official_id     INTEGER  NOT NULL PRIMARY KEY REFERENCES officials (id),
  score           INTEGER  NOT NULL,
  grade           TEXT     NOT NULL,
  policy_version  INTEGER  NOT NULL,
  forced_by       INTEGER  NULL,
  as_of           DATE     NOT NULL,
  computed_at     DATETIME NOT NULL
);
CREATE INDEX idx_score_snapshots_grade ON score_snapshots (grade);
CREATE INDEX idx_score_snapshots_version ON score_snapshots (policy_version);

CREATE TABLE score_outbox (
  official_id  INTEGER  NOT NULL PRIMARY KEY,
  enqueued_at  DATETIME NOT NULL
);

CREATE TABLE jobs (
  id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  kind         TEXT     NOT NULL,
  status       TEXT     NOT NULL,
  param        TEXT     NOT NULL DEFAULT '',
  total        INTEGER  NOT NULL DEFAULT 0,
  done         INTEGER  NOT NULL DEFAULT 0,
  cursor_id    INTEGER  NOT NULL DEFAULT 0,
  message      TEXT     NOT NULL DEFAULT '',
  result       TEXT     NULL,
  created_by   TEXT     NOT NULL DEFAULT '',
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL,
  finished_at  DATETIME NULL
);
CREATE INDEX idx_jobs_status ON jobs (status, id);

-- +goose Down
DROP TABLE jobs;
DROP TABLE score_outbox;
DROP TABLE score_snapshots;
DROP TABLE policy_versions;

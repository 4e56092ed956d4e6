-- +goose Up
CREATE TABLE policy_versions (
  id            BIGSERIAL PRIMARY KEY,
  kind          VARCHAR(16)   NOT NULL,
  version       INT           NOT NULL,
  status        VARCHAR(16)   NOT NULL,
  body          TEXT    NOT NULL,
  note          VARCHAR(500)  NOT NULL DEFAULT '',
  created_by    VARCHAR(64)   NOT NULL DEFAULT '',
  created_at    TIMESTAMP(6)   NOT NULL,
  updated_at    TIMESTAMP(6)   NOT NULL,
  published_by  VARCHAR(64)   NOT NULL DEFAULT '',
  published_at  TIMESTAMP(6)   NULL,
  CONSTRAINT uq_policy_versions UNIQUE (kind, version)
);
CREATE INDEX idx_policy_versions_status ON policy_versions (kind, status);

CREATE TABLE score_snapshots (
  official_id     BIGINT       NOT NULL PRIMARY KEY,
  score           BIGINT       NOT NULL,
  grade           VARCHAR(16)  NOT NULL,
  policy_version  INT          NOT NULL,
  forced_by       BIGINT       NULL,
  as_of           DATE         NOT NULL,
  computed_at     TIMESTAMP(6)  NOT NULL,
  CONSTRAINT fk_score_snapshots_official FOREIGN KEY (official_id) REFERENCES officials (id)
);
CREATE INDEX idx_score_snapshots_grade ON score_snapshots (grade);
CREATE INDEX idx_score_snapshots_version ON score_snapshots (policy_version);

CREATE TABLE score_outbox (
  official_id  BIGINT       NOT NULL PRIMARY KEY,
  enqueued_at  TIMESTAMP(6)  NOT NULL
);

CREATE TABLE jobs (
  id           BIGSERIAL PRIMARY KEY,
  kind         VARCHAR(32)   NOT NULL,
  status       VARCHAR(16)   NOT NULL,
  param        VARCHAR(255)  NOT NULL DEFAULT '',
  total        BIGINT        NOT NULL DEFAULT 0,
  done         BIGINT        NOT NULL DEFAULT 0,
  cursor_id    BIGINT        NOT NULL DEFAULT 0,
  message      VARCHAR(500)  NOT NULL DEFAULT '',
  result       TEXT    NULL,
  created_by   VARCHAR(64)   NOT NULL DEFAULT '',
  created_at   TIMESTAMP(6)   NOT NULL,
  updated_at   TIMESTAMP(6)   NOT NULL,
  finished_at  TIMESTAMP(6)   NULL
);
CREATE INDEX idx_jobs_status ON jobs (status, id);

-- +goose Down
DROP TABLE jobs;
DROP TABLE score_outbox;
DROP TABLE score_snapshots;
DROP TABLE policy_versions;

-- +goose Up
CREATE TABLE policy_versions (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          VARCHAR(16)   NOT NULL,
  version       INT           NOT NULL,
  status        VARCHAR(16)   NOT NULL,
  body          MEDIUMTEXT    NOT NULL,
  note          VARCHAR(500)  NOT NULL DEFAULT '',
  created_by    VARCHAR(64)   NOT NULL DEFAULT '',
  created_at    DATETIME(6)   NOT NULL,
  updated_at    DATETIME(6)   NOT NULL,
  published_by  VARCHAR(64)   NOT NULL DEFAULT '',
  published_at  DATETIME(6)   NULL,
  UNIQUE KEY uq_policy_versions (kind, version),
  KEY idx_policy_versions_status (kind, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE score_snapshots (
  official_id     BIGINT       NOT NULL PRIMARY KEY,
  score           BIGINT       NOT NULL,
  grade           VARCHAR(16)  NOT NULL,
  policy_version  INT          NOT NULL,
  forced_by       BIGINT       NULL,
  as_of           DATE         NOT NULL,
  computed_at     DATETIME(6)  NOT NULL,
  KEY idx_score_snapshots_grade (grade),
  KEY idx_score_snapshots_version (policy_version),
  CONSTRAINT fk_score_snapshots_official FOREIGN KEY (official_id) REFERENCES officials (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE score_outbox (
  official_id  BIGINT       NOT NULL PRIMARY KEY,
  enqueued_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE jobs (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind         VARCHAR(32)   NOT NULL,
  status       VARCHAR(16)   NOT NULL,
  param        VARCHAR(255)  NOT NULL DEFAULT '',
  total        BIGINT        NOT NULL DEFAULT 0,
  done         BIGINT        NOT NULL DEFAULT 0,
  cursor_id    BIGINT        NOT NULL DEFAULT 0,
  message      VARCHAR(500)  NOT NULL DEFAULT '',
  result       MEDIUMTEXT    NULL,
  created_by   VARCHAR(64)   NOT NULL DEFAULT '',
  created_at   DATETIME(6)   NOT NULL,
  updated_at   DATETIME(6)   NOT NULL,
  finished_at  DATETIME(6)   NULL,
  KEY idx_jobs_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE jobs;
DROP TABLE score_outbox;
DROP TABLE score_snapshots;
DROP TABLE policy_versions;

-- +goose Up
CREATE TABLE warnings (
  id               BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  official_id      BIGINT         NOT NULL,
  rule             VARCHAR(32)    NOT NULL,
  level            VARCHAR(16)    NOT NULL,
  state            VARCHAR(16)    NOT NULL,
  open_key         VARCHAR(64)    NULL,
  record_ids       TEXT           NOT NULL,
  fingerprint      TEXT           NOT NULL,
  detail           TEXT           NOT NULL,
  policy_version   INT            NOT NULL,
  raised_at        DATETIME(6)    NOT NULL,
  updated_at       DATETIME(6)    NOT NULL,
  acked_by         VARCHAR(64)    NOT NULL DEFAULT '',
  acked_at         DATETIME(6)    NULL,
  resolved_by      VARCHAR(64)    NOT NULL DEFAULT '',
  resolved_at      DATETIME(6)    NULL,
  resolution_note  VARCHAR(4000)  NOT NULL DEFAULT '',
  by_person        BOOLEAN        NOT NULL DEFAULT FALSE,
  UNIQUE KEY uq_warnings_open (open_key),
  KEY idx_warnings_official (official_id, rule, id),
  KEY idx_warnings_state (state, raised_at),
  KEY idx_warnings_raised (raised_at),
  CONSTRAINT fk_warnings_official FOREIGN KEY (official_id) REFERENCES officials (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE warnings;

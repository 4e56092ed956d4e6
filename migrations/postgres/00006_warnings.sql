-- +goose Up
CREATE TABLE warnings (
  id               BIGSERIAL PRIMARY KEY,
  official_id      BIGINT         NOT NULL,
  rule             VARCHAR(32)    NOT NULL,
  level            VARCHAR(16)    NOT NULL,
  state            VARCHAR(16)    NOT NULL,
  open_key         VARCHAR(64)    NULL,
  record_ids       TEXT           NOT NULL,
  fingerprint      TEXT           NOT NULL,
  detail           TEXT           NOT NULL,
  policy_version   INT            NOT NULL,
  raised_at        TIMESTAMP(6)    NOT NULL,
  updated_at       TIMESTAMP(6)    NOT NULL,
  acked_by         VARCHAR(64)    NOT NULL DEFAULT '',
  acked_at         TIMESTAMP(6)    NULL,
  resolved_by      VARCHAR(64)    NOT NULL DEFAULT '',
  resolved_at      TIMESTAMP(6)    NULL,
  resolution_note  VARCHAR(4000)  NOT NULL DEFAULT '',
  by_person        BOOLEAN        NOT NULL DEFAULT FALSE,
  CONSTRAINT uq_warnings_open UNIQUE (open_key),
  CONSTRAINT fk_warnings_official FOREIGN KEY (official_id) REFERENCES officials (id)
);
CREATE INDEX idx_warnings_official ON warnings (official_id, rule, id);
CREATE INDEX idx_warnings_state ON warnings (state, raised_at);
CREATE INDEX idx_warnings_raised ON warnings (raised_at);

-- +goose Down
DROP TABLE warnings;

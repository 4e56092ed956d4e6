-- +goose Up
CREATE TABLE users (
  id                   BIGSERIAL PRIMARY KEY,
  username             VARCHAR(64)   NOT NULL,
  display_name         VARCHAR(64)   NOT NULL DEFAULT '',
  password_hash        VARCHAR(255)  NOT NULL,
  department_id        BIGINT        NULL,
  official_id          BIGINT        NULL,
  enabled              BOOLEAN       NOT NULL DEFAULT TRUE,
  must_change_password BOOLEAN       NOT NULL DEFAULT FALSE,
  password_changed_at  TIMESTAMP(6)   NOT NULL,
  totp_secret_enc      BYTEA NULL,
  totp_enabled         BOOLEAN       NOT NULL DEFAULT FALSE,
  totp_last_step       BIGINT        NOT NULL DEFAULT 0,
  failed_logins        INT           NOT NULL DEFAULT 0,
  locked_until         TIMESTAMP(6)   NULL,
  last_login_at        TIMESTAMP(6)   NULL,
  version              INT           NOT NULL DEFAULT 1,
  created_at           TIMESTAMP(6)   NOT NULL,
  updated_at           TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_users_username UNIQUE (username),
  CONSTRAINT fk_users_department FOREIGN KEY (department_id) REFERENCES departments (id),
  CONSTRAINT fk_users_official FOREIGN KEY (official_id) REFERENCES officials (id)
);
CREATE INDEX idx_users_official ON users (official_id);

CREATE TABLE role_grants (
  id             BIGSERIAL PRIMARY KEY,
  user_id        BIGINT       NOT NULL,
  role           VARCHAR(32)  NOT NULL,
  scope          VARCHAR(16)  NOT NULL,
  department_id  BIGINT       NULL,
  created_at     TIMESTAMP(6)  NOT NULL,
  CONSTRAINT uq_role_grants UNIQUE (user_id, role),
  CONSTRAINT fk_role_grants_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_role_grants_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE TABLE sessions (
  id             VARCHAR(32)     NOT NULL PRIMARY KEY,
  user_id        BIGINT       NOT NULL,
  created_at     TIMESTAMP(6)  NOT NULL,
  last_used_at   TIMESTAMP(6)  NOT NULL,
  expires_at     TIMESTAMP(6)  NOT NULL,
  revoked_at     TIMESTAMP(6)  NULL,
  revoked_reason VARCHAR(64)  NOT NULL DEFAULT '',
  ip             VARCHAR(64)  NOT NULL DEFAULT '',
  user_agent     VARCHAR(255) NOT NULL DEFAULT '',
  CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX idx_sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
  id          BIGSERIAL PRIMARY KEY,
  session_id  VARCHAR(32)     NOT NULL,
  token_hash  VARCHAR(64)     NOT NULL,
  created_at  TIMESTAMP(6)  NOT NULL,
  expires_at  TIMESTAMP(6)  NOT NULL,
  used_at     TIMESTAMP(6)  NULL,
  CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash),
  CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES sessions (id)
);
CREATE INDEX idx_refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE recovery_codes (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT       NOT NULL,
  code_hash   VARCHAR(64)     NOT NULL,
  used_at     TIMESTAMP(6)  NULL,
  created_at  TIMESTAMP(6)  NOT NULL,
  CONSTRAINT uq_recovery_codes UNIQUE (user_id, code_hash),
  CONSTRAINT fk_recovery_codes_user FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE TABLE official_versions (
  id           BIGSERIAL PRIMARY KEY,
  official_id  BIGINT        NOT NULL,
  version      INT           NOT NULL,
  snapshot     TEXT          NOT NULL,
  changed_by   VARCHAR(64)   NOT NULL DEFAULT '',
  created_at   TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_official_versions UNIQUE (official_id, version),
  CONSTRAINT fk_official_versions_official FOREIGN KEY (official_id) REFERENCES officials (id)
);

CREATE TABLE audit_log (
  id           BIGINT        NOT NULL PRIMARY KEY,
  at           TIMESTAMP(6)   NOT NULL,
  actor        VARCHAR(64)   NOT NULL DEFAULT '',
  actor_id     BIGINT        NULL,
  role         VARCHAR(32)   NOT NULL DEFAULT '',
  ip           VARCHAR(64)   NOT NULL DEFAULT '',
  action       VARCHAR(64)   NOT NULL,
  target_type  VARCHAR(32)   NOT NULL DEFAULT '',
  target_id    VARCHAR(64)   NOT NULL DEFAULT '',
  outcome      VARCHAR(16)   NOT NULL,
  request_id   VARCHAR(64)   NOT NULL DEFAULT '',
  detail       TEXT          NOT NULL,
  prev_hash    VARCHAR(64)      NOT NULL,
  hash         VARCHAR(64)      NOT NULL
);
CREATE INDEX idx_audit_at ON audit_log (at);
CREATE INDEX idx_audit_actor ON audit_log (actor, id);
CREATE INDEX idx_audit_target ON audit_log (target_type, target_id, id);
CREATE INDEX idx_audit_action ON audit_log (action, id);

CREATE TABLE audit_head (
  id         INT          NOT NULL PRIMARY KEY,
  last_id    BIGINT       NOT NULL,
  last_hash  VARCHAR(64)     NOT NULL
);

INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE official_versions;
DROP TABLE recovery_codes;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE role_grants;
DROP TABLE users;

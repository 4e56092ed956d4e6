-- +goose Up
CREATE TABLE users (
  id                   INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  username             TEXT     NOT NULL,
  display_name         TEXT     NOT NULL DEFAULT '',
  password_hash        TEXT     NOT NULL,
  department_id        INTEGER  NULL REFERENCES departments (id),
  official_id          INTEGER  NULL REFERENCES officials (id),
  enabled              BOOLEAN  NOT NULL DEFAULT TRUE,
  must_change_password BOOLEAN  NOT NULL DEFAULT FALSE,
  password_changed_at  DATETIME NOT NULL,
  totp_secret_enc      BLOB     NULL,
  totp_enabled         BOOLEAN  NOT NULL DEFAULT FALSE,
  totp_last_step       INTEGER  NOT NULL DEFAULT 0,
  failed_logins        INTEGER  NOT NULL DEFAULT 0,
  locked_until         DATETIME NULL,
  last_login_at        DATETIME NULL,
  version              INTEGER  NOT NULL DEFAULT 1,
  created_at           DATETIME NOT NULL,
  updated_at           DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_users_username ON users (username);
CREATE INDEX idx_users_official ON users (official_id);

CREATE TABLE role_grants (
  id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id        INTEGER  NOT NULL REFERENCES users (id),
  role           TEXT     NOT NULL,
  scope          TEXT     NOT NULL,
  department_id  INTEGER  NULL REFERENCES departments (id),
  created_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_role_grants ON role_grants (user_id, role);

CREATE TABLE sessions (
  id             TEXT     NOT NULL PRIMARY KEY,
  user_id        INTEGER  NOT NULL REFERENCES users (id),
  created_at     DATETIME NOT NULL,
  last_used_at   DATETIME NOT NULL,
  expires_at     DATETIME NOT NULL,
  revoked_at     DATETIME NULL,
  revoked_reason TEXT     NOT NULL DEFAULT '',
  ip             TEXT     NOT NULL DEFAULT '',
  user_agent     TEXT     NOT NULL DEFAULT ''
);
CREATE INDEX idx_sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
  id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  session_id  TEXT     NOT NULL REFERENCES sessions (id),
  token_hash  TEXT     NOT NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL
);
CREATE UNIQUE INDEX uq_refresh_tokens_hash ON refresh_tokens (token_hash);
CREATE INDEX idx_refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE recovery_codes (
  id          INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id     INTEGER  NOT NULL REFERENCES users (id),
  code_hash   TEXT     NOT NULL,
  used_at     DATETIME NULL,
  created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_recovery_codes ON recovery_codes (user_id, code_hash);

CREATE TABLE official_versions (
  id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  official_id  INTEGER  NOT NULL REFERENCES officials (id),
  version      INTEGER  NOT NULL,
  snapshot     TEXT     NOT NULL,
  changed_by   TEXT     NOT NULL DEFAULT '',
  created_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_official_versions ON official_versions (official_id, version);

CREATE TABLE audit_log (
  id           INTEGER  NOT NULL PRIMARY KEY,
  at           DATETIME NOT NULL,
  actor        TEXT     NOT NULL DEFAULT '',
  actor_id     INTEGER  NULL,
  role         TEXT     NOT NULL DEFAULT '',
  ip           TEXT     NOT NULL DEFAULT '',
  action       TEXT     NOT NULL,
  target_type  TEXT     NOT NULL DEFAULT '',
  target_id    TEXT     NOT NULL DEFAULT '',
  outcome      TEXT     NOT NULL,
  request_id   TEXT     NOT NULL DEFAULT '',
  detail       TEXT     NOT NULL,
  prev_hash    TEXT     NOT NULL,
  hash         TEXT     NOT NULL
);
CREATE INDEX idx_audit_at ON audit_log (at);
CREATE INDEX idx_audit_actor ON audit_log (actor, id);
CREATE INDEX idx_audit_target ON audit_log (target_type, target_id, id);
CREATE INDEX idx_audit_action ON audit_log (action, id);

CREATE TABLE audit_head (
  id         INTEGER  NOT NULL PRIMARY KEY,
  last_id    INTEGER  NOT NULL,
  last_hash  TEXT     NOT NULL
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

-- +goose Up
CREATE TABLE users (
  id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username             VARCHAR(64)   NOT NULL,
  display_name         VARCHAR(64)   NOT NULL DEFAULT '',
  password_hash        VARCHAR(255)  NOT NULL,
  department_id        BIGINT        NULL,
  official_id          BIGINT        NULL,
  enabled              BOOLEAN       NOT NULL DEFAULT TRUE,
  must_change_password BOOLEAN       NOT NULL DEFAULT FALSE,
  password_changed_at  DATETIME(6)   NOT NULL,
  totp_secret_enc      VARBINARY(128) NULL,
  totp_enabled         BOOLEAN       NOT NULL DEFAULT FALSE,
  totp_last_step       BIGINT        NOT NULL DEFAULT 0,
  failed_logins        INT           NOT NULL DEFAULT 0,
  locked_until         DATETIME(6)   NULL,
  last_login_at        DATETIME(6)   NULL,
  version              INT           NOT NULL DEFAULT 1,
  created_at           DATETIME(6)   NOT NULL,
  updated_at           DATETIME(6)   NOT NULL,
  UNIQUE KEY uq_users_username (username),
  KEY idx_users_official (official_id),
  CONSTRAINT fk_users_department FOREIGN KEY (department_id) REFERENCES departments (id),
  CONSTRAINT fk_users_official FOREIGN KEY (official_id) REFERENCES officials (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE role_grants (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id        BIGINT       NOT NULL,
  role           VARCHAR(32)  NOT NULL,
  scope          VARCHAR(16)  NOT NULL,
  department_id  BIGINT       NULL,
  created_at     DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_role_grants (user_id, role),
  CONSTRAINT fk_role_grants_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_role_grants_department FOREIGN KEY (department_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  id             CHAR(32)     NOT NULL PRIMARY KEY,
  user_id        BIGINT       NOT NULL,
  created_at     DATETIME(6)  NOT NULL,
  last_used_at   DATETIME(6)  NOT NULL,
  expires_at     DATETIME(6)  NOT NULL,
  revoked_at     DATETIME(6)  NULL,
  revoked_reason VARCHAR(64)  NOT NULL DEFAULT '',
  ip             VARCHAR(64)  NOT NULL DEFAULT '',
  user_agent     VARCHAR(255) NOT NULL DEFAULT '',
  KEY idx_sessions_user (user_id),
  CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  session_id  CHAR(32)     NOT NULL,
  token_hash  CHAR(64)     NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  expires_at  DATETIME(6)  NOT NULL,
  used_at     DATETIME(6)  NULL,
  UNIQUE KEY uq_refresh_tokens_hash (token_hash),
  KEY idx_refresh_tokens_session (session_id),
  CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE recovery_codes (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT       NOT NULL,
  code_hash   CHAR(64)     NOT NULL,
  used_at     DATETIME(6)  NULL,
  created_at  DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_recovery_codes (user_id, code_hash),
  CONSTRAINT fk_recovery_codes_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE official_versions (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  official_id  BIGINT        NOT NULL,
  version      INT           NOT NULL,
  snapshot     TEXT          NOT NULL,
  changed_by   VARCHAR(64)   NOT NULL DEFAULT '',
  created_at   DATETIME(6)   NOT NULL,
  UNIQUE KEY uq_official_versions (official_id, version),
  CONSTRAINT fk_official_versions_official FOREIGN KEY (official_id) REFERENCES officials (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id           BIGINT        NOT NULL PRIMARY KEY,
  at           DATETIME(6)   NOT NULL,
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
  prev_hash    CHAR(64)      NOT NULL,
  hash         CHAR(64)      NOT NULL,
  KEY idx_audit_at (at),
  KEY idx_audit_actor (actor, id),
  KEY idx_audit_target (target_type, target_id, id),
  KEY idx_audit_action (action, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_head (
  id         INT          NOT NULL PRIMARY KEY,
  last_id    BIGINT       NOT NULL,
  last_hash  CHAR(64)     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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

-- +goose Up
CREATE TABLE api_clients (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(64)   NOT NULL,
  role           VARCHAR(32)   NOT NULL,
  department_id  BIGINT        NOT NULL,
  scope          VARCHAR(16)   NOT NULL,
  created_by     VARCHAR(64)   NOT NULL DEFAULT '',
  created_at     DATETIME(6)   NOT NULL,
  disabled_at    DATETIME(6)   NULL,
  UNIQUE KEY uq_api_clients_name (name),
  CONSTRAINT fk_api_clients_department FOREIGN KEY (department_id) REFERENCES departments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE client_keys (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id     BIGINT        NOT NULL,
  name          VARCHAR(64)   NOT NULL,
  prefix        VARCHAR(16)   NOT NULL,
  key_hash      VARCHAR(64)   NOT NULL,
  created_by    VARCHAR(64)   NOT NULL DEFAULT '',
  created_at    DATETIME(6)   NOT NULL,
  last_used_at  DATETIME(6)   NULL,
  revoked_at    DATETIME(6)   NULL,
  UNIQUE KEY uq_client_keys_hash (key_hash),
  KEY idx_client_keys_client (client_id),
  CONSTRAINT fk_client_keys_client FOREIGN KEY (client_id) REFERENCES api_clients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE eligibility_checks (
  id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  purpose              VARCHAR(32)   NOT NULL,
  as_of                DATE          NOT NULL,
  created_by           VARCHAR(64)   NOT NULL,
  user_id              BIGINT        NULL,
  client_id            BIGINT        NULL,
  origin               VARCHAR(16)   NOT NULL,
  filename             VARCHAR(255)  NOT NULL DEFAULT '',
  eligibility_version  INT           NOT NULL,
  scoring_version      INT           NOT NULL,
  input_digest         CHAR(64)      NOT NULL,
  total                INT           NOT NULL DEFAULT 0,
  eligible             INT           NOT NULL DEFAULT 0,
  ineligible           INT           NOT NULL DEFAULT 0,
  needs_review         INT           NOT NULL DEFAULT 0,
  not_found            INT           NOT NULL DEFAULT 0,
  created_at           DATETIME(6)   NOT NULL,
  KEY idx_eligibility_checks_user (user_id, id),
  KEY idx_eligibility_checks_client (client_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE eligibility_results (
  id               BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  check_id         BIGINT         NOT NULL,
  row_no           INT            NOT NULL,
  official_id      BIGINT         NULL,
  input_ref        VARCHAR(64)    NOT NULL,
  name             VARCHAR(64)    NOT NULL DEFAULT '',
  department_name  VARCHAR(128)   NOT NULL DEFAULT '',
  verdict          VARCHAR(16)    NOT NULL,
  reasons          MEDIUMTEXT     NOT NULL,
  eligible_from    DATE           NULL,
  score            BIGINT         NOT NULL DEFAULT 0,
  grade            VARCHAR(16)    NOT NULL DEFAULT '',
  inputs           MEDIUMTEXT     NOT NULL,
  outcome          VARCHAR(32)    NOT NULL DEFAULT '',
  outcome_note     VARCHAR(1000)  NOT NULL DEFAULT '',
  outcome_by       VARCHAR(64)    NOT NULL DEFAULT '',
  outcome_at       DATETIME(6)    NULL,
  UNIQUE KEY uq_eligibility_results_row (check_id, row_no),
  KEY idx_eligibility_results_verdict (check_id, verdict),
  KEY idx_eligibility_results_outcome (outcome, check_id),
  CONSTRAINT fk_eligibility_results_check FOREIGN KEY (check_id) REFERENCES eligibility_checks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE eligibility_results;
DROP TABLE eligibility_checks;
DROP TABLE client_keys;
DROP TABLE api_clients;

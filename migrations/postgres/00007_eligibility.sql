-- +goose Up
CREATE TABLE api_clients (
  id             BIGSERIAL PRIMARY KEY,
  name           VARCHAR(64)   NOT NULL,
  role           VARCHAR(32)   NOT NULL,
  department_id  BIGINT        NOT NULL,
  scope          VARCHAR(16)   NOT NULL,
  created_by     VARCHAR(64)   NOT NULL DEFAULT '',
  created_at     TIMESTAMP(6)   NOT NULL,
  disabled_at    TIMESTAMP(6)   NULL,
  CONSTRAINT uq_api_clients_name UNIQUE (name),
  CONSTRAINT fk_api_clients_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE TABLE client_keys (
  id            BIGSERIAL PRIMARY KEY,
  client_id     BIGINT        NOT NULL,
  name          VARCHAR(64)   NOT NULL,
  prefix        VARCHAR(16)   NOT NULL,
  key_hash      VARCHAR(64)   NOT NULL,
  created_by    VARCHAR(64)   NOT NULL DEFAULT '',
  created_at    TIMESTAMP(6)   NOT NULL,
  last_used_at  TIMESTAMP(6)   NULL,
  revoked_at    TIMESTAMP(6)   NULL,
  CONSTRAINT uq_client_keys_hash UNIQUE (key_hash),
  CONSTRAINT fk_client_keys_client FOREIGN KEY (client_id) REFERENCES api_clients (id)
);
CREATE INDEX idx_client_keys_client ON client_keys (client_id);

CREATE TABLE eligibility_checks (
  id                   BIGSERIAL PRIMARY KEY,
  purpose              VARCHAR(32)   NOT NULL,
  as_of                DATE          NOT NULL,
  created_by           VARCHAR(64)   NOT NULL,
  user_id              BIGINT        NULL,
  client_id            BIGINT        NULL,
  origin               VARCHAR(16)   NOT NULL,
  filename             VARCHAR(255)  NOT NULL DEFAULT '',
  eligibility_version  INT           NOT NULL,
  scoring_version      INT           NOT NULL,
  input_digest         VARCHAR(64)      NOT NULL,
  total                INT           NOT NULL DEFAULT 0,
  eligible             INT           NOT NULL DEFAULT 0,
  ineligible           INT           NOT NULL DEFAULT 0,
  needs_review         INT           NOT NULL DEFAULT 0,
  not_found            INT           NOT NULL DEFAULT 0,
  created_at           TIMESTAMP(6)   NOT NULL
);
CREATE INDEX idx_eligibility_checks_user ON eligibility_checks (user_id, id);
CREATE INDEX idx_eligibility_checks_client ON eligibility_checks (client_id, id);

CREATE TABLE eligibility_results (
  id               BIGSERIAL PRIMARY KEY,
  check_id         BIGINT         NOT NULL,
  row_no           INT            NOT NULL,
  official_id      BIGINT         NULL,
  input_ref        VARCHAR(64)    NOT NULL,
  name             VARCHAR(64)    NOT NULL DEFAULT '',
  department_name  VARCHAR(128)   NOT NULL DEFAULT '',
  verdict          VARCHAR(16)    NOT NULL,
  reasons          TEXT     NOT NULL,
  eligible_from    DATE           NULL,
  score            BIGINT         NOT NULL DEFAULT 0,
  grade            VARCHAR(16)    NOT NULL DEFAULT '',
  inputs           TEXT     NOT NULL,
  outcome          VARCHAR(32)    NOT NULL DEFAULT '',
  outcome_note     VARCHAR(1000)  NOT NULL DEFAULT '',
  outcome_by       VARCHAR(64)    NOT NULL DEFAULT '',
  outcome_at       TIMESTAMP(6)    NULL,
  CONSTRAINT uq_eligibility_results_row UNIQUE (check_id, row_no),
  CONSTRAINT fk_eligibility_results_check FOREIGN KEY (check_id) REFERENCES eligibility_checks (id)
);
CREATE INDEX idx_eligibility_results_verdict ON eligibility_results (check_id, verdict);
CREATE INDEX idx_eligibility_results_outcome ON eligibility_results (outcome, check_id);

-- +goose Down
DROP TABLE eligibility_results;
DROP TABLE eligibility_checks;
DROP TABLE client_keys;
DROP TABLE api_clients;

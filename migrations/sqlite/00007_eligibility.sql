-- +goose Up
CREATE TABLE api_clients (
  id             INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  name           TEXT     NOT NULL,
  role           TEXT     NOT NULL,
  department_id  INTEGER  NOT NULL REFERENCES departments (id),
  scope          TEXT     NOT NULL,
  created_by     TEXT     NOT NULL DEFAULT '',
  created_at     DATETIME NOT NULL,
  disabled_at    DATETIME NULL
);
CREATE UNIQUE INDEX uq_api_clients_name ON api_clients (name);

CREATE TABLE client_keys (
  id            INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  client_id     INTEGER  NOT NULL REFERENCES api_clients (id),
  name          TEXT     NOT NULL,
  prefix        TEXT     NOT NULL,
  key_hash      TEXT     NOT NULL,
  created_by    TEXT     NOT NULL DEFAULT '',
  created_at    DATETIME NOT NULL,
  last_used_at  DATETIME NULL,
  revoked_at    DATETIME NULL
);
CREATE UNIQUE INDEX uq_client_keys_hash ON client_keys (key_hash);
CREATE INDEX idx_client_keys_client ON client_keys (client_id);

CREATE TABLE eligibility_checks (
  id                   INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  purpose              TEXT     NOT NULL,
  as_of                DATE     NOT NULL,
  created_by           TEXT     NOT NULL,
  user_id              INTEGER  NULL,
  client_id            INTEGER  NULL,
  origin               TEXT     NOT NULL,
  filename             TEXT     NOT NULL DEFAULT '',
  eligibility_version  INTEGER  NOT NULL,
  scoring_version      INTEGER  NOT NULL,
  input_digest         TEXT     NOT NULL,
  total                INTEGER  NOT NULL DEFAULT 0,
  eligible             INTEGER  NOT NULL DEFAULT 0,
  ineligible           INTEGER  NOT NULL DEFAULT 0,
  needs_review         INTEGER  NOT NULL DEFAULT 0,
  not_found            INTEGER  NOT NULL DEFAULT 0,
  created_at           DATETIME NOT NULL
);
CREATE INDEX idx_eligibility_checks_user ON eligibility_checks (user_id, id);
CREATE INDEX idx_eligibility_checks_client ON eligibility_checks (client_id, id);

CREATE TABLE eligibility_results (
  id               INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  check_id         INTEGER  NOT NULL REFERENCES eligibility_checks (id),
  row_no           INTEGER  NOT NULL,
  official_id      INTEGER  NULL,
  input_ref        TEXT     NOT NULL,
  name             TEXT     NOT NULL DEFAULT '',
  department_name  TEXT     NOT NULL DEFAULT '',
  verdict          TEXT     NOT NULL,
  reasons          TEXT     NOT NULL,
  eligible_from    DATE     NULL,
  score            INTEGER  NOT NULL DEFAULT 0,
  grade            TEXT     NOT NULL DEFAULT '',
  inputs           TEXT     NOT NULL,
  outcome          TEXT     NOT NULL DEFAULT '',
  outcome_note     TEXT     NOT NULL DEFAULT '',
  outcome_by       TEXT     NOT NULL DEFAULT '',
  outcome_at       DATETIME NULL
);
CREATE UNIQUE INDEX uq_eligibility_results_row ON eligibility_results (check_id, row_no);
CREATE INDEX idx_eligibility_results_verdict ON eligibility_results (check_id, verdict);
CREATE INDEX idx_eligibility_results_outcome ON eligibility_results (outcome, check_id);

-- +goose Down
DROP TABLE eligibility_results;
DROP TABLE eligibility_checks;
DROP TABLE client_keys;
DROP TABLE api_clients;

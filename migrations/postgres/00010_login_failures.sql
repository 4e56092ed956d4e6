-- +goose Up
-- Failed sign-ins under usernames that name no account, keyed by the
-- username's blind index: they lock out like a real account's, so the
-- answers do not tell which usernames exist.
CREATE TABLE login_failures (
  name_hash    VARCHAR(64)      NOT NULL PRIMARY KEY,
  failures     INT           NOT NULL,
  locked_until TIMESTAMP(6)   NULL,
  updated_at   TIMESTAMP(6)   NOT NULL
);
CREATE INDEX idx_login_failures_updated ON login_failures (updated_at);

-- +goose Down
DROP TABLE login_failures;

-- +goose Up
-- Failed sign-ins under usernames that name no account, keyed by the
-- username's blind index: they lock out like a real account's, so the
-- answers do not tell which usernames exist.
CREATE TABLE login_failures (
  name_hash    CHAR(64)      NOT NULL PRIMARY KEY,
  failures     INT           NOT NULL,
  locked_until DATETIME(6)   NULL,
  updated_at   DATETIME(6)   NOT NULL,
  KEY idx_login_failures_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE login_failures;

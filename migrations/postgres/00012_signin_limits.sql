-- +goose Up
-- Sign-in failures count per account, per account and client address, and
-- per address (docs/SECURITY.md). A pair's counter names the account's, so
-- that lifting an account's lockout lifts its pairs too.
ALTER TABLE login_failures ADD COLUMN account_hash VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX idx_login_failures_account ON login_failures (account_hash);

-- +goose Down
DROP INDEX idx_login_failures_account;
ALTER TABLE login_failures DROP COLUMN account_hash;

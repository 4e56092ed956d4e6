-- +goose Up
-- An integrity report is valid until a day, and its issuer may revoke it
-- with a reason; the public verification says both.
ALTER TABLE reports ADD COLUMN valid_until DATE NULL;
ALTER TABLE reports ADD COLUMN revoked_at DATETIME NULL;
ALTER TABLE reports ADD COLUMN revoke_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reports DROP COLUMN revoke_reason;
ALTER TABLE reports DROP COLUMN revoked_at;
ALTER TABLE reports DROP COLUMN valid_until;

-- +goose Up
-- An integrity report is valid until a day, and its issuer may revoke it
-- with a reason; the public verification says both.
ALTER TABLE reports
  ADD COLUMN valid_until DATE NULL,
  ADD COLUMN revoked_at TIMESTAMP(6) NULL,
  ADD COLUMN revoke_reason VARCHAR(500) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE reports DROP COLUMN revoke_reason, DROP COLUMN revoked_at, DROP COLUMN valid_until;

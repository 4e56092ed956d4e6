-- +goose Up
-- The audit chain is keyed: each entry names the algorithm its hash was
-- computed with (0 unkeyed SHA-256 for entries written before this
-- version, 1 HMAC-SHA256, 2 HMAC-SM3). crypto_state records which
-- algorithm set the data at rest is sealed under (standard or gm), so that
-- a server configured for the other set refuses to start until
-- `integrity crypto migrate` has moved every row.
ALTER TABLE audit_log ADD COLUMN alg SMALLINT NOT NULL DEFAULT 0;

CREATE TABLE crypto_state (
  id    INT          NOT NULL PRIMARY KEY,
  mode  VARCHAR(32)  NOT NULL
);

INSERT INTO crypto_state (id, mode) VALUES (1, 'standard');

-- +goose Down
DROP TABLE crypto_state;
ALTER TABLE audit_log DROP COLUMN alg;

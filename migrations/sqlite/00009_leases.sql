-- +goose Up
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_until DATETIME NULL;

CREATE TABLE leases (
  name   TEXT     NOT NULL PRIMARY KEY,
  owner  TEXT     NOT NULL,
  until  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE leases;
ALTER TABLE jobs DROP COLUMN lease_until;
ALTER TABLE jobs DROP COLUMN owner;

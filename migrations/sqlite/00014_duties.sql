-- +goose Up
-- Three administrators (docs/SECURITY.md). A grant of a role that opens
-- files or administers waits in grant_requests for a second security
-- administrator. An account's first password is set by its owner with an
-- activation code in two halves: one handed out by whoever created (or
-- reset) the account, the other by a security administrator, so neither
-- administrator alone holds a credential that signs in as it.
ALTER TABLE users ADD COLUMN activation_a_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN activation_a_by INTEGER NULL;
ALTER TABLE users ADD COLUMN activation_b_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN activation_until DATETIME NULL;

CREATE TABLE grant_requests (
  id            INTEGER   NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id       INTEGER   NOT NULL REFERENCES users (id),
  grants        TEXT      NOT NULL,
  needs         TEXT      NOT NULL,
  state         TEXT      NOT NULL,
  requested_by  INTEGER   NOT NULL,
  requested_at  DATETIME  NOT NULL,
  decided_by    INTEGER   NULL,
  decided_at    DATETIME  NULL,
  reason        TEXT      NOT NULL DEFAULT ''
);
CREATE INDEX idx_grant_requests_state ON grant_requests (state, id);
CREATE INDEX idx_grant_requests_user ON grant_requests (user_id, id);

-- +goose Down
DROP TABLE grant_requests;
ALTER TABLE users DROP COLUMN activation_until;
ALTER TABLE users DROP COLUMN activation_b_hash;
ALTER TABLE users DROP COLUMN activation_a_by;
ALTER TABLE users DROP COLUMN activation_a_hash;

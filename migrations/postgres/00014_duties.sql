-- +goose Up
-- Three administrators (docs/SECURITY.md). A grant of a role that opens
-- files or administers waits in grant_requests for a second security
-- administrator. An account's first password is set by its owner with an
-- activation code in two halves: one handed out by whoever created (or
-- reset) the account, the other by a security administrator, so neither
-- administrator alone holds a credential that signs in as it.
ALTER TABLE users ADD COLUMN activation_a_hash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN activation_a_by BIGINT NULL;
ALTER TABLE users ADD COLUMN activation_b_hash VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN activation_until TIMESTAMP(6) NULL;

CREATE TABLE grant_requests (
  id            BIGSERIAL PRIMARY KEY,
  user_id       BIGINT        NOT NULL,
  grants        TEXT          NOT NULL,
  needs         VARCHAR(255)  NOT NULL,
  state         VARCHAR(16)   NOT NULL,
  requested_by  BIGINT        NOT NULL,
  requested_at  TIMESTAMP(6)   NOT NULL,
  decided_by    BIGINT        NULL,
  decided_at    TIMESTAMP(6)   NULL,
  reason        VARCHAR(500)  NOT NULL DEFAULT '',
  CONSTRAINT fk_grant_requests_user FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX idx_grant_requests_state ON grant_requests (state, id);
CREATE INDEX idx_grant_requests_user ON grant_requests (user_id, id);

-- +goose Down
DROP TABLE grant_requests;
ALTER TABLE users DROP COLUMN activation_until;
ALTER TABLE users DROP COLUMN activation_b_hash;
ALTER TABLE users DROP COLUMN activation_a_by;
ALTER TABLE users DROP COLUMN activation_a_hash;

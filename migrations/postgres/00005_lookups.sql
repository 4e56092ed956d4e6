-- +goose Up
CREATE TABLE lookups (
  id              BIGSERIAL PRIMARY KEY,
  requester_id    BIGINT         NOT NULL,
  requester       VARCHAR(64)    NOT NULL,
  purpose         VARCHAR(32)    NOT NULL,
  confidential    BOOLEAN        NOT NULL DEFAULT FALSE,
  reason          VARCHAR(4000)  NOT NULL,
  legal_basis     VARCHAR(800)   NOT NULL DEFAULT '',
  modules         VARCHAR(255)   NOT NULL,
  requested_days  INT            NOT NULL DEFAULT 0,
  granted         VARCHAR(255)   NOT NULL DEFAULT '',
  state           VARCHAR(16)    NOT NULL,
  pending_until   TIMESTAMP(6)    NOT NULL,
  access_from     TIMESTAMP(6)    NULL,
  access_until    TIMESTAMP(6)    NULL,
  decided_by      VARCHAR(64)    NOT NULL DEFAULT '',
  decided_at      TIMESTAMP(6)    NULL,
  decision_note   VARCHAR(4000)  NOT NULL DEFAULT '',
  revoked_by      VARCHAR(64)    NOT NULL DEFAULT '',
  revoked_at      TIMESTAMP(6)    NULL,
  revoke_reason   VARCHAR(4000)  NOT NULL DEFAULT '',
  policy_version  INT            NOT NULL,
  views           INT            NOT NULL DEFAULT 0,
  last_viewed_at  TIMESTAMP(6)    NULL,
  version         INT            NOT NULL DEFAULT 1,
  created_at      TIMESTAMP(6)    NOT NULL,
  updated_at      TIMESTAMP(6)    NOT NULL,
  CONSTRAINT fk_lookups_requester FOREIGN KEY (requester_id) REFERENCES users (id)
);
CREATE INDEX idx_lookups_requester ON lookups (requester_id, id);
CREATE INDEX idx_lookups_state ON lookups (state, pending_until);
CREATE INDEX idx_lookups_access ON lookups (state, access_until);

CREATE TABLE lookup_officials (
  lookup_id    BIGINT  NOT NULL,
  official_id  BIGINT  NOT NULL,
  PRIMARY KEY (lookup_id, official_id),
  CONSTRAINT fk_lookup_officials_lookup FOREIGN KEY (lookup_id) REFERENCES lookups (id),
  CONSTRAINT fk_lookup_officials_official FOREIGN KEY (official_id) REFERENCES officials (id)
);
CREATE INDEX idx_lookup_officials_official ON lookup_officials (official_id, lookup_id);

CREATE TABLE lookup_approvals (
  id           BIGSERIAL PRIMARY KEY,
  lookup_id    BIGINT         NOT NULL,
  approver_id  BIGINT         NOT NULL,
  approver     VARCHAR(64)    NOT NULL,
  modules      VARCHAR(255)   NOT NULL,
  days         INT            NOT NULL,
  note         VARCHAR(4000)  NOT NULL DEFAULT '',
  created_at   TIMESTAMP(6)    NOT NULL,
  CONSTRAINT uq_lookup_approvals UNIQUE (lookup_id, approver_id),
  CONSTRAINT fk_lookup_approvals_lookup FOREIGN KEY (lookup_id) REFERENCES lookups (id)
);

-- +goose Down
DROP TABLE lookup_approvals;
DROP TABLE lookup_officials;
DROP TABLE lookups;

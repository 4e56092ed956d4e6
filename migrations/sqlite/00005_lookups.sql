-- +goose Up
CREATE TABLE lookups (
  id              INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  requester_id    INTEGER  NOT NULL REFERENCES users (id),
  requester       TEXT     NOT NULL,
  purpose         TEXT     NOT NULL,
  confidential    BOOLEAN  NOT NULL DEFAULT FALSE,
  reason          TEXT     NOT NULL,
  legal_basis     TEXT     NOT NULL DEFAULT '',
  modules         TEXT     NOT NULL,
  requested_days  INTEGER  NOT NULL DEFAULT 0,
  granted         TEXT     NOT NULL DEFAULT '',
  state           TEXT     NOT NULL,
  pending_until   DATETIME NOT NULL,
  access_from     DATETIME NULL,
  access_until    DATETIME NULL,
  decided_by      TEXT     NOT NULL DEFAULT '',
  decided_at      DATETIME NULL,
  decision_note   TEXT     NOT NULL DEFAULT '',
  revoked_by      TEXT     NOT NULL DEFAULT '',
  revoked_at      DATETIME NULL,
  revoke_reason   TEXT     NOT NULL DEFAULT '',
  policy_version  INTEGER  NOT NULL,
  views           INTEGER  NOT NULL DEFAULT 0,
  last_viewed_at  DATETIME NULL,
  version         INTEGER  NOT NULL DEFAULT 1,
  created_at      DATETIME NOT NULL,
  updated_at      DATETIME NOT NULL
);
CREATE INDEX idx_lookups_requester ON lookups (requester_id, id);
CREATE INDEX idx_lookups_state ON lookups (state, pending_until);
CREATE INDEX idx_lookups_access ON lookups (state, access_until);

CREATE TABLE lookup_officials (
  lookup_id    INTEGER  NOT NULL REFERENCES lookups (id),
  official_id  INTEGER  NOT NULL REFERENCES officials (id),
  PRIMARY KEY (lookup_id, official_id)
);
CREATE INDEX idx_lookup_officials_official ON lookup_officials (official_id, lookup_id);

CREATE TABLE lookup_approvals (
  id           INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  lookup_id    INTEGER  NOT NULL REFERENCES lookups (id),
  approver_id  INTEGER  NOT NULL,
  approver     TEXT     NOT NULL,
  modules      TEXT     NOT NULL,
  days         INTEGER  NOT NULL,
  note         TEXT     NOT NULL DEFAULT '',
  created_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_lookup_approvals ON lookup_approvals (lookup_id, approver_id);

-- +goose Down
DROP TABLE lookup_approvals;
DROP TABLE lookup_officials;
DROP TABLE lookups;

-- +goose Up
-- Integrity opinions (廉政意见回复): the organisation department's requests
-- (征求廉政意见函) with their candidates, and the commission's signed,
-- numbered replies. opinion_numbers keeps each year's last reply number, so
-- that numbers run without gaps or repeats.
CREATE TABLE opinion_requests (
  id                  INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  purpose             TEXT     NOT NULL,
  document_no         TEXT     NOT NULL,
  recipient           TEXT     NOT NULL,
  department_id       INTEGER  NOT NULL REFERENCES departments (id),
  requested_by        INTEGER  NOT NULL REFERENCES users (id),
  requester           TEXT     NOT NULL,
  due_on              DATE     NOT NULL,
  state               TEXT     NOT NULL,
  candidates          INTEGER  NOT NULL DEFAULT 0,
  as_of               DATE     NULL,
  drafted_by_id       INTEGER  NULL,
  drafted_by          TEXT     NOT NULL DEFAULT '',
  drafted_at          DATETIME NULL,
  signer1_id          INTEGER  NULL,
  signer1             TEXT     NOT NULL DEFAULT '',
  signed1_at          DATETIME NULL,
  signer2_id          INTEGER  NULL,
  signer2             TEXT     NOT NULL DEFAULT '',
  signed2_at          DATETIME NULL,
  reply_year          INTEGER  NULL,
  reply_seq           INTEGER  NULL,
  reply_no            TEXT     NOT NULL DEFAULT '',
  replied_at          DATETIME NULL,
  reply_code          TEXT     NULL,
  reply_digest        TEXT     NOT NULL DEFAULT '',
  reply_content       TEXT     NOT NULL DEFAULT '',
  version             INTEGER  NOT NULL DEFAULT 1,
  created_at          DATETIME NOT NULL,
  updated_at          DATETIME NOT NULL
);
CREATE INDEX idx_opinion_requests_state ON opinion_requests (state, due_on);
CREATE INDEX idx_opinion_requests_requester ON opinion_requests (requested_by, id);
CREATE UNIQUE INDEX uq_opinion_requests_number ON opinion_requests (reply_year, reply_seq);
CREATE UNIQUE INDEX uq_opinion_requests_code ON opinion_requests (reply_code);

CREATE TABLE opinion_candidates (
  id                 INTEGER  NOT NULL PRIMARY KEY AUTOINCREMENT,
  request_id         INTEGER  NOT NULL REFERENCES opinion_requests (id),
  row_no             INTEGER  NOT NULL,
  official_id        INTEGER  NULL REFERENCES officials (id),
  input_ref          TEXT     NOT NULL,
  name               TEXT     NOT NULL,
  department_name    TEXT     NOT NULL DEFAULT '',
  verdict            TEXT     NOT NULL DEFAULT '',
  reasons            TEXT     NOT NULL DEFAULT '[]',
  matters            TEXT     NOT NULL DEFAULT '[]',
  proposed           TEXT     NOT NULL DEFAULT '',
  conclusion         TEXT     NOT NULL DEFAULT '',
  conclusion_reason  TEXT     NOT NULL DEFAULT '',
  edited_by          TEXT     NOT NULL DEFAULT '',
  edited_at          DATETIME NULL
);
CREATE UNIQUE INDEX uq_opinion_candidates_row ON opinion_candidates (request_id, row_no);
CREATE INDEX idx_opinion_candidates_official ON opinion_candidates (official_id);

CREATE TABLE opinion_numbers (
  year  INTEGER NOT NULL PRIMARY KEY,
  last  INTEGER NOT NULL
);

-- +goose Down
DROP TABLE opinion_numbers;
DROP TABLE opinion_candidates;
DROP TABLE opinion_requests;

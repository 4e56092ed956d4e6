-- +goose Up
-- Integrity opinions (廉政意见回复): the organisation department's requests
-- (征求廉政意见函) with their candidates, and the commission's signed,
-- numbered replies. opinion_numbers keeps each year's last reply number, so
-- that numbers run without gaps or repeats.
CREATE TABLE opinion_requests (
  id                  BIGSERIAL PRIMARY KEY,
  purpose             VARCHAR(64)   NOT NULL,
  document_no         VARCHAR(128)  NOT NULL,
  recipient           VARCHAR(255)  NOT NULL,
  department_id       BIGINT        NOT NULL,
  requested_by        BIGINT        NOT NULL,
  requester           VARCHAR(64)   NOT NULL,
  due_on              DATE          NOT NULL,
  state               VARCHAR(16)   NOT NULL,
  candidates          INT           NOT NULL DEFAULT 0,
  as_of               DATE          NULL,
  drafted_by_id       BIGINT        NULL,
  drafted_by          VARCHAR(64)   NOT NULL DEFAULT '',
  drafted_at          TIMESTAMP(6)   NULL,
  signer1_id          BIGINT        NULL,
  signer1             VARCHAR(64)   NOT NULL DEFAULT '',
  signed1_at          TIMESTAMP(6)   NULL,
  signer2_id          BIGINT        NULL,
  signer2             VARCHAR(64)   NOT NULL DEFAULT '',
  signed2_at          TIMESTAMP(6)   NULL,
  reply_year          INT           NULL,
  reply_seq           INT           NULL,
  reply_no            VARCHAR(64)   NOT NULL DEFAULT '',
  replied_at          TIMESTAMP(6)   NULL,
  reply_code          VARCHAR(32)   NULL,
  reply_digest        VARCHAR(64)      NOT NULL DEFAULT '',
  reply_content       TEXT    NOT NULL,
  version             INT           NOT NULL DEFAULT 1,
  created_at          TIMESTAMP(6)   NOT NULL,
  updated_at          TIMESTAMP(6)   NOT NULL,
  CONSTRAINT uq_opinion_requests_number UNIQUE (reply_year, reply_seq),
  CONSTRAINT uq_opinion_requests_code UNIQUE (reply_code),
  CONSTRAINT fk_opinion_requests_department FOREIGN KEY (department_id) REFERENCES departments (id),
  CONSTRAINT fk_opinion_requests_user FOREIGN KEY (requested_by) REFERENCES users (id)
);
CREATE INDEX idx_opinion_requests_state ON opinion_requests (state, due_on);
CREATE INDEX idx_opinion_requests_requester ON opinion_requests (requested_by, id);

CREATE TABLE opinion_candidates (
  id                 BIGSERIAL PRIMARY KEY,
  request_id         BIGINT        NOT NULL,
  row_no             INT           NOT NULL,
  official_id        BIGINT        NULL,
  input_ref          VARCHAR(64)   NOT NULL,
  name               VARCHAR(128)  NOT NULL,
  department_name    VARCHAR(255)  NOT NULL DEFAULT '',
  verdict            VARCHAR(16)   NOT NULL DEFAULT '',
  reasons            TEXT    NOT NULL,
  matters            TEXT    NOT NULL,
  proposed           TEXT          NOT NULL,
  conclusion         TEXT          NOT NULL,
  conclusion_reason  VARCHAR(500)  NOT NULL DEFAULT '',
  edited_by          VARCHAR(64)   NOT NULL DEFAULT '',
  edited_at          TIMESTAMP(6)   NULL,
  CONSTRAINT uq_opinion_candidates_row UNIQUE (request_id, row_no),
  CONSTRAINT fk_opinion_candidates_request FOREIGN KEY (request_id) REFERENCES opinion_requests (id)
);
CREATE INDEX idx_opinion_candidates_official ON opinion_candidates (official_id);

CREATE TABLE opinion_numbers (
  year  INT NOT NULL PRIMARY KEY,
  last  INT NOT NULL
);

-- +goose Down
DROP TABLE opinion_numbers;
DROP TABLE opinion_candidates;
DROP TABLE opinion_requests;

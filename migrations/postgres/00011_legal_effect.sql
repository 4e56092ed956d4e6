-- +goose Up
-- Each record carries its legal effect as its decision states it: the day
-- it takes effect (生效日期; old records: the decision date), the period the
-- decision sets (NULL: the standard period of the eligibility policy), the
-- reference that links the records of one act, and for an annual
-- assessment result the year assessed. Record versions keep the same, with
-- the repair day, so the file as known on a past day can be rebuilt.
ALTER TABLE records
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN period_months INT NULL,
  ADD COLUMN act_ref VARCHAR(128) NOT NULL DEFAULT '',
  ADD COLUMN assessment_year INT NULL;
CREATE INDEX idx_records_act ON records (official_id, act_ref);
UPDATE records SET effective_date = decision_date;

ALTER TABLE record_versions
  ADD COLUMN effective_date DATE NULL,
  ADD COLUMN period_months INT NULL,
  ADD COLUMN act_ref VARCHAR(128) NOT NULL DEFAULT '',
  ADD COLUMN assessment_year INT NULL,
  ADD COLUMN repaired_on DATE NULL;
UPDATE record_versions SET effective_date = decision_date;
-- The file as known on a past day reads an official's later versions.
CREATE INDEX idx_record_versions_official ON record_versions (official_id, created_at);

-- A check judged for an assessment year keeps the year; a result, the first
-- assessment year from which no bar holds.
ALTER TABLE eligibility_checks ADD COLUMN assessment_year INT NULL;
ALTER TABLE eligibility_results ADD COLUMN eligible_from_year INT NULL;

-- Repair does not reach a drunk-driving conviction (a crime, 危险驾驶罪) nor
-- a dishonest-debtor listing, which ends on the court's removal date.
UPDATE record_codes SET repairable = FALSE WHERE code IN ('tr_drunk_driving', 'jud_dishonest_debtor');

-- A data dispute names its ground: only a dispute about whether the record
-- is right (not this person, a wrong date, a wrong content) holds a
-- verdict for review; the merits of a sanction go to review and appeal.
ALTER TABLE disputes ADD COLUMN ground VARCHAR(16) NOT NULL DEFAULT 'other';

-- Review and appeal of a sanction (复审, 复核, 申诉): the sanction keeps
-- barring while one runs; an outcome that changes or revokes it becomes a
-- new version of the record.
CREATE TABLE appeals (
  id              BIGSERIAL PRIMARY KEY,
  record_id       BIGINT         NOT NULL,
  official_id     BIGINT         NOT NULL,
  source_id       BIGINT         NOT NULL,
  kind            VARCHAR(16)    NOT NULL,
  filed_on        DATE           NOT NULL,
  authority       VARCHAR(128)   NOT NULL DEFAULT '',
  reason          VARCHAR(4000)  NOT NULL DEFAULT '',
  state           VARCHAR(16)    NOT NULL,
  due_on          DATE           NOT NULL,
  outcome         VARCHAR(16)    NOT NULL DEFAULT '',
  decided_on      DATE           NULL,
  new_code        VARCHAR(64)    NOT NULL DEFAULT '',
  new_period      INT            NULL,
  document_no     VARCHAR(128)   NOT NULL DEFAULT '',
  decision_note   VARCHAR(4000)  NOT NULL DEFAULT '',
  record_version  INT            NOT NULL DEFAULT 0,
  created_by      VARCHAR(64)    NOT NULL DEFAULT '',
  decided_by      VARCHAR(64)    NOT NULL DEFAULT '',
  decided_at      TIMESTAMP(6)    NULL,
  version         INT            NOT NULL DEFAULT 1,
  created_at      TIMESTAMP(6)    NOT NULL,
  updated_at      TIMESTAMP(6)    NOT NULL,
  CONSTRAINT fk_appeals_record FOREIGN KEY (record_id) REFERENCES records (id)
);
CREATE INDEX idx_appeals_record ON appeals (record_id, state);
CREATE INDEX idx_appeals_source ON appeals (source_id, state, due_on);
CREATE INDEX idx_appeals_official ON appeals (official_id, id);

-- +goose Down
ALTER TABLE eligibility_results DROP COLUMN eligible_from_year;
ALTER TABLE eligibility_checks DROP COLUMN assessment_year;
UPDATE record_codes SET repairable = TRUE WHERE code IN ('tr_drunk_driving', 'jud_dishonest_debtor');
DROP TABLE appeals;
ALTER TABLE disputes DROP COLUMN ground;
DROP INDEX idx_record_versions_official;
ALTER TABLE record_versions DROP COLUMN repaired_on, DROP COLUMN assessment_year, DROP COLUMN act_ref,
  DROP COLUMN period_months, DROP COLUMN effective_date;
DROP INDEX idx_records_act;
ALTER TABLE records DROP COLUMN assessment_year, DROP COLUMN act_ref,
  DROP COLUMN period_months, DROP COLUMN effective_date;

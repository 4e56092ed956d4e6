-- +goose Up
-- The four forms (四种形态) as the commissions count them: 降级 (demotion in
-- rank), 免职 (removal from office) and 降职 (demotion in post) are heavy
-- measures and count in form 3, not 2. Only codes still at the shipped
-- mapping move; a deployment's own mapping stays.
UPDATE record_codes SET form = 3 WHERE code IN ('gov_demotion', 'org_removal', 'org_demotion') AND form = 2;
-- The statistics read records by decision date across every official.
CREATE INDEX idx_records_decision ON records (decision_date);

-- +goose Down
DROP INDEX idx_records_decision;
UPDATE record_codes SET form = 2 WHERE code IN ('gov_demotion', 'org_removal', 'org_demotion') AND form = 3;

-- Adjustments (调整) of published plans: proposed with a reason, approved or returned; a major
-- one takes effect with its decision record. The item before and after are kept as the plan
-- editor's drafts (JSON), so the change is shown as 原 → 新 for ever. Writing one moves the
-- plan's version: the item pages and public pages show them.
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    major BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    unit_id INTEGER REFERENCES units(id),
    proposed_by TEXT NOT NULL,
    proposed_at TIMESTAMP NOT NULL,
    decided_by TEXT,
    decided_at TIMESTAMP,
    decision_note TEXT,
    decision_body TEXT,
    decision_number TEXT,
    decision_date DATE
);
CREATE INDEX adjustments_plan ON adjustments(plan_id, state);
CREATE INDEX adjustments_item ON adjustments(item_id);

CREATE TRIGGER adjustments_ins_ledger AFTER INSERT ON adjustments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER adjustments_upd_ledger AFTER UPDATE ON adjustments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER adjustments_del_ledger AFTER DELETE ON adjustments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

-- The ledger: reporting rules per plan, progress reports with versions, values and
-- investment, evidence files, milestones' planned percent, delay explanations with deadline
-- changes, acceptance requests and period locks.
CREATE TABLE plan_settings (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    cadence TEXT NOT NULL DEFAULT 'weekly',
    due_day INTEGER NOT NULL DEFAULT 5,
    grace_days INTEGER NOT NULL DEFAULT 0,
    yellow_gap DOUBLE PRECISION NOT NULL DEFAULT 10,
    red_gap DOUBLE PRECISION NOT NULL DEFAULT 30,
    blue_days INTEGER NOT NULL DEFAULT 15,
    start_on DATE,
    delay_causes TEXT NOT NULL DEFAULT '["资金","用地","审批","招标","施工","政策","其他"]'
);
ALTER TABLE items ADD COLUMN start_on DATE;
ALTER TABLE items ADD COLUMN current_deadline DATE;
ALTER TABLE items ADD COLUMN disposition TEXT;
ALTER TABLE items ADD COLUMN disposition_note TEXT;
ALTER TABLE items ADD COLUMN accepted_on DATE;
ALTER TABLE milestones ADD COLUMN planned_percent DOUBLE PRECISION;
ALTER TABLE milestones ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE milestones ADD COLUMN note TEXT;
CREATE INDEX milestones_item ON milestones(item_id, position);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period_start DATE NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    percent DOUBLE PRECISION,
    progress TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    correction_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    submitted_on DATE,
    UNIQUE (item_id, unit_id, period_start, version)
);
CREATE INDEX reports_item ON reports(item_id, period_start);
CREATE INDEX reports_unit ON reports(unit_id, period_start);
CREATE TABLE report_values (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (report_id, target_id)
);
CREATE TABLE report_investments (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    planned DOUBLE PRECISION NOT NULL DEFAULT 0,
    completed DOUBLE PRECISION NOT NULL DEFAULT 0,
    disbursed DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, source)
);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    taken_at TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    has_thumb BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);
CREATE INDEX attachments_item ON attachments(item_id);
CREATE TABLE delay_explanations (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    cause TEXT NOT NULL,
    explanation TEXT NOT NULL,
    steps TEXT NOT NULL DEFAULT '[]',
    new_deadline DATE NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    review_note TEXT,
    reviewed_by TEXT,
    reviewed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX delay_explanations_item ON delay_explanations(item_id);
CREATE TABLE deadline_changes (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    reason TEXT NOT NULL,
    explanation_id INTEGER REFERENCES delay_explanations(id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX deadline_changes_item ON deadline_changes(item_id);
CREATE TABLE acceptance_requests (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    completed_on DATE NOT NULL,
    summary TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    decision_note TEXT,
    decided_by TEXT,
    decided_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX acceptance_requests_item ON acceptance_requests(item_id);
CREATE TABLE period_locks (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (plan_id, period_start)
);

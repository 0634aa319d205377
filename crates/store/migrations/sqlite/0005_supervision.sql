-- Supervision: contacts and channels per unit and leader, the durable jobs table, in-app
-- notifications, delivery log, the reminder ladder's record, supervision orders with their
-- steps, period snapshots and amendments, bulletins, leaders' dispatch reviews, satisfaction
-- results per item, and the plan's scoring weights and reminder policy.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    leader_id INTEGER REFERENCES leaders(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    webhook_kind TEXT,
    webhook_url TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contacts_unit ON contacts(unit_id);
CREATE INDEX contacts_leader ON contacts(leader_id);
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    dedup_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    run_at TIMESTAMP NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    leader_id INTEGER REFERENCES leaders(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_unit ON notifications(unit_id, id);
CREATE INDEX notifications_leader ON notifications(leader_id, id);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    ok BOOLEAN NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX deliveries_job ON deliveries(job_id);
CREATE TABLE reminders (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    step TEXT NOT NULL,
    items TEXT NOT NULL,
    recipients BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (plan_id, unit_id, period_start, step)
);
CREATE TABLE supervision_orders (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    number BIGINT NOT NULL,
    origin TEXT NOT NULL,
    requirement TEXT NOT NULL,
    deadline DATE NOT NULL,
    state TEXT NOT NULL,
    answer TEXT,
    answered_on DATE,
    escalated_at TIMESTAMP,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX supervision_orders_item ON supervision_orders(item_id);
CREATE INDEX supervision_orders_unit ON supervision_orders(unit_id, state);
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES supervision_orders(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    state TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, id);
CREATE TABLE period_snapshots (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    cause TEXT NOT NULL,
    taken_at TIMESTAMP NOT NULL,
    figures TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (plan_id, period_start, cause)
);
ALTER TABLE reports ADD COLUMN amendment BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE bulletins (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    range_start DATE NOT NULL,
    range_end DATE NOT NULL,
    year INTEGER NOT NULL,
    number BIGINT,
    title TEXT NOT NULL,
    next_steps TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    content TEXT,
    content_hash TEXT,
    created_at TIMESTAMP NOT NULL,
    issued_at TIMESTAMP,
    issued_by TEXT,
    UNIQUE (plan_id, year, number)
);
CREATE TABLE dispatch_reviews (
    id INTEGER PRIMARY KEY,
    leader_id INTEGER NOT NULL REFERENCES leaders(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    figures TEXT NOT NULL
);
CREATE INDEX dispatch_reviews_leader ON dispatch_reviews(leader_id, id);
CREATE TABLE item_satisfaction (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    satisfied BIGINT NOT NULL,
    basic BIGINT NOT NULL,
    unsatisfied BIGINT NOT NULL,
    source TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
ALTER TABLE plan_settings ADD COLUMN score_weights TEXT;
ALTER TABLE plan_settings ADD COLUMN reminder_policy TEXT;

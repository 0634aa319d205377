-- The annual cycle's core: regions, plans, categories, items, targets, units, leaders,
-- assignments, milestones and sites.
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    parent_id INTEGER REFERENCES regions(id)
);
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT,
    issuer TEXT,
    issued_on DATE,
    default_deadline DATE,
    state TEXT NOT NULL DEFAULT 'draft',
    source_name TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX plans_region_year ON plans(region_id, year);
CREATE TABLE plan_sources (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    bytes BLOB NOT NULL
);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX categories_plan ON categories(plan_id);
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (region_id, name)
);
CREATE TABLE unit_aliases (
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (unit_id, alias)
);
CREATE TABLE leaders (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    title TEXT,
    UNIQUE (region_id, name)
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    seq TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT,
    summary TEXT,
    content TEXT,
    level TEXT,
    deadline DATE,
    deadline_text TEXT,
    acceptance_standard TEXT,
    fund_source TEXT,
    budget DOUBLE PRECISION,
    voted BOOLEAN NOT NULL DEFAULT FALSE,
    carried_over_from INTEGER REFERENCES items(id) ON DELETE SET NULL,
    span_start_year INTEGER,
    span_end_year INTEGER,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX items_plan ON items(plan_id, position);
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    metric TEXT NOT NULL,
    unit TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    comparator TEXT NOT NULL,
    baseline DOUBLE PRECISION,
    optional BOOLEAN NOT NULL DEFAULT FALSE,
    source_text TEXT
);
CREATE INDEX targets_item ON targets(item_id);
CREATE TABLE item_units (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
    share DOUBLE PRECISION,
    PRIMARY KEY (item_id, unit_id, role)
);
CREATE INDEX item_units_unit ON item_units(unit_id);
CREATE TABLE item_leaders (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    leader_id INTEGER NOT NULL REFERENCES leaders(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, leader_id)
);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_unit_id INTEGER REFERENCES units(id),
    due_on DATE,
    done_on DATE
);
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
    share DOUBLE PRECISION
);

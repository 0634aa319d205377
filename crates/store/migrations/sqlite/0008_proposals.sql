-- Proposals for next year's list (征集): what citizens or deputies propose, where and why, an
-- optional contact (never shown publicly), a tracking code for the proposer, and the office's
-- screening into candidates with cost and feasibility notes.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    location TEXT,
    reason TEXT,
    by_deputy INTEGER REFERENCES users(id),
    name TEXT,
    phone TEXT,
    client TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    cost TEXT,
    feasibility TEXT,
    note TEXT,
    screened_by TEXT,
    screened_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX proposals_region ON proposals(region_id, year, state);
CREATE INDEX proposals_client ON proposals(client, created_at);

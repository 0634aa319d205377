-- Audit entries are written by each write transaction into audit_pending, without touching
-- the chain's head, and chained into audit_log in batches (Store::chain_audit): the head row
-- no longer serialises every writer. An entry keeps its time; its place in the chain (seq),
-- the previous hash and its own hash are given when it is chained.
CREATE TABLE audit_pending (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL
);

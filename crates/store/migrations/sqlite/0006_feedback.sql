-- Citizens' feedback on items: the message, optional contact (never shown publicly), the
-- client it came from (a hash, for the rate limit), moderation, and the unit's public reply.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    name TEXT,
    phone TEXT,
    client TEXT NOT NULL,
    state TEXT NOT NULL,
    filter_reason TEXT,
    reply TEXT,
    reply_unit_id INTEGER REFERENCES units(id),
    replied_at TIMESTAMP,
    moderated_by TEXT,
    moderated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX feedback_item ON feedback(item_id, state);
CREATE INDEX feedback_client ON feedback(client, created_at);
CREATE INDEX feedback_state ON feedback(state, id);

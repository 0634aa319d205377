-- Events for the systems around (report filed, order issued, bulletin issued), written in the
-- transaction of the change (an outbox), and how far each outbound webhook has been told.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE TABLE event_cursors (
    url TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TIMESTAMP NOT NULL
);

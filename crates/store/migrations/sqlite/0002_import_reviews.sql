-- Uploaded lists waiting for review: the source file and the parsed list (JSON) as the
-- reviewer corrects it. Deleted when the plan is saved.
CREATE TABLE import_reviews (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    source_bytes BLOB NOT NULL,
    parsed TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

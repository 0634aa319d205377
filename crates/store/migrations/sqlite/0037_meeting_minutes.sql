-- A meeting's place, the item a site visit goes to, who attended (units and leaders), the
-- matters' co-units, and the minutes (纪要) once issued: their number and when. Issued
-- minutes freeze the meeting.
ALTER TABLE meetings ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN site_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL;
ALTER TABLE meetings ADD COLUMN number INTEGER;
ALTER TABLE meetings ADD COLUMN issued_at TIMESTAMP;
CREATE TABLE meeting_attendees (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    leader_id INTEGER REFERENCES leaders(id) ON DELETE CASCADE,
    CHECK ((unit_id IS NULL) <> (leader_id IS NULL))
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);
ALTER TABLE meeting_matters ADD COLUMN co_units TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX meetings_number ON meetings(plan_id, number);

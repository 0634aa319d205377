-- Meetings on a list (调度会, 专题会议, 调研): the agenda drawn from the ledger as of the meeting
-- day, minutes per agenda entry, and the matters decided (议定事项), each a supervision order
-- with origin 'meeting' so it is chased like one.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    held_on DATE NOT NULL,
    title TEXT NOT NULL,
    chair TEXT NOT NULL,
    leader_id INTEGER REFERENCES leaders(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX meetings_plan ON meetings(plan_id, held_on);
CREATE TABLE meeting_agenda (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL,
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
    ref_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    also TEXT NOT NULL,
    minutes TEXT NOT NULL
);
CREATE INDEX meeting_agenda_meeting ON meeting_agenda(meeting_id, position);
CREATE TABLE meeting_matters (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    order_id INTEGER NOT NULL UNIQUE REFERENCES supervision_orders(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, order_id)
);

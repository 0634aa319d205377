-- Unread notifications, counted on every signed-in page (the count beside 通知): indexes that
-- hold only the unread rows, so the count does not walk a unit's whole history.
CREATE INDEX notifications_unread_unit ON notifications(unit_id) WHERE read_at IS NULL;
CREATE INDEX notifications_unread_leader ON notifications(leader_id) WHERE read_at IS NULL;

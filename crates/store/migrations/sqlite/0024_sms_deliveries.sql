-- Reminders by SMS: each delivery notes the unit it was for, so a unit's SMS a day can be
-- capped and the delivery report grouped.
ALTER TABLE deliveries ADD COLUMN unit_id INTEGER;
CREATE INDEX deliveries_unit ON deliveries(unit_id, channel, at);

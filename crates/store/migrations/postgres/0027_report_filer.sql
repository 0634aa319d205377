-- A report filed by the office on a unit's behalf (代报, from a unit's returned sheet) names the
-- office's person; a report in which nothing moved carries the unit's reason (本期无进展原因).
ALTER TABLE reports ADD COLUMN filed_by TEXT;
ALTER TABLE reports ADD COLUMN no_progress TEXT;

-- Splits and merges: the items a split makes (the plan editor's drafts, JSON) and the items a
-- merge ends ([[id, "seq name"]], JSON), kept with the adjustment like its before and after.
ALTER TABLE adjustments ADD COLUMN parts_json TEXT;
ALTER TABLE adjustments ADD COLUMN merged_json TEXT;

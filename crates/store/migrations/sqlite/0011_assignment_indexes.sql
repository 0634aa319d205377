-- A leader's items are looked up by leader (the workbench, the dispatch view): without this,
-- each lookup scans every assignment in the country.
CREATE INDEX item_leaders_leader ON item_leaders(leader_id);

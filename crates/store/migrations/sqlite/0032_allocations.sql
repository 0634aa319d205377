-- Allocation (任务分解下达): an item of a list given to a region directly below the list's
-- region, where it became an item of that region's list (docs/LEVELS.md).
CREATE TABLE allocations (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    child_item_id INTEGER NOT NULL UNIQUE REFERENCES items(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (item_id, region_id)
);
CREATE INDEX allocations_region ON allocations(region_id);
-- Per target of the allocated item: the share given, and the target it became below.
CREATE TABLE allocation_shares (
    allocation_id INTEGER NOT NULL REFERENCES allocations(id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    child_target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    share DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (allocation_id, target_id)
);
-- Every list above a list that holds allocated items (the allocating list, and the lists
-- above that one): a move of a list's version moves theirs, since their pages show its
-- figures. Links of deleted lists only cost a needless move.
CREATE TABLE plan_links (
    plan_id INTEGER NOT NULL,
    above_id INTEGER NOT NULL,
    -- 1 for the allocating list, 2 for the one above it, …
    depth INTEGER NOT NULL,
    PRIMARY KEY (plan_id, above_id)
);
CREATE INDEX plan_links_above ON plan_links(above_id);
-- The links are transitive, so the lists above are moved in one step (SQLite does not fire
-- this trigger again for its own update).
CREATE TRIGGER plan_versions_up AFTER UPDATE OF version ON plan_versions BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id IN (SELECT above_id FROM plan_links WHERE plan_id = NEW.plan_id);
END;
-- An allocation made or removed changes what the allocating item's page shows.
CREATE TRIGGER allocations_ins_ledger AFTER INSERT ON allocations BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER allocations_del_ledger AFTER DELETE ON allocations BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

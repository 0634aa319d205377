-- An item's notes (instructions, replies) and supervision orders are shown on its ledger
-- page, which is now kept under the plan's version like the rest: writing them moves it.

CREATE TRIGGER item_notes_ins_ledger AFTER INSERT ON item_notes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_notes_upd_ledger AFTER UPDATE ON item_notes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_notes_del_ledger AFTER DELETE ON item_notes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER supervision_orders_ins_ledger AFTER INSERT ON supervision_orders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER supervision_orders_upd_ledger AFTER UPDATE ON supervision_orders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER supervision_orders_del_ledger AFTER DELETE ON supervision_orders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

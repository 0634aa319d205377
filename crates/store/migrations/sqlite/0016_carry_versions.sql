-- An item's public page names the items that carry it over into later plans (once those plans
-- are published). So carrying an item over, and publishing the plan it was carried into, move
-- the version of the plan it came from too.
CREATE TRIGGER items_carry_ins_ledger AFTER INSERT ON items WHEN NEW.carried_over_from IS NOT NULL BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id = (SELECT plan_id FROM items WHERE id = NEW.carried_over_from);
END;

CREATE TRIGGER items_carry_upd_ledger AFTER UPDATE OF carried_over_from ON items BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id IN (SELECT plan_id FROM items WHERE id IN (NEW.carried_over_from, OLD.carried_over_from));
END;

CREATE TRIGGER items_carry_del_ledger AFTER DELETE ON items WHEN OLD.carried_over_from IS NOT NULL BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id = (SELECT plan_id FROM items WHERE id = OLD.carried_over_from);
END;

CREATE TRIGGER plans_carry_upd_ledger AFTER UPDATE ON plans BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id IN (SELECT s.plan_id FROM items c JOIN items s ON s.id = c.carried_over_from
                      WHERE c.plan_id = NEW.id AND c.carried_over_from IS NOT NULL);
END;

-- An item's public page names the items that carry it over into later plans (once those plans
-- are published). So carrying an item over, and publishing the plan it was carried into, move
-- the version of the plan it came from too.
CREATE FUNCTION ledger_touch_carried_from() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.carried_over_from IS NOT NULL THEN
        UPDATE plan_versions SET version = version + 1
        WHERE plan_id = (SELECT plan_id FROM items WHERE id = OLD.carried_over_from);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.carried_over_from IS NOT NULL THEN
        UPDATE plan_versions SET version = version + 1
        WHERE plan_id = (SELECT plan_id FROM items WHERE id = NEW.carried_over_from);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION ledger_touch_carrying_plans() RETURNS trigger AS $$
BEGIN
    UPDATE plan_versions SET version = version + 1
    WHERE plan_id IN (SELECT s.plan_id FROM items c JOIN items s ON s.id = c.carried_over_from
                      WHERE c.plan_id = NEW.id AND c.carried_over_from IS NOT NULL);
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER items_carry_ledger AFTER INSERT OR UPDATE OF carried_over_from OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_carried_from();
CREATE TRIGGER plans_carry_ledger AFTER UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_carrying_plans();

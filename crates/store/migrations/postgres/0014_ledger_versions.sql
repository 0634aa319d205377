-- A version per plan's ledger, moved by every write that changes what the ledger shows, in the
-- writing transaction itself (by the triggers below). Readers keep an assessed ledger while its
-- plan's version is unchanged: one primary-key lookup instead of rebuilding it. Renaming a unit,
-- leader or region moves every plan's version (rare). No foreign key: a version may outlive a
-- deleted plan harmlessly.
CREATE TABLE plan_versions (
    plan_id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
-- Every plan has its row from the start, so a directory rename reaches it too.
INSERT INTO plan_versions (plan_id, version) SELECT id, 1 FROM plans;

CREATE FUNCTION bump_plan_version(p BIGINT) RETURNS void AS $$
    INSERT INTO plan_versions (plan_id, version) VALUES (p, 1)
    ON CONFLICT (plan_id) DO UPDATE SET version = plan_versions.version + 1;
$$ LANGUAGE sql;

CREATE FUNCTION ledger_touch_plan_id() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN PERFORM bump_plan_version(OLD.plan_id); RETURN OLD; END IF;
    PERFORM bump_plan_version(NEW.plan_id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION ledger_touch_plan() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN PERFORM bump_plan_version(OLD.id); RETURN OLD; END IF;
    PERFORM bump_plan_version(NEW.id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION ledger_touch_item_id() RETURNS trigger AS $$
DECLARE
    item BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN item := OLD.item_id; ELSE item := NEW.item_id; END IF;
    PERFORM bump_plan_version(i.plan_id) FROM items i WHERE i.id = item;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION ledger_touch_all() RETURNS trigger AS $$
BEGIN
    UPDATE plan_versions SET version = version + 1;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER items_ledger AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();
CREATE TRIGGER categories_ledger AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();
CREATE TRIGGER plan_settings_ledger AFTER INSERT OR UPDATE OR DELETE ON plan_settings
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();
CREATE TRIGGER period_locks_ledger AFTER INSERT OR UPDATE OR DELETE ON period_locks
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();
CREATE TRIGGER bulletins_ledger AFTER INSERT OR UPDATE OR DELETE ON bulletins
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();
CREATE TRIGGER plans_ledger AFTER INSERT OR UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan();
CREATE TRIGGER targets_ledger AFTER INSERT OR UPDATE OR DELETE ON targets
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER item_units_ledger AFTER INSERT OR UPDATE OR DELETE ON item_units
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER item_leaders_ledger AFTER INSERT OR UPDATE OR DELETE ON item_leaders
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER milestones_ledger AFTER INSERT OR UPDATE OR DELETE ON milestones
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER acceptance_requests_ledger AFTER INSERT OR UPDATE OR DELETE ON acceptance_requests
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER delay_explanations_ledger AFTER INSERT OR UPDATE OR DELETE ON delay_explanations
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER deadline_changes_ledger AFTER INSERT OR UPDATE OR DELETE ON deadline_changes
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER reports_ledger AFTER INSERT OR UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER units_ledger AFTER UPDATE OR DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_all();
CREATE TRIGGER leaders_ledger AFTER UPDATE OR DELETE ON leaders
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_all();
CREATE TRIGGER regions_ledger AFTER UPDATE OR DELETE ON regions
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_all();

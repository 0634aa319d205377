-- A version per plan's ledger, moved by every write that changes what the ledger shows, in the
-- writing transaction itself (by the triggers below). Readers keep an assessed ledger while its
-- plan's version is unchanged: one primary-key lookup instead of rebuilding it. Renaming a unit,
-- leader or region moves every plan's version (rare). No foreign key: a version may outlive a
-- deleted plan harmlessly.
CREATE TABLE plan_versions (
    plan_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
-- Every plan has its row from the start, so a directory rename reaches it too.
INSERT INTO plan_versions (plan_id, version) SELECT id, 1 FROM plans;

CREATE TRIGGER items_ins_ledger AFTER INSERT ON items BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER categories_ins_ledger AFTER INSERT ON categories BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plan_settings_ins_ledger AFTER INSERT ON plan_settings BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER period_locks_ins_ledger AFTER INSERT ON period_locks BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER bulletins_ins_ledger AFTER INSERT ON bulletins BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plans_ins_ledger AFTER INSERT ON plans BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER targets_ins_ledger AFTER INSERT ON targets BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_units_ins_ledger AFTER INSERT ON item_units BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_leaders_ins_ledger AFTER INSERT ON item_leaders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER milestones_ins_ledger AFTER INSERT ON milestones BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER acceptance_requests_ins_ledger AFTER INSERT ON acceptance_requests BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER delay_explanations_ins_ledger AFTER INSERT ON delay_explanations BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER deadline_changes_ins_ledger AFTER INSERT ON deadline_changes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER reports_ins_ledger AFTER INSERT ON reports BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER items_upd_ledger AFTER UPDATE ON items BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER categories_upd_ledger AFTER UPDATE ON categories BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plan_settings_upd_ledger AFTER UPDATE ON plan_settings BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER period_locks_upd_ledger AFTER UPDATE ON period_locks BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER bulletins_upd_ledger AFTER UPDATE ON bulletins BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plans_upd_ledger AFTER UPDATE ON plans BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER targets_upd_ledger AFTER UPDATE ON targets BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_units_upd_ledger AFTER UPDATE ON item_units BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_leaders_upd_ledger AFTER UPDATE ON item_leaders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER milestones_upd_ledger AFTER UPDATE ON milestones BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER acceptance_requests_upd_ledger AFTER UPDATE ON acceptance_requests BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER delay_explanations_upd_ledger AFTER UPDATE ON delay_explanations BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER deadline_changes_upd_ledger AFTER UPDATE ON deadline_changes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER reports_upd_ledger AFTER UPDATE ON reports BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER items_del_ledger AFTER DELETE ON items BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER categories_del_ledger AFTER DELETE ON categories BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plan_settings_del_ledger AFTER DELETE ON plan_settings BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER period_locks_del_ledger AFTER DELETE ON period_locks BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER bulletins_del_ledger AFTER DELETE ON bulletins BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER plans_del_ledger AFTER DELETE ON plans BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER targets_del_ledger AFTER DELETE ON targets BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_units_del_ledger AFTER DELETE ON item_units BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER item_leaders_del_ledger AFTER DELETE ON item_leaders BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER milestones_del_ledger AFTER DELETE ON milestones BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER acceptance_requests_del_ledger AFTER DELETE ON acceptance_requests BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER delay_explanations_del_ledger AFTER DELETE ON delay_explanations BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER deadline_changes_del_ledger AFTER DELETE ON deadline_changes BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER reports_del_ledger AFTER DELETE ON reports BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER units_upd_ledger AFTER UPDATE ON units BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

CREATE TRIGGER units_del_ledger AFTER DELETE ON units BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

CREATE TRIGGER leaders_upd_ledger AFTER UPDATE ON leaders BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

CREATE TRIGGER leaders_del_ledger AFTER DELETE ON leaders BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

CREATE TRIGGER regions_upd_ledger AFTER UPDATE ON regions BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

CREATE TRIGGER regions_del_ledger AFTER DELETE ON regions BEGIN
    UPDATE plan_versions SET version = version + 1;
END;

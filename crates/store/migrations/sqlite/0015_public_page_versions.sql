-- What an item's public page shows besides its ledger moves its plan's version too: approved
-- photos (attachments), citizens' messages and their replies (feedback), sites, and the plan's
-- satisfaction campaigns. The rendered public item page is kept while the version holds.

CREATE TRIGGER attachments_ins_ledger AFTER INSERT ON attachments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feedback_ins_ledger AFTER INSERT ON feedback BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER sites_ins_ledger AFTER INSERT ON sites BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER rating_campaigns_ins_ledger AFTER INSERT ON rating_campaigns BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER attachments_upd_ledger AFTER UPDATE ON attachments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feedback_upd_ledger AFTER UPDATE ON feedback BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER sites_upd_ledger AFTER UPDATE ON sites BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = NEW.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER rating_campaigns_upd_ledger AFTER UPDATE ON rating_campaigns BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT NEW.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER attachments_del_ledger AFTER DELETE ON attachments BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER feedback_del_ledger AFTER DELETE ON feedback BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER sites_del_ledger AFTER DELETE ON sites BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT plan_id, 1 FROM items WHERE id = OLD.item_id
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER rating_campaigns_del_ledger AFTER DELETE ON rating_campaigns BEGIN
    INSERT INTO plan_versions (plan_id, version) SELECT OLD.plan_id, 1 WHERE true
    ON CONFLICT(plan_id) DO UPDATE SET version = version + 1;
END;

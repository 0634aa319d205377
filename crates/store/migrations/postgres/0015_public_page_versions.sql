-- What an item's public page shows besides its ledger moves its plan's version too: approved
-- photos (attachments), citizens' messages and their replies (feedback), sites, and the plan's
-- satisfaction campaigns. The rendered public item page is kept while the version holds.

CREATE TRIGGER attachments_ledger AFTER INSERT OR UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER feedback_ledger AFTER INSERT OR UPDATE OR DELETE ON feedback
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER sites_ledger AFTER INSERT OR UPDATE OR DELETE ON sites
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();
CREATE TRIGGER rating_campaigns_ledger AFTER INSERT OR UPDATE OR DELETE ON rating_campaigns
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_plan_id();

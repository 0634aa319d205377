-- An item's notes (instructions, replies) and supervision orders are shown on its ledger
-- page, which is now kept under the plan's version like the rest: writing them moves it.

CREATE TRIGGER item_notes_ledger AFTER INSERT OR UPDATE OR DELETE ON item_notes
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();

CREATE TRIGGER supervision_orders_ledger AFTER INSERT OR UPDATE OR DELETE ON supervision_orders
    FOR EACH ROW EXECUTE FUNCTION ledger_touch_item_id();

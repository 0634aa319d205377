-- The client address alone (as its SHA-256), beside the address-and-browser key: caps on
-- ratings and proposals that a changed User-Agent cannot get round. Empty for older rows.
ALTER TABLE ratings ADD COLUMN origin TEXT;
CREATE INDEX ratings_origin ON ratings(campaign_id, item_id, origin);
ALTER TABLE proposals ADD COLUMN origin TEXT;
CREATE INDEX proposals_origin ON proposals(origin, created_at);

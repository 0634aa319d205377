-- Satisfaction campaigns (满意度测评): a plan's campaign with its open and close times, and one
-- rating per (campaign, item, voter): a client's hash for citizens, the account for deputies.
CREATE TABLE rating_campaigns (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    applied_at TIMESTAMP,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX rating_campaigns_plan ON rating_campaigns(plan_id);
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES rating_campaigns(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    voter_kind TEXT NOT NULL,
    voter TEXT NOT NULL,
    choice TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, item_id, voter)
);
CREATE INDEX ratings_voter ON ratings(voter, created_at);

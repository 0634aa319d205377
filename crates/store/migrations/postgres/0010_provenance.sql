-- Where next year's items come from and what the public sees of the evidence: an item made
-- from a voted proposal keeps the proposal and the ballot (群众点单 → 代表定单); a ballot
-- records the draft plan its winners went into; a photo is shown on the public page only
-- once the office has approved it.
ALTER TABLE items ADD COLUMN proposal_id BIGINT REFERENCES proposals(id);
ALTER TABLE items ADD COLUMN ballot_id BIGINT REFERENCES ballots(id);
CREATE INDEX items_carried ON items(carried_over_from);
ALTER TABLE ballots ADD COLUMN adopted_plan_id BIGINT REFERENCES plans(id);
ALTER TABLE ballots ADD COLUMN adopted_at TIMESTAMPTZ;
ALTER TABLE attachments ADD COLUMN public_at TIMESTAMPTZ;
ALTER TABLE attachments ADD COLUMN public_by TEXT;

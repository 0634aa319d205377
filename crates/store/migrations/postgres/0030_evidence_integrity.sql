-- Evidence integrity (佐证材料核验): each photo's perceptual hash and what was found doubtful
-- about it when it was filed (a JSON list of findings, NULL for none or not a photo); the
-- content hash indexed so that the same file filed anywhere is found at once; and how many
-- earlier periods in a row a report repeats its unit's progress text.
ALTER TABLE attachments ADD COLUMN phash BIGINT;
ALTER TABLE attachments ADD COLUMN findings TEXT;
CREATE INDEX attachments_sha ON attachments(sha256);
CREATE INDEX attachments_doubtful ON attachments(item_id) WHERE findings IS NOT NULL;
ALTER TABLE reports ADD COLUMN progress_repeats INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reports_repeated ON reports(item_id) WHERE progress_repeats >= 2;

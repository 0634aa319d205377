-- Ratings one person cannot stuff: a campaign may ask citizens to verify a mobile number by
-- SMS. Numbers are kept only as keyed hashes (the key lives beside the evidence files, not in
-- the database); a code is kept as a hash with the ticket the person's browser holds, tried at
-- most a few times; a verified number gets a pass for the campaign.
ALTER TABLE rating_campaigns ADD COLUMN verify_phone BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE phone_codes (
    ticket TEXT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES rating_campaigns(id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    tail TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    origin TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at TIMESTAMPTZ
);
CREATE INDEX phone_codes_phone ON phone_codes(phone, sent_at);
CREATE INDEX phone_codes_origin ON phone_codes(origin, sent_at);
CREATE TABLE phone_passes (
    pass TEXT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES rating_campaigns(id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    tail TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- The deputies' vote (票决): a ballot of candidate proposals, choose K, open between two
-- instants. Secret: who voted is kept (one ballot each), what they chose only as running
-- totals per candidate, so no row links a deputy to a choice.
CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    choose BIGINT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE ballot_candidates (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    position BIGINT NOT NULL,
    votes BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (ballot_id, proposal_id)
);
CREATE TABLE ballot_voters (
    ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (ballot_id, user_id)
);

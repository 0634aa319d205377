//! The deputies' vote (票决) in storage: a ballot of N candidate proposals, choose up to K,
//! one ballot per deputy between its open and close times. Secret by construction: casting a
//! ballot records that the deputy voted and adds one to each chosen candidate's total in the
//! same transaction; no row, and no audit entry, says who chose what.

use crate::audit::Change;
use crate::ledger::is_unique_violation;
use crate::proposals::ProposalState;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::{RegionId, UserId};
use serde::Serialize;
use serde_json::json;

/// A ballot.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Ballot {
    /// Identifier.
    pub id: i64,
    /// Region.
    pub region_id: i64,
    /// The year the adopted items are for.
    pub year: i32,
    /// Title.
    pub title: String,
    /// How many candidates each deputy may choose (K).
    pub choose: i64,
    /// Opens.
    pub opens_at: DateTime<Utc>,
    /// Closes.
    pub closes_at: DateTime<Utc>,
    /// The draft plan its winners were put into.
    pub adopted_plan_id: Option<i64>,
}

impl Ballot {
    /// Open at `now`.
    pub fn open(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// A candidate on a ballot with its total (shown only once the ballot has closed).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BallotCandidate {
    /// The proposal.
    pub proposal_id: i64,
    /// Its title.
    pub title: String,
    /// Its content.
    pub content: String,
    /// Where (地点), as proposed.
    pub location: Option<String>,
    /// The estimated cost from screening (估算投资).
    pub cost: Option<String>,
    /// The feasibility from screening (可行性).
    pub feasibility: Option<String>,
    /// The screening note (初审意见).
    pub note: Option<String>,
    /// Votes.
    pub votes: i64,
}

impl Store {
    /// Puts candidates (proposals screened as candidates, at least two more than K: 差额)
    /// to a ballot.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_ballot(
        &self,
        region: RegionId,
        year: i32,
        title: &str,
        choose: i64,
        candidates: &[i64],
        (opens_at, closes_at): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 100 {
            return Err(Refusal::TitleLength.into());
        }
        if closes_at <= opens_at {
            return Err(Refusal::ClosesBeforeOpens.into());
        }
        let mut ids = candidates.to_vec();
        ids.sort();
        ids.dedup();
        if choose < 1 || (ids.len() as i64) <= choose {
            return Err(Refusal::SeatsAndCandidates {
                candidates: ids.len(),
                seats: choose,
            }
            .into());
        }
        for id in &ids {
            let state: Option<String> = on_pool!(self, p => sqlx::query_scalar("SELECT state FROM proposals WHERE id = $1").bind(id).fetch_optional(p).await?);
            if state.as_deref() != Some(ProposalState::Candidate.code()) {
                return Err(Refusal::CandidateNotScreened { proposal: *id }.into());
            }
        }
        let by = self.actor.name.clone();
        Ok(in_write_tx!(self, tx => {
            let bid: i64 = sqlx::query_scalar("INSERT INTO ballots (region_id, year, title, choose, opens_at, closes_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(region.0).bind(year).bind(title).bind(choose).bind(opens_at).bind(closes_at).bind(&by).bind(now).fetch_one(&mut *tx).await?;
            for (i, id) in ids.iter().enumerate() {
                sqlx::query("INSERT INTO ballot_candidates (ballot_id, proposal_id, position) VALUES ($1, $2, $3)")
                    .bind(bid).bind(id).bind(i as i64).execute(&mut *tx).await?;
            }
            tx.audit(&self.actor, Change::new("ballot.create", "ballot", bid).after(json!({"title": title, "choose": choose, "candidates": ids, "opens_at": opens_at, "closes_at": closes_at}))).await?;
            bid
        }))
    }

    /// Ballots, newest first.
    pub async fn ballots(&self) -> Result<Vec<Ballot>, StoreError> {
        Ok(
            on_pool!(self, p => sqlx::query_as("SELECT id, region_id, year, title, choose, opens_at, closes_at, adopted_plan_id FROM ballots ORDER BY id DESC").fetch_all(p).await?),
        )
    }

    /// One ballot and its candidates (with totals).
    pub async fn ballot(&self, id: i64) -> Result<(Ballot, Vec<BallotCandidate>), StoreError> {
        let b: Option<Ballot> = on_pool!(self, p => sqlx::query_as("SELECT id, region_id, year, title, choose, opens_at, closes_at, adopted_plan_id FROM ballots WHERE id = $1").bind(id).fetch_optional(p).await?);
        let b = b.ok_or(StoreError::NotFound("票决 (ballot)"))?;
        let c: Vec<BallotCandidate> = on_pool!(self, p => sqlx::query_as(
            "SELECT c.proposal_id, p.title, p.content, p.location, p.cost, p.feasibility, p.note, c.votes FROM ballot_candidates c JOIN proposals p ON p.id = c.proposal_id WHERE c.ballot_id = $1 ORDER BY c.position",
        ).bind(id).fetch_all(p).await?);
        Ok((b, c))
    }

    /// Whether a deputy has voted on a ballot.
    pub async fn has_voted(&self, ballot: i64, user: UserId) -> Result<bool, StoreError> {
        let n: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = $1 AND user_id = $2").bind(ballot).bind(user.0).fetch_one(p).await?);
        Ok(n > 0)
    }

    /// Casts a deputy's ballot: between 1 and K distinct candidates of this ballot, once.
    pub async fn cast_ballot(
        &self,
        ballot: i64,
        deputy: UserId,
        choices: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (b, candidates) = self.ballot(ballot).await?;
        if !b.open(now) {
            return Err(Refusal::BallotNotOpen.into());
        }
        let ids: Vec<i64> = candidates.iter().map(|c| c.proposal_id).collect();
        let picked = minsheng_domain::ballot::check_choices(choices, b.choose, &ids)?;
        in_write_tx!(self, tx => {
            let voted = sqlx::query("INSERT INTO ballot_voters (ballot_id, user_id) VALUES ($1, $2)").bind(ballot).bind(deputy.0).execute(&mut *tx).await;
            if let Err(e) = voted {
                return Err(if is_unique_violation(&e) {
                    Refusal::AlreadyVoted.into()
                } else {
                    e.into()
                });
            }
            for p in &picked {
                sqlx::query("UPDATE ballot_candidates SET votes = votes + 1 WHERE ballot_id = $1 AND proposal_id = $2").bind(ballot).bind(p).execute(&mut *tx).await?;
            }
            // The log says that the deputy voted, never for what.
            tx.audit(&self.actor, Change::new("ballot.vote", "ballot", ballot)).await?;
        });
        Ok(())
    }
}

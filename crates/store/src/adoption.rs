//! Next year's draft list: the winners of a closed ballot become items of a draft plan with
//! their provenance (proposal → candidate → vote → item, marked ★ as 票决 items), and unfinished
//! items of an earlier plan are carried over (结转) with a link both ways.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::ledger::Disposition;
use minsheng_domain::{ItemId, PlanId, RegionId};
use serde::Serialize;
use serde_json::json;

/// How an item came to be: the proposal it was made from and the vote that adopted it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Provenance {
    /// The proposal's tracking code (the proposer follows it by this).
    pub code: String,
    /// The proposal's title as left.
    pub proposal_title: String,
    /// Proposed by a deputy rather than a citizen.
    pub by_deputy: bool,
    /// When it was proposed.
    pub proposed_at: DateTime<Utc>,
    /// The office's screening date.
    pub screened_at: Option<DateTime<Utc>>,
    /// The ballot.
    pub ballot_id: i64,
    /// Its title.
    pub ballot_title: String,
    /// When it closed.
    pub closed_at: DateTime<Utc>,
    /// Votes this candidate got.
    pub votes: i64,
    /// Deputies who voted.
    pub voters: i64,
    /// Candidates on the ballot (N).
    pub candidates: i64,
    /// Seats (K).
    pub choose: i64,
}

/// An item on the other end of a carry-over link.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CarryLink {
    /// The item.
    pub item_id: i64,
    /// Its number in its list.
    pub seq: String,
    /// Its name.
    pub name: Option<String>,
    /// Its plan.
    pub plan_id: i64,
    /// The plan's year.
    pub year: i32,
    /// The plan's state code (only published or closed plans are linked publicly).
    pub plan_state: String,
}

/// An unfinished item of an earlier plan that may be carried into a draft.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CarryCandidate {
    /// The item.
    pub item_id: i64,
    /// Its plan's year.
    pub year: i32,
    /// Its number.
    pub seq: String,
    /// Its name.
    pub name: Option<String>,
    /// Its deadline as currently set.
    pub deadline: Option<chrono::NaiveDate>,
}

/// The columns of a [`CarryLink`], over `items i JOIN plans p`.
const LINK_FROM: &str = "SELECT i.id AS item_id, i.seq, COALESCE(i.name, i.summary) AS name, p.id AS plan_id, p.year, p.state AS plan_state FROM items i JOIN plans p ON p.id = i.plan_id ";

impl Store {
    /// Puts the winners of a closed ballot into the draft plan of its region and year (created
    /// when there is none), once. A tie for the last seat is refused: the office decides it
    /// (a second round) before adopting.
    pub async fn adopt_ballot(
        &self,
        ballot: i64,
        now: DateTime<Utc>,
    ) -> Result<PlanId, StoreError> {
        let (b, candidates) = self.ballot(ballot).await?;
        if now < b.closes_at {
            return Err(Refusal::BallotNotClosed.into());
        }
        if let Some(plan) = b.adopted_plan_id {
            return Err(Refusal::AlreadyAdopted { plan }.into());
        }
        let tally: Vec<(&str, i64)> = candidates
            .iter()
            .map(|c| (c.title.as_str(), c.votes))
            .collect();
        let elected = minsheng_domain::ballot::winners(&tally, b.choose as usize)?;
        let mut candidates: Vec<Option<_>> = candidates.into_iter().map(Some).collect();
        let winners: Vec<_> = elected
            .into_iter()
            .filter_map(|i| candidates[i].take())
            .collect();
        let region = RegionId(b.region_id);
        let plan = self.draft_plan_for(region, b.year).await?;
        in_write_tx!(self, tx => {
            let category: i64 = sqlx::query_scalar("INSERT INTO categories (plan_id, position, name) VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories WHERE plan_id = $1), $2) RETURNING id")
                .bind(plan.0).bind("人大代表票决项目").fetch_one(&mut *tx).await?;
            let mut position: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM items WHERE plan_id = $1").bind(plan.0).fetch_one(&mut *tx).await?;
            let mut items = Vec::new();
            for (n, c) in winners.iter().enumerate() {
                position += 1;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO items (plan_id, category_id, seq, position, name, content, voted, proposal_id, ballot_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8) RETURNING id",
                )
                .bind(plan.0).bind(category).bind(format!("★{}", n + 1)).bind(position as i32)
                .bind(&c.title).bind(&c.content).bind(c.proposal_id).bind(ballot)
                .fetch_one(&mut *tx).await?;
                sqlx::query("UPDATE proposals SET state = 'adopted' WHERE id = $1").bind(c.proposal_id).execute(&mut *tx).await?;
                items.push(json!({"item": id, "proposal": c.proposal_id, "votes": c.votes}));
            }
            sqlx::query("UPDATE ballots SET adopted_plan_id = $1, adopted_at = $2 WHERE id = $3")
                .bind(plan.0).bind(now).bind(ballot).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("ballot.adopt", "ballot", ballot).after(json!({"plan": plan.0, "items": items}))).await?;
        });
        Ok(plan)
    }

    /// The draft plan of a region and year, created empty when there is none.
    async fn draft_plan_for(&self, region: RegionId, year: i32) -> Result<PlanId, StoreError> {
        let found: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM plans WHERE region_id = $1 AND year = $2 AND state = 'draft' ORDER BY id LIMIT 1").bind(region.0).bind(year).fetch_optional(p).await?);
        if let Some(id) = found {
            return Ok(PlanId(id));
        }
        let name: String = on_pool!(self, p => sqlx::query_scalar("SELECT name FROM regions WHERE id = $1").bind(region.0).fetch_one(p).await?);
        let title = format!("{name}{year}年民生实事项目（草案）");
        Ok(PlanId(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO plans (region_id, year, title, state) VALUES ($1, $2, $3, 'draft') RETURNING id")
                .bind(region.0).bind(year).bind(&title).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("plan.create", "plan", id).after(json!({"title": title, "year": year}))).await?;
            id
        })))
    }

    /// Where an item came from, when it was made from a voted proposal.
    pub async fn provenance(&self, item: ItemId) -> Result<Option<Provenance>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT pr.code, pr.title AS proposal_title, pr.by_deputy IS NOT NULL AS by_deputy, pr.created_at AS proposed_at, pr.screened_at, \
                    b.id AS ballot_id, b.title AS ballot_title, b.closes_at AS closed_at, c.votes, \
                    (SELECT COUNT(*) FROM ballot_voters v WHERE v.ballot_id = b.id) AS voters, \
                    (SELECT COUNT(*) FROM ballot_candidates x WHERE x.ballot_id = b.id) AS candidates, b.choose \
             FROM items i JOIN proposals pr ON pr.id = i.proposal_id JOIN ballots b ON b.id = i.ballot_id \
             JOIN ballot_candidates c ON c.ballot_id = b.id AND c.proposal_id = pr.id WHERE i.id = $1",
        ).bind(item.0).fetch_optional(p).await?))
    }

    /// The item a proposal became, once adopted.
    pub async fn proposal_item(&self, proposal: i64) -> Result<Option<CarryLink>, StoreError> {
        let sql = format!("{LINK_FROM}WHERE i.proposal_id = $1 ORDER BY i.id LIMIT 1");
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(proposal).fetch_optional(p).await?),
        )
    }

    /// The item this one was carried over from, and the items it was carried into.
    pub async fn carry_links(
        &self,
        item: ItemId,
    ) -> Result<(Option<CarryLink>, Vec<CarryLink>), StoreError> {
        let from =
            format!("{LINK_FROM}WHERE i.id = (SELECT carried_over_from FROM items WHERE id = $1)");
        let to = format!("{LINK_FROM}WHERE i.carried_over_from = $1 ORDER BY p.year, i.id");
        Ok(on_pool!(self, p => (
            sqlx::query_as(sqlx::AssertSqlSafe(from.clone())).bind(item.0).fetch_optional(p).await?,
            sqlx::query_as(sqlx::AssertSqlSafe(to.clone())).bind(item.0).fetch_all(p).await?,
        )))
    }

    /// Unfinished items of the region's earlier published or closed plans that are not yet
    /// carried anywhere: neither accepted nor terminated.
    pub async fn carry_candidates(&self, to: PlanId) -> Result<Vec<CarryCandidate>, StoreError> {
        Ok(on_pool!(self, p => sqlx::query_as(
            "SELECT i.id AS item_id, p.year, i.seq, COALESCE(i.name, i.summary) AS name, COALESCE(i.current_deadline, i.deadline) AS deadline \
             FROM items i JOIN plans p ON p.id = i.plan_id JOIN plans t ON t.id = $1 \
             WHERE p.region_id = t.region_id AND p.year < t.year AND p.state IN ('published', 'closed') \
               AND i.accepted_on IS NULL AND (i.disposition IS NULL OR i.disposition = 'carried_over') \
               AND NOT EXISTS (SELECT 1 FROM items n WHERE n.carried_over_from = i.id) \
             ORDER BY p.year, i.position",
        ).bind(to.0).fetch_all(p).await?))
    }

    /// Carries unfinished items of earlier plans into a draft plan: each is copied with its
    /// category, targets, units and leaders, links back to the original, and the original is
    /// marked 结转 with a note naming the new plan.
    pub async fn carry_over(
        &self,
        to: PlanId,
        items: &[ItemId],
    ) -> Result<Vec<ItemId>, StoreError> {
        let allowed: std::collections::HashSet<i64> = self
            .carry_candidates(to)
            .await?
            .into_iter()
            .map(|c| c.item_id)
            .collect();
        if let Some(bad) = items.iter().find(|i| !allowed.contains(&i.0)) {
            return Err(Refusal::CarryNotAllowed { item: bad.0 }.into());
        }
        let (state, year): (String, i32) = on_pool!(self, p => sqlx::query_as("SELECT state, year FROM plans WHERE id = $1").bind(to.0).fetch_one(p).await?);
        if state != "draft" {
            return Err(Refusal::CarryIntoDraftOnly.into());
        }
        let note = format!("结转至{year}年民生实事项目");
        Ok(in_write_tx!(self, tx => {
            let mut made = Vec::new();
            let mut position: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(position), 0) AS BIGINT) FROM items WHERE plan_id = $1").bind(to.0).fetch_one(&mut *tx).await?;
            for old in items {
                position += 1;
                let cat_name: Option<String> = sqlx::query_scalar("SELECT c.name FROM items i JOIN categories c ON c.id = i.category_id WHERE i.id = $1").bind(old.0).fetch_optional(&mut *tx).await?;
                let category = match cat_name {
                    None => None,
                    Some(n) => {
                        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE plan_id = $1 AND name = $2").bind(to.0).bind(&n).fetch_optional(&mut *tx).await?;
                        Some(match found {
                            Some(id) => id,
                            None => sqlx::query_scalar("INSERT INTO categories (plan_id, position, name) VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories WHERE plan_id = $1), $2) RETURNING id")
                                .bind(to.0).bind(&n).fetch_one(&mut *tx).await?,
                        })
                    }
                };
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO items (plan_id, category_id, seq, position, name, summary, content, level, acceptance_standard, fund_source, budget, voted, carried_over_from, proposal_id, ballot_id, span_start_year, span_end_year, extra) \
                     SELECT $1, $2, $3, $4, name, summary, content, level, acceptance_standard, fund_source, budget, voted, id, proposal_id, ballot_id, span_start_year, span_end_year, extra FROM items WHERE id = $5 RETURNING id",
                )
                .bind(to.0).bind(category).bind(format!("结转{}", made.len() + 1)).bind(position as i32).bind(old.0)
                .fetch_one(&mut *tx).await?;
                let targets: Vec<(i64,)> = sqlx::query_as("SELECT id FROM targets WHERE item_id = $1 ORDER BY position").bind(old.0).fetch_all(&mut *tx).await?;
                let mut mapped = std::collections::HashMap::new();
                for (t,) in targets {
                    let n: i64 = sqlx::query_scalar("INSERT INTO targets (item_id, position, metric, unit, value, comparator, kind, baseline, optional, source_text) SELECT $1, position, metric, unit, value, comparator, kind, baseline, optional, source_text FROM targets WHERE id = $2 RETURNING id")
                        .bind(id).bind(t).fetch_one(&mut *tx).await?;
                    mapped.insert(t, n);
                }
                sqlx::query("INSERT INTO item_units (item_id, unit_id, role, position, target_id, share) SELECT $1, unit_id, role, position, target_id, share FROM item_units WHERE item_id = $2")
                    .bind(id).bind(old.0).execute(&mut *tx).await?;
                for (was, now) in &mapped {
                    sqlx::query("UPDATE item_units SET target_id = $1 WHERE item_id = $2 AND target_id = $3")
                        .bind(now).bind(id).bind(was).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO item_leaders (item_id, leader_id, position) SELECT $1, leader_id, position FROM item_leaders WHERE item_id = $2")
                    .bind(id).bind(old.0).execute(&mut *tx).await?;
                sqlx::query("UPDATE items SET disposition = $1, disposition_note = $2 WHERE id = $3")
                    .bind(Disposition::CarriedOver.code()).bind(&note).bind(old.0).execute(&mut *tx).await?;
                tx.audit(&self.actor, Change::new("item.carry_over", "item", id).after(json!({"from": old.0, "plan": to.0}))).await?;
                made.push(ItemId(id));
            }
            made
        }))
    }
}

//! Satisfaction campaigns in storage (满意度测评): a plan's campaign open between two instants;
//! one rating per (campaign, item, voter) — citizens by a hash of their client, at most
//! [`RATINGS_PER_HOUR`] an hour, deputies by their account; results per item by voter kind;
//! and applying the results to the items' satisfaction used by year-end scoring.

use crate::audit::Change;
use crate::ledger::is_unique_violation;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Duration, Utc};
use minsheng_domain::Refusal;
use minsheng_domain::civic::{Choice, Tally, VoterKind};
use minsheng_domain::{ItemId, PlanId, PlanState};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Ratings one citizen client may give per hour (a plan has dozens of items).
pub const RATINGS_PER_HOUR: i64 = 100;
/// Citizen ratings of one item in one campaign from one client address, whatever browsers it
/// names: a household or an office behind one router, not a crowd.
pub const ORIGIN_RATINGS: i64 = 5;

/// A campaign.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Campaign {
    /// Identifier.
    pub id: i64,
    /// Plan.
    pub plan_id: i64,
    /// Title.
    pub title: String,
    /// Opens.
    pub opens_at: DateTime<Utc>,
    /// Closes.
    pub closes_at: DateTime<Utc>,
    /// Results written to the items' satisfaction at.
    pub applied_at: Option<DateTime<Utc>>,
    /// Citizens rate only with a mobile number verified by SMS.
    pub verify_phone: bool,
}

impl Campaign {
    /// Open at `now`.
    pub fn open(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }

    /// A refusal naming the campaign's times unless it is open at `now`.
    pub fn must_be_open(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.open(now) {
            return Ok(());
        }
        Err(Refusal::CampaignNotOpen {
            opens: self.opens_at.format("%Y-%m-%d %H:%M").to_string(),
            closes: self.closes_at.format("%Y-%m-%d %H:%M").to_string(),
        })
    }
}

/// Who rates.
#[derive(Debug, Clone)]
pub enum Voter {
    /// A citizen's client (address and browser; stored as hashes).
    Citizen(crate::Client),
    /// A citizen with a mobile number verified by SMS (`phone`: its keyed hash), from a client.
    Verified {
        /// The number as stored.
        phone: String,
        /// Where the request came from (for the office's look at bursts).
        client: crate::Client,
    },
    /// A deputy's account.
    Deputy(minsheng_domain::UserId),
}

/// One item's results (测评表 row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Item.
    pub item_id: i64,
    /// List number.
    pub seq: String,
    /// Title.
    pub title: String,
    /// Citizens' ratings.
    pub citizens: Tally,
    /// Deputies' ratings.
    pub deputies: Tally,
    /// Both.
    pub all: Tally,
}

const COLS: &str = "id, plan_id, title, opens_at, closes_at, applied_at, verify_phone";

impl Store {
    /// Starts a campaign for a published plan; `verify_phone`: citizens rate only with a
    /// mobile number verified by SMS.
    pub async fn create_campaign(
        &self,
        plan: PlanId,
        title: &str,
        (opens_at, closes_at): (DateTime<Utc>, DateTime<Utc>),
        verify_phone: bool,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 100 {
            return Err(Refusal::TitleLength.into());
        }
        if closes_at <= opens_at {
            return Err(Refusal::ClosesBeforeOpens.into());
        }
        if self.plan(plan).await?.state != PlanState::Published {
            return Err(Refusal::PlanMustBePublished.into());
        }
        let by = self.actor.name.clone();
        Ok(in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO rating_campaigns (plan_id, title, opens_at, closes_at, created_by, created_at, verify_phone) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(plan.0).bind(title).bind(opens_at).bind(closes_at).bind(&by).bind(now).bind(verify_phone).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("campaign.create", "rating_campaign", id).after(json!({"plan": plan, "title": title, "opens_at": opens_at, "closes_at": closes_at, "verify_phone": verify_phone}))).await?;
            id
        }))
    }

    /// A plan's campaigns, newest first.
    pub async fn campaigns(&self, plan: PlanId) -> Result<Vec<Campaign>, StoreError> {
        let sql =
            format!("SELECT {COLS} FROM rating_campaigns WHERE plan_id = $1 ORDER BY id DESC");
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(plan.0).fetch_all(p).await?),
        )
    }

    /// One campaign.
    pub async fn campaign(&self, id: i64) -> Result<Campaign, StoreError> {
        let sql = format!("SELECT {COLS} FROM rating_campaigns WHERE id = $1");
        let c: Option<Campaign> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?);
        c.ok_or(StoreError::NotFound("测评 (campaign)"))
    }

    /// Rates an item in an open campaign of its plan. A second rating by the same voter is
    /// refused, and nothing changes.
    pub async fn rate(
        &self,
        campaign: i64,
        item: ItemId,
        voter: &Voter,
        choice: Choice,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let c = self.campaign(campaign).await?;
        c.must_be_open(now)?;
        let on_plan: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1").bind(item.0).fetch_optional(p).await?);
        if on_plan != Some(c.plan_id) {
            return Err(StoreError::NotFound("项目 (item)"));
        }
        // `capped`: an unverified citizen, held to a few ratings per network.
        let (kind, key, origin, capped) = match voter {
            Voter::Citizen(_) if c.verify_phone => {
                return Err(Refusal::PhoneNotVerified.into());
            }
            Voter::Citizen(client) => (
                VoterKind::Citizen,
                format!("c:{}", client.key()),
                Some(client.origin()),
                true,
            ),
            Voter::Verified { phone, client } => (
                VoterKind::Citizen,
                format!("p:{phone}"),
                Some(client.origin()),
                false,
            ),
            Voter::Deputy(user) => (VoterKind::Deputy, format!("d:{}", user.0), None, false),
        };
        if kind == VoterKind::Citizen {
            let recent: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM ratings WHERE voter = $1 AND created_at > $2").bind(&key).bind(now - Duration::hours(1)).fetch_one(p).await?);
            if recent >= RATINGS_PER_HOUR {
                return Err(StoreError::TooMany(
                    "评价太频繁，请稍后再试 (too many ratings; try later)".into(),
                ));
            }
        }
        in_write_tx!(self, tx => {
            if let (Some(origin), true) = (&origin, capped) {
                // Taking the campaign's row first serialises its ratings on either database, so
                // parallel requests cannot all pass the count below.
                sqlx::query("UPDATE rating_campaigns SET id = id WHERE id = $1").bind(campaign).execute(&mut *tx).await?;
                let from_origin: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ratings WHERE campaign_id = $1 AND item_id = $2 AND origin = $3")
                    .bind(campaign).bind(item.0).bind(origin).fetch_one(&mut *tx).await?;
                if from_origin >= ORIGIN_RATINGS {
                    return Err(StoreError::TooMany(format!(
                        "同一网络已对该项目评价 {ORIGIN_RATINGS} 次，不再接受更多评价 (at most {ORIGIN_RATINGS} ratings of an item from one address)"
                    )));
                }
            }
            let inserted = sqlx::query("INSERT INTO ratings (campaign_id, item_id, voter_kind, voter, choice, created_at, origin) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(campaign).bind(item.0).bind(kind.code()).bind(&key).bind(choice.code()).bind(now).bind(&origin)
                .execute(&mut *tx).await;
            if let Err(e) = inserted {
                return Err(if is_unique_violation(&e) {
                    Refusal::AlreadyRated.into()
                } else {
                    e.into()
                });
            }
            // Which voter chose what is not logged: the audit keeps that a rating was cast.
            tx.audit(&self.actor, Change::new("rating.cast", "rating_campaign", campaign).after(json!({"item": item, "voter_kind": kind, "verified": !capped && kind == VoterKind::Citizen}))).await?;
        });
        Ok(())
    }

    /// Results per item of the plan, by voter kind, in list order.
    pub async fn campaign_results(&self, campaign: i64) -> Result<Vec<ItemResult>, StoreError> {
        let c = self.campaign(campaign).await?;
        let detail = self.plan_detail(PlanId(c.plan_id), None).await?;
        let rows: Vec<(i64, String, String, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT item_id, voter_kind, choice, COUNT(*) FROM ratings WHERE campaign_id = $1 GROUP BY item_id, voter_kind, choice",
        ).bind(campaign).fetch_all(p).await?);
        let mut by: BTreeMap<i64, (Tally, Tally)> = BTreeMap::new();
        for (item, kind, choice, n) in rows {
            let (Ok(kind), Ok(choice)) = (kind.parse::<VoterKind>(), choice.parse::<Choice>())
            else {
                continue;
            };
            let e = by.entry(item).or_default();
            let t = if kind == VoterKind::Deputy {
                &mut e.1
            } else {
                &mut e.0
            };
            for _ in 0..n {
                t.add(choice);
            }
        }
        Ok(detail
            .items
            .iter()
            .map(|d| {
                let (citizens, deputies) = by.get(&d.item.id.0).copied().unwrap_or_default();
                ItemResult {
                    item_id: d.item.id.0,
                    seq: d.item.seq.clone(),
                    title: d.item.display_title(),
                    citizens,
                    deputies,
                    all: Tally {
                        satisfied: citizens.satisfied + deputies.satisfied,
                        basic: citizens.basic + deputies.basic,
                        unsatisfied: citizens.unsatisfied + deputies.unsatisfied,
                    },
                }
            })
            .collect())
    }

    /// Writes a closed campaign's results into the items' satisfaction (year-end scoring).
    pub async fn apply_campaign(
        &self,
        campaign: i64,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let c = self.campaign(campaign).await?;
        if c.open(now) || now < c.opens_at {
            return Err(Refusal::CampaignNotClosed.into());
        }
        let results = self.campaign_results(campaign).await?;
        let mut n = 0;
        for r in results.iter().filter(|r| r.all.total() > 0) {
            self.set_item_rating(
                ItemId(r.item_id),
                (r.all.satisfied, r.all.basic, r.all.unsatisfied),
                &format!("测评#{campaign}"),
                now,
            )
            .await?;
            n += 1;
        }
        in_write_tx!(self, tx => {
            sqlx::query("UPDATE rating_campaigns SET applied_at = $1 WHERE id = $2").bind(now).bind(campaign).execute(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("campaign.apply", "rating_campaign", campaign).after(json!({"items": n}))).await?;
        });
        Ok(n)
    }
}

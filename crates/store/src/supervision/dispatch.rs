//! Leaders' dispatch reviews (每旬调度): each time a leader goes through their items, the
//! light, percent and latest report of each is recorded, so the next review shows what changed
//! since.

use crate::audit::Change;
use crate::ledger::{ItemLedger, Now};
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::LeaderId;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;

/// An item as a review saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Light code.
    pub light: String,
    /// Percent.
    pub percent: Option<f64>,
    /// Status code.
    pub status: String,
    /// Period of the latest report.
    pub latest: Option<NaiveDate>,
}

impl Seen {
    fn of(it: &ItemLedger) -> Seen {
        Seen {
            light: it.assessment.light.code().into(),
            percent: it.assessment.actual,
            status: it.assessment.status.code().into(),
            latest: it.latest.as_ref().map(|l| l.0),
        }
    }
}

/// A past review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchReview {
    /// When.
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub reviewer: String,
    /// Per item id.
    pub seen: HashMap<i64, Seen>,
}

/// What changed on an item since the last review.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchChange {
    /// Light then (None: new since).
    pub light_before: Option<String>,
    /// Percent then.
    pub percent_before: Option<f64>,
    /// A report for a later period came in.
    pub new_report: bool,
    /// Anything changed.
    pub changed: bool,
}

impl DispatchReview {
    /// What changed on `it` since this review.
    pub fn change(&self, it: &ItemLedger) -> DispatchChange {
        let now = Seen::of(it);
        match self.seen.get(&it.detail.item.id.0) {
            None => DispatchChange {
                light_before: None,
                percent_before: None,
                new_report: now.latest.is_some(),
                changed: true,
            },
            Some(then) => DispatchChange {
                light_before: Some(then.light.clone()),
                percent_before: then.percent,
                new_report: now.latest > then.latest,
                changed: then != &now,
            },
        }
    }
}

impl Store {
    /// Records a review of `items` by `leader`.
    pub async fn record_dispatch_review(
        &self,
        leader: LeaderId,
        items: &[&ItemLedger],
        now: Now,
    ) -> Result<(), StoreError> {
        let seen: HashMap<i64, Seen> = items
            .iter()
            .map(|it| (it.detail.item.id.0, Seen::of(it)))
            .collect();
        let figures = serde_json::to_string(&seen).expect("figures serialise");
        let by = self.actor.name.clone();
        in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO dispatch_reviews (leader_id, reviewer, at, figures) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(leader.0).bind(&by).bind(now.at).bind(&figures).fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("dispatch.review", "leader", leader).after(json!({"review": id, "items": seen.len()}))).await?;
        });
        Ok(())
    }

    /// The leader's latest review.
    pub async fn last_dispatch_review(
        &self,
        leader: LeaderId,
    ) -> Result<Option<DispatchReview>, StoreError> {
        let row: Option<(DateTime<Utc>, String, String)> = on_pool!(self, p => sqlx::query_as("SELECT at, reviewer, figures FROM dispatch_reviews WHERE leader_id = $1 ORDER BY id DESC LIMIT 1").bind(leader.0).fetch_optional(p).await?);
        Ok(row.map(|(at, reviewer, f)| DispatchReview {
            at,
            reviewer,
            seen: serde_json::from_str(&f).unwrap_or_default(),
        }))
    }
}

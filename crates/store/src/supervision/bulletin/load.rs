//! Loading a bulletin's content for a plan: the ledger as of the end of its range, the latest
//! delay explanations and the open orders; and the items a bulletin proposes orders for.

use super::OrderFilter;
use super::*;
use crate::ledger::PlanLedger;
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::ledger::Light;
use minsheng_domain::supervision::{BulletinKind, ReminderStep};
use minsheng_domain::{ItemId, PlanId};
use std::collections::HashMap;

impl Store {
    /// Latest delay explanation per item of a plan, as one line: 原因：说明.
    async fn latest_delays(&self, plan: PlanId) -> Result<HashMap<i64, String>, StoreError> {
        let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT d.item_id, d.cause, d.explanation FROM delay_explanations d JOIN items i ON i.id = d.item_id WHERE i.plan_id = $1 AND d.state <> 'rejected' ORDER BY d.id",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(i, c, e)| (i, format!("{c}：{e}")))
            .collect())
    }

    /// Computes a bulletin's content for a plan and range, as of `min(today, range end)`.
    /// Year-end bulletins include satisfaction results.
    pub async fn bulletin_data(
        &self,
        plan: PlanId,
        kind: BulletinKind,
        range: (NaiveDate, NaiveDate),
        today: NaiveDate,
    ) -> Result<BulletinData, StoreError> {
        let as_of = today.min(range.1);
        let ledger = self.plan_ledger(plan, as_of).await?;
        let orders = self
            .orders(&OrderFilter {
                plan: Some(plan),
                ..OrderFilter::default()
            })
            .await?;
        let escalated: Vec<String> = self
            .reminders(plan, Some(ReminderStep::Bulletin))
            .await?
            .into_iter()
            .filter(|r| r.period_start >= range.0 && r.period_start <= range.1)
            .map(|r| r.unit)
            .collect();
        let delays = self.latest_delays(plan).await?;
        let ratings = if kind == BulletinKind::YearEnd {
            Some(self.ratings(plan).await?)
        } else {
            None
        };
        Ok(build(
            &ledger,
            kind,
            range,
            &ledger.first_submitted,
            &orders,
            &escalated,
            &delays,
            ratings.as_ref(),
        ))
    }

    /// Red items of a plan with no open supervision order: proposed for one (建议督办).
    pub async fn proposed_orders(&self, ledger: &PlanLedger) -> Result<Vec<ItemId>, StoreError> {
        let open = self
            .orders(&OrderFilter {
                plan: Some(ledger.plan.id),
                open_only: true,
                ..OrderFilter::default()
            })
            .await?;
        Ok(ledger
            .items
            .iter()
            .filter(|it| it.assessment.light == Light::Red)
            .map(|it| it.detail.item.id)
            .filter(|id| !open.iter().any(|o| o.item_id == id.0))
            .collect())
    }
}

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
        let mut data = build(
            &ledger,
            kind,
            range,
            &ledger.first_submitted,
            &orders,
            &escalated,
            &delays,
            ratings.as_ref(),
        );
        data.adjustments = self.adjustment_lines(plan, range).await?;
        let allocations = self.allocations_of(plan, as_of).await?;
        data.allocated = allocations.len();
        data.regions = region_lines(&allocations);
        Ok(data)
    }

    /// Adjustments of the plan approved within `range` (China time), oldest first.
    async fn adjustment_lines(
        &self,
        plan: PlanId,
        range: (NaiveDate, NaiveDate),
    ) -> Result<Vec<super::AdjustmentLine>, StoreError> {
        let china = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
        let seqs: std::collections::HashMap<i64, String> = self
            .plan_detail(plan, None)
            .await?
            .items
            .into_iter()
            .map(|i| (i.item.id.0, i.item.seq))
            .collect();
        let mut out: Vec<super::AdjustmentLine> = self
            .plan_adjustments(plan)
            .await?
            .into_iter()
            .filter(|a| a.state == minsheng_domain::adjustment::AdjustmentState::Approved)
            .filter(|a| {
                a.decided_at
                    .map(|t| t.with_timezone(&china).date_naive())
                    .is_some_and(|d| d >= range.0 && d <= range.1)
            })
            .map(|a| super::AdjustmentLine {
                seq: a
                    .item_id
                    .and_then(|i| seqs.get(&i.0).cloned())
                    .unwrap_or_default(),
                title: a
                    .after
                    .as_ref()
                    .or(a.before.as_ref())
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                kind: a.kind.label_zh().into(),
                changes: a
                    .changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{}：{} → {}",
                            c.field,
                            if c.before.is_empty() {
                                "—"
                            } else {
                                &c.before
                            },
                            if c.after.is_empty() {
                                "（删去）"
                            } else {
                                &c.after
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                basis: a
                    .decision
                    .map(|d| format!("{} {}（{}）", d.body, d.number, d.date))
                    .unwrap_or_default(),
            })
            .collect();
        out.reverse();
        Ok(out)
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

//! Loading what a plan's ledger is assessed from ([`PlanFacts`]), and the assessment as
//! the store serves it: the pure assessment plus the texts of the reports shown.

use super::PlanLedger;
use super::achieved::MilestoneRow;
use super::facts::{ItemExtra, PlanFacts};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::PlanId;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A future boxed with its type named (see [`Store::figures_below`]).
pub(crate) type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

impl Store {
    /// A plan's ledger as of `today`, assessed anew from the database (readers take
    /// [`Store::plan_ledger`], which keeps it while the plan is unchanged).
    pub async fn assess_plan(
        &self,
        plan_id: PlanId,
        today: NaiveDate,
    ) -> Result<PlanLedger, StoreError> {
        let facts = self.plan_facts(plan_id, today).await?;
        self.assess_facts(&facts, today).await
    }

    /// The pure assessment of `facts` as of `today`, with the shown reports' texts read.
    pub(crate) async fn assess_facts(
        &self,
        facts: &PlanFacts,
        today: NaiveDate,
    ) -> Result<PlanLedger, StoreError> {
        let (mut ledger, latest_ids) = facts.assess(today);
        let ids: Vec<i64> = latest_ids.iter().flatten().copied().collect();
        let mut texts = self.report_texts(&ids).await?;
        for (it, id) in ledger.items.iter_mut().zip(&latest_ids) {
            if let (Some(l), Some(id)) = (&mut it.latest, id) {
                (l.1, l.2, it.no_progress) = texts.remove(id).unwrap_or_default();
            }
        }
        Ok(ledger)
    }

    /// What a plan's ledger is assessed from, with reports as of `as_of`.
    pub(crate) async fn plan_facts(
        &self,
        plan_id: PlanId,
        as_of: NaiveDate,
    ) -> Result<PlanFacts, StoreError> {
        let detail = self.plan_detail(plan_id, None).await?;
        let settings = self.plan_settings(plan_id).await?;
        let mut reports = self.load_ledger_report_rows(plan_id, as_of).await?;
        let values = self.ledger_values(plan_id, as_of).await?;
        super::reports::latest_values(&mut reports, &values);
        let (extras, assigns, milestones, pending_accept, delays, changes) = on_pool!(self, p => {
            let extras: Vec<ItemExtra> = sqlx::query_as("SELECT id, start_on, current_deadline, disposition, accepted_on FROM items WHERE plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let assigns: Vec<(i64, i64, String, Option<i64>)> = sqlx::query_as("SELECT iu.item_id, iu.unit_id, iu.role, iu.target_id FROM item_units iu JOIN items i ON i.id = iu.item_id WHERE i.plan_id = $1 ORDER BY iu.position").bind(plan_id.0).fetch_all(p).await?;
            let ms: Vec<MilestoneRow> = sqlx::query_as("SELECT m.item_id, m.due_on, m.done_on, m.planned_percent FROM milestones m JOIN items i ON i.id = m.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let pa: Vec<i64> = sqlx::query_scalar("SELECT a.item_id FROM acceptance_requests a JOIN items i ON i.id = a.item_id WHERE i.plan_id = $1 AND a.state = 'pending'").bind(plan_id.0).fetch_all(p).await?;
            let dl: Vec<(i64, String, NaiveDate)> = sqlx::query_as("SELECT d.item_id, d.state, d.new_deadline FROM delay_explanations d JOIN items i ON i.id = d.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let ch: Vec<i64> = sqlx::query_scalar("SELECT c.item_id FROM deadline_changes c JOIN items i ON i.id = c.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            (extras, assigns, ms, pa, dl, ch)
        });
        let below = self.figures_below(plan_id, as_of).await?;
        let fed: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT DISTINCT a.item_id FROM allocations a JOIN items i ON i.id = a.item_id WHERE i.plan_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.item_id = a.item_id AND t.kind = 'count' \
               AND NOT EXISTS (SELECT 1 FROM allocation_shares s WHERE s.target_id = t.id))",
        ).bind(plan_id.0).fetch_all(p).await?);
        let from: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT a.child_item_id, pi.plan_id FROM allocations a JOIN items ci ON ci.id = a.child_item_id \
             JOIN items pi ON pi.id = a.item_id WHERE ci.plan_id = $1",
        ).bind(plan_id.0).fetch_all(p).await?);
        Ok(PlanFacts {
            detail,
            settings,
            as_of,
            reports,
            values,
            extras,
            assigns,
            milestones,
            pending_accept,
            delays,
            changes,
            below,
            fed: fed.into_iter().collect(),
            from: from.into_iter().collect(),
        })
    }

    /// Keeps the ledgers of the lists `plan` allocated to, as of `today` and each of `days`,
    /// each list's facts read once (and so on down): reading the figures from below for
    /// each earlier day then finds them kept instead of reading every list below once a day.
    pub(crate) fn prime_below(
        &self,
        plan_id: PlanId,
        today: NaiveDate,
        days: Vec<NaiveDate>,
    ) -> Boxed<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let below: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
                "SELECT DISTINCT ci.plan_id FROM items pi JOIN allocations a ON a.item_id = pi.id \
                 JOIN items ci ON ci.id = a.child_item_id \
                 WHERE pi.plan_id = $1 AND ci.plan_id <> $1 \
                   AND ci.plan_id NOT IN (SELECT above_id FROM plan_links WHERE plan_id = $1)",
            ).bind(plan_id.0).fetch_all(p).await?);
            for child in below {
                let days = days.clone();
                self.prime_ledgers(PlanId(child), today, move |_, _| days)
                    .await?;
            }
            Ok(())
        })
    }

    /// Per target of `plan`'s items allocated to the regions below, the figures their
    /// ledgers show as of `as_of` (each of those added up from further below), summed.
    /// Boxed with its type named: it assesses the lists below the way this one is assessed,
    /// so the future's type would otherwise contain itself.
    pub(crate) fn figures_below(
        &self,
        plan_id: PlanId,
        as_of: NaiveDate,
    ) -> Boxed<'_, Result<HashMap<i64, f64>, StoreError>> {
        Box::pin(async move {
            let rows: Vec<(i64, i64, i64, i64)> = on_pool!(self, p => sqlx::query_as(
                "SELECT s.target_id, ci.plan_id, a.child_item_id, s.child_target_id \
                 FROM items pi JOIN allocations a ON a.item_id = pi.id \
                 JOIN allocation_shares s ON s.allocation_id = a.id JOIN items ci ON ci.id = a.child_item_id \
                 WHERE pi.plan_id = $1 AND ci.plan_id <> $1 \
                   AND ci.plan_id NOT IN (SELECT above_id FROM plan_links WHERE plan_id = $1) \
                 ORDER BY ci.plan_id",
            ).bind(plan_id.0).fetch_all(p).await?);
            let mut below: HashMap<i64, f64> = HashMap::new();
            let mut figures: Option<(i64, Arc<super::progress::Figures>)> = None;
            for (target, child_plan, child_item, child_target) in rows {
                if figures.as_ref().is_none_or(|l| l.0 != child_plan) {
                    figures = Some((child_plan, self.figures(PlanId(child_plan), as_of).await?));
                }
                let figure = figures.as_ref().and_then(|(_, f)| {
                    f.iter()
                        .find(|x| x.0 == child_item && x.1 == child_target)
                        .map(|x| x.2)
                });
                if let Some(v) = figure {
                    *below.entry(target).or_default() += v;
                }
            }
            Ok(below)
        })
    }
}

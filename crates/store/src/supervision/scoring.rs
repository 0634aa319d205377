//! The facts a department score is computed from (部门排名 / 绩效考核), gathered from a plan's
//! ledger, its report timestamps, its supervision orders and its satisfaction results. The
//! formula is the domain's ([`minsheng_domain::supervision::scoring`]).

use super::Order;
use crate::ledger::PlanLedger;
use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::PlanId;
use minsheng_domain::ledger::ItemStatus;
use minsheng_domain::supervision::UnitFacts;
use std::collections::{BTreeMap, HashMap};

/// First submission day per (item, unit, period start).
pub type FirstSubmissions = HashMap<(i64, i64, NaiveDate), NaiveDate>;

/// Satisfaction counts per item: (满意, 基本满意, 不满意).
pub type Ratings = HashMap<i64, (u32, u32, u32)>;

/// Gathers each lead unit's facts over `from..=to` as of `as_of`.
///
/// - Items: those the unit leads, except terminated and carried-over ones.
/// - Reports due: for each such item, every period inside the range (and after the item's
///   start) whose due date is before `as_of`; on time when first submitted by the due date.
/// - Attainment: the item's non-optional targets, or its reported percent when it has none.
/// - Orders: those addressed to the unit with a deadline in the range that are answered or
///   past their deadline; on time when first answered by the deadline.
/// - Ratings: summed over the unit's items when `ratings` is given.
pub fn unit_facts(
    ledger: &PlanLedger,
    first: &FirstSubmissions,
    orders: &[Order],
    ratings: Option<&Ratings>,
    (from, to): (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Vec<UnitFacts> {
    let mut by_unit: BTreeMap<i64, UnitFacts> = BTreeMap::new();
    let rule = ledger.settings.rule;
    for it in &ledger.items {
        if matches!(
            it.assessment.status,
            ItemStatus::Terminated | ItemStatus::CarriedOver
        ) {
            continue;
        }
        let id = it.detail.item.id.0;
        for u in &it.detail.lead_units {
            let f = by_unit.entry(u.id.0).or_insert_with(|| UnitFacts {
                unit_id: u.id.0,
                unit: u.name.clone(),
                ..UnitFacts::default()
            });
            f.items += 1;
            f.overdue_items += usize::from(it.assessment.status == ItemStatus::Overdue);
            let start = from.max(it.start);
            for p in rule.periods(start, to.min(as_of)) {
                // An item fed from below owes its lead unit no report, so none is late.
                if it.fed || p.end < it.start || p.due >= as_of {
                    continue;
                }
                f.reports_due += 1;
                if first
                    .get(&(id, u.id.0, p.start))
                    .is_some_and(|d| *d <= p.due)
                {
                    f.reports_on_time += 1;
                }
            }
            let targets: Vec<_> = it.targets.iter().filter(|t| !t.target.optional).collect();
            if targets.is_empty() {
                f.targets += 1;
                f.capped_ratio_sum += (it.assessment.actual.unwrap_or(0.0) / 100.0).min(1.0);
            } else {
                for t in targets {
                    f.targets += 1;
                    f.capped_ratio_sum += t.ratio.min(1.0);
                }
            }
            if let Some(r) = ratings.and_then(|r| r.get(&id)) {
                let acc = f.ratings.get_or_insert((0, 0, 0));
                acc.0 += r.0;
                acc.1 += r.1;
                acc.2 += r.2;
            }
        }
    }
    for o in orders {
        if o.deadline < from || o.deadline > to {
            continue;
        }
        if let Some(f) = by_unit.get_mut(&o.unit_id)
            && (o.answered_on.is_some() || o.deadline < as_of)
        {
            f.orders_due += 1;
            f.orders_on_time += usize::from(o.answered_on_time());
        }
    }
    by_unit.into_values().collect()
}

impl Store {
    /// Satisfaction results per item of a plan (满意度测评).
    pub async fn ratings(&self, plan: PlanId) -> Result<Ratings, StoreError> {
        let rows: Vec<(i64, i64, i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT s.item_id, s.satisfied, s.basic, s.unsatisfied FROM item_satisfaction s JOIN items i ON i.id = s.item_id WHERE i.plan_id = $1",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(i, a, b, c)| (i, (a.max(0) as u32, b.max(0) as u32, c.max(0) as u32)))
            .collect())
    }

    /// Records an item's satisfaction results (from a 测评表 or a rating campaign).
    pub async fn set_item_rating(
        &self,
        item: minsheng_domain::ItemId,
        (satisfied, basic, unsatisfied): (u32, u32, u32),
        source: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        crate::in_write_tx!(self, tx => {
            sqlx::query("INSERT INTO item_satisfaction (item_id, satisfied, basic, unsatisfied, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (item_id) DO UPDATE SET satisfied = excluded.satisfied, basic = excluded.basic, unsatisfied = excluded.unsatisfied, source = excluded.source, updated_at = excluded.updated_at")
                .bind(item.0).bind(satisfied as i64).bind(basic as i64).bind(unsatisfied as i64).bind(source).bind(now)
                .execute(&mut *tx).await?;
            tx.audit(&self.actor, crate::audit::Change::new("rating.set", "item", item).after(serde_json::json!({"satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied, "source": source}))).await?;
        });
        Ok(())
    }
}

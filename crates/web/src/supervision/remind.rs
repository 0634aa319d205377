//! One-click 催报 from the dashboard's not-reported list: the office reminds one unit, or every
//! unit listed, about the reports missing for the last closed period. The reminder goes through
//! each unit's liaison channels and is recorded in the ladder as the office's own step (once per
//! unit and period); the list then says when it went and whether anybody was reached.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::ids::{Id, parse_id};
use crate::view::local_time;
use axum::extract::{Form, State};
use axum::response::Redirect;
use chrono::NaiveDate;
use minsheng_domain::supervision::ReminderStep;
use minsheng_domain::{PlanId, UnitId};
use minsheng_store::{NotReported, OfficeReminder, ReminderRecord};

/// A unit on the not-reported list with the items it owes and the office's reminder, if sent.
#[derive(Debug, Clone)]
pub struct UnitMissing {
    /// The unit.
    pub unit_id: i64,
    /// Its name.
    pub unit: String,
    /// The items: id, list number, title.
    pub items: Vec<(i64, String, String)>,
    /// The office's reminder for the period: when (Beijing time) and how many deliveries.
    pub reminded: Option<(String, i64)>,
}

/// The not-reported list by unit, in the order units first appear, with the office's reminders
/// for the period.
pub fn by_unit(missing: &[NotReported], sent: &[ReminderRecord]) -> Vec<UnitMissing> {
    let mut out: Vec<UnitMissing> = Vec::new();
    for n in missing {
        let i = match out.iter().position(|u| u.unit_id == n.unit_id.0) {
            Some(i) => i,
            None => {
                out.push(UnitMissing {
                    unit_id: n.unit_id.0,
                    unit: n.unit.clone(),
                    items: Vec::new(),
                    reminded: sent
                        .iter()
                        .find(|r| r.unit_id == n.unit_id.0 && r.period_start == n.period.start)
                        .map(|r| (local_time(r.at), r.recipients)),
                });
                out.len() - 1
            }
        };
        out[i]
            .items
            .push((n.item_id.0, n.seq.clone(), n.title.clone()));
    }
    out
}

/// The office's reminders of a plan (for [`by_unit`]).
pub async fn office_reminders(s: &AppState, plan: PlanId) -> Result<Vec<ReminderRecord>, AppError> {
    Ok(s.store.reminders(plan, Some(ReminderStep::Office)).await?)
}

/// POST /plans/{id}/remind: `period` (its first day) and `unit`, or no unit for every unit
/// that owes reports for it. Back to the dashboard's list.
pub async fn remind(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let period: NaiveDate = field(&f, "period").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "缺少报送周期，请回到调度看板重新点击“催报”。",
            "The period is missing: go back to the dashboard and press 催报 again.",
        ))
    })?;
    let units: Vec<UnitId> = match field(&f, "unit") {
        "" => {
            let l = s.store.plan_ledger(plan, s.clock.today()).await?;
            let mut all: Vec<UnitId> = l
                .not_reported
                .iter()
                .filter(|n| n.period.start == period)
                .map(|n| n.unit_id)
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        }
        u => vec![parse_id::<UnitId>(u)?],
    };
    let store = me.store(&s);
    let mut sent = 0;
    for unit in units {
        if let OfficeReminder::Sent(_) = store.remind_now(plan, unit, period, s.clock.now()).await?
        {
            sent += 1;
        }
    }
    Ok(Redirect::to(&format!(
        "/plans/{}/dashboard?reminded={sent}#not-reported",
        plan.0
    )))
}

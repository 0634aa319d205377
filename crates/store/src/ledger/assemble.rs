//! Assembling a plan's ledger from stored facts: items, assignments, reports as of the day,
//! milestones, delays and acceptance; the rules themselves live in the domain crate.

use super::achieved::{Assign, MilestoneRow, achieved, current_versions, progress};
use super::assess::{ItemLedger, NotReported, PlanLedger, TargetState};
use super::{PlanSettings, Report};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::ledger::{
    ItemFacts, ItemStatus, MilestoneFacts, Period, PeriodReportState, Rollup, TargetProgress,
};
use minsheng_domain::{ItemId, PlanId, Role, UnitId};
use std::collections::{HashMap, HashSet};

impl Store {
    /// A plan's ledger as of `today`, assessed anew from the database (readers take
    /// [`Store::plan_ledger`], which keeps it while the plan is unchanged).
    pub async fn assess_plan(
        &self,
        plan_id: PlanId,
        today: NaiveDate,
    ) -> Result<PlanLedger, StoreError> {
        let detail = self.plan_detail(plan_id, None).await?;
        let settings = self.plan_settings(plan_id).await?;
        let reports = self.load_ledger_reports(plan_id, today).await?;
        let (extras, assigns, milestones, pending_accept, delays, changes) = on_pool!(self, p => {
            let extras: Vec<ItemExtra> = sqlx::query_as("SELECT id, start_on, current_deadline, disposition, accepted_on FROM items WHERE plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let assigns: Vec<(i64, i64, String, Option<i64>)> = sqlx::query_as("SELECT iu.item_id, iu.unit_id, iu.role, iu.target_id FROM item_units iu JOIN items i ON i.id = iu.item_id WHERE i.plan_id = $1 ORDER BY iu.position").bind(plan_id.0).fetch_all(p).await?;
            let ms: Vec<MilestoneRow> = sqlx::query_as("SELECT m.item_id, m.due_on, m.done_on, m.planned_percent FROM milestones m JOIN items i ON i.id = m.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let pa: Vec<i64> = sqlx::query_scalar("SELECT a.item_id FROM acceptance_requests a JOIN items i ON i.id = a.item_id WHERE i.plan_id = $1 AND a.state = 'pending'").bind(plan_id.0).fetch_all(p).await?;
            let dl: Vec<(i64, String, NaiveDate)> = sqlx::query_as("SELECT d.item_id, d.state, d.new_deadline FROM delay_explanations d JOIN items i ON i.id = d.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            let ch: Vec<i64> = sqlx::query_scalar("SELECT c.item_id FROM deadline_changes c JOIN items i ON i.id = c.item_id WHERE i.plan_id = $1").bind(plan_id.0).fetch_all(p).await?;
            (extras, assigns, ms, pa, dl, ch)
        });
        let extras: HashMap<i64, ItemExtra> = extras.into_iter().map(|e| (e.id, e)).collect();
        let plan_start = settings.start_for(&detail.plan);
        let default_deadline = PlanSettings::default_deadline(&detail.plan);
        let current = settings.rule.period_containing(today);
        let last_closed = settings.rule.last_closed(plan_start, today);
        let mut reports_by_item: HashMap<ItemId, Vec<Report>> = HashMap::new();
        // The ledger as of `today`: reports for later periods are not yet counted.
        let mut first_submitted: HashMap<(i64, i64, NaiveDate), NaiveDate> = HashMap::new();
        for r in reports.into_iter().filter(|r| r.period_start <= today) {
            if let Some(on) = r.submitted_on {
                let e = first_submitted
                    .entry((r.item_id.0, r.unit_id.0, r.period_start))
                    .or_insert(on);
                *e = (*e).min(on);
            }
            reports_by_item.entry(r.item_id).or_default().push(r);
        }
        let mut items = Vec::with_capacity(detail.items.len());
        let mut latest_ids: Vec<Option<i64>> = Vec::with_capacity(detail.items.len());
        let mut not_reported = Vec::new();
        for d in detail.items {
            let id = d.item.id;
            let extra = extras.get(&id.0);
            let my_assigns: Vec<Assign> = assigns
                .iter()
                .filter(|a| a.0 == id.0)
                .map(|a| (UnitId(a.1), a.2.parse().unwrap_or(Role::Co), a.3))
                .collect();
            let reporters: Vec<UnitId> = {
                let mut v: Vec<UnitId> = my_assigns
                    .iter()
                    .filter(|a| a.1 == Role::Lead || a.2.is_some())
                    .map(|a| a.0)
                    .collect();
                v.dedup();
                v
            };
            let item_reports = reports_by_item.remove(&id).unwrap_or_default();
            let cur = current_versions(&item_reports);
            let (values, estimate) = achieved(&d.targets, &my_assigns, &cur);
            let leads: HashSet<UnitId> = my_assigns
                .iter()
                .filter(|a| a.1 == Role::Lead)
                .map(|a| a.0)
                .collect();
            let start = extra.and_then(|e| e.start_on).unwrap_or(plan_start);
            let original_deadline = d.item.deadline.unwrap_or(default_deadline);
            let current_deadline = extra
                .and_then(|e| e.current_deadline)
                .unwrap_or(original_deadline);
            let disposition = extra
                .and_then(|e| e.disposition.as_deref())
                .and_then(|s| s.parse().ok());
            let accepted_on = extra.and_then(|e| e.accepted_on);
            let live_explanation = delays.iter().any(|(i, st, nd)| {
                *i == id.0 && (st == "pending" || (st == "approved" && *nd >= today))
            });
            let facts = ItemFacts {
                start,
                original_deadline,
                current_deadline,
                targets: progress(&d.targets, &values),
                estimate,
                reported: !cur.is_empty(),
                acceptance_pending: pending_accept.contains(&id.0),
                accepted: accepted_on.is_some(),
                disposition,
                milestones: milestones
                    .iter()
                    .filter(|m| m.0 == id.0)
                    .map(|m| MilestoneFacts {
                        due_on: m.1,
                        done_on: m.2,
                        planned_percent: m.3,
                    })
                    .collect(),
                live_explanation,
            };
            let assessment = facts.assess(today, &settings.thresholds);
            // On-time is judged by the first submission of a period, not by later corrections.
            let first_submitted =
                |unit_ok: &dyn Fn(UnitId) -> bool, p: &Period| -> Option<NaiveDate> {
                    item_reports
                        .iter()
                        .filter(|r| unit_ok(r.unit_id) && r.period_start == p.start)
                        .filter_map(|r| r.submitted_on)
                        .min()
                };
            let is_lead = |u: UnitId| leads.contains(&u);
            let current_state = current.state(first_submitted(&is_lead, &current), today);
            let active = matches!(
                assessment.status,
                ItemStatus::NotStarted
                    | ItemStatus::InProgress
                    | ItemStatus::Overdue
                    | ItemStatus::Extended
            );
            let last_closed_state = last_closed
                .filter(|p| p.end >= start)
                .map(|p| p.state(first_submitted(&is_lead, &p), today));
            let lead_missing = active && last_closed_state == Some(PeriodReportState::Missing);
            if let Some(p) = last_closed.filter(|p| active && p.end >= start) {
                let title = d.item.display_title();
                if lead_missing && let Some(u) = d.lead_units.first() {
                    not_reported.push(NotReported {
                        item_id: id,
                        seq: d.item.seq.clone(),
                        title: title.clone(),
                        unit_id: u.id,
                        unit: u.name.clone(),
                        period: p,
                    });
                }
                for (u, role, share) in &my_assigns {
                    if *role == Role::Co
                        && share.is_some()
                        && first_submitted(&|x| x == *u, &p).is_none()
                    {
                        let name = d
                            .co_units
                            .iter()
                            .find(|c| c.id == *u)
                            .map(|c| c.name.clone())
                            .unwrap_or_default();
                        not_reported.push(NotReported {
                            item_id: id,
                            seq: d.item.seq.clone(),
                            title: title.clone(),
                            unit_id: *u,
                            unit: name,
                            period: p,
                        });
                    }
                }
            }
            // Texts are filled in below, for these reports only.
            let latest_report = cur.iter().rev().find(|r| leads.contains(&r.unit_id));
            latest_ids.push(latest_report.map(|r| r.id.0));
            let latest = latest_report.map(|r| (r.period_start, String::new(), String::new()));
            let targets = d
                .targets
                .iter()
                .zip(&values)
                .map(|(t, v)| {
                    let tp = TargetProgress::of(t, *v);
                    TargetState {
                        target: t.clone(),
                        achieved: *v,
                        ratio: tp.ratio(),
                        attained: tp.attained(),
                    }
                })
                .collect();
            items.push(ItemLedger {
                start,
                original_deadline,
                current_deadline,
                extensions: changes.iter().filter(|c| **c == id.0).count(),
                targets,
                assessment,
                current_state,
                last_closed_state,
                not_reported: lead_missing,
                latest,
                accepted_on,
                disposition,
                reporters,
                assigns: my_assigns,
                detail: d,
            });
        }
        let ids: Vec<i64> = latest_ids.iter().flatten().copied().collect();
        let mut texts = self.report_texts(&ids).await?;
        for (it, id) in items.iter_mut().zip(&latest_ids) {
            if let (Some(l), Some(id)) = (&mut it.latest, id) {
                (l.1, l.2) = texts.remove(id).unwrap_or_default();
            }
        }
        let mut ledger = PlanLedger {
            plan: detail.plan,
            region: detail.region,
            categories: detail.categories,
            settings,
            today,
            current,
            last_closed,
            items,
            rollup: Rollup::default(),
            not_reported,
            first_submitted,
        };
        ledger.rollup = ledger
            .rollup_by("plan")
            .pop()
            .map(|r| r.rollup)
            .unwrap_or_else(|| Rollup::of([]));
        Ok(ledger)
    }
}

#[derive(sqlx::FromRow)]
struct ItemExtra {
    id: i64,
    start_on: Option<NaiveDate>,
    current_deadline: Option<NaiveDate>,
    disposition: Option<String>,
    accepted_on: Option<NaiveDate>,
}

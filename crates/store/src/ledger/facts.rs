//! What a plan's ledger is assessed from (`PlanFacts`: items with units and targets,
//! settings, submitted reports with the values the rules read, assignments, milestones,
//! delays, acceptance), and the pure function that assesses them as of a day. Nothing here
//! touches the database: the store loads the facts (`assemble.rs`) and keeps what comes out
//! (`kept.rs`); the rules for one item live in the domain crate.

use super::achieved::{Assign, MilestoneRow, achieved, current_versions, progress};
use super::assess::{ItemLedger, NotReported, PlanLedger, TargetState};
use super::{PlanSettings, Report};
use crate::PlanDetail;
use chrono::NaiveDate;
use minsheng_domain::ledger::{
    ItemFacts, ItemStatus, MilestoneFacts, Period, PeriodReportState, Rollup, TargetProgress,
};
use minsheng_domain::{ItemId, Role, UnitId};
use std::collections::{HashMap, HashSet};

/// Everything a plan's ledger is assessed from, read at one moment, with the reports (and
/// their values) as of `as_of`.
#[derive(Debug, Clone)]
pub(crate) struct PlanFacts {
    /// The plan, its region, categories and items with units, leaders and targets.
    pub detail: PlanDetail,
    /// How its ledger runs.
    pub settings: PlanSettings,
    /// The day the reports and values are read as of.
    pub as_of: NaiveDate,
    /// Submitted report versions up to `as_of`, each current one with the values the rules
    /// read as of `as_of`.
    pub reports: Vec<Report>,
    /// Every value of those versions: (report, target, value).
    pub values: Vec<(i64, i64, f64)>,
    /// Per item: start, current deadline, disposition, acceptance day.
    pub extras: Vec<ItemExtra>,
    /// Assignments: item, unit, role, target share, in order.
    pub assigns: Vec<(i64, i64, String, Option<i64>)>,
    /// Milestones.
    pub milestones: Vec<MilestoneRow>,
    /// Items with an acceptance request pending.
    pub pending_accept: Vec<i64>,
    /// Delay explanations: item, state, new deadline.
    pub delays: Vec<(i64, String, NaiveDate)>,
    /// Items of each approved deadline change.
    pub changes: Vec<i64>,
    /// Per target allocated to the regions below (docs/LEVELS.md): what their ledgers show
    /// as of `as_of`, added up. It stands for the target's figure: a figure is entered once,
    /// at the bottom. (`on` keeps these figures; a reader of an earlier day reads that day's.)
    pub below: HashMap<i64, f64>,
    /// Items allocated to the regions below with every count shared out (or given whole
    /// without one): their figures come from below, so their lead unit owes no report.
    pub fed: HashSet<i64>,
    /// Items allocated from a list above: item → that list.
    pub from: HashMap<i64, i64>,
}

/// An item's dates and disposition as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ItemExtra {
    pub id: i64,
    pub start_on: Option<NaiveDate>,
    pub current_deadline: Option<NaiveDate>,
    pub disposition: Option<String>,
    pub accepted_on: Option<NaiveDate>,
}

impl PlanFacts {
    /// The facts as of an earlier day: the reports up to `day`, with the values the rules
    /// read as of `day`; everything else is the same.
    pub fn on(&self, day: NaiveDate) -> PlanFacts {
        let mut reports: Vec<Report> = self
            .reports
            .iter()
            .filter(|r| r.period_start <= day)
            .cloned()
            .collect();
        super::reports::latest_values(&mut reports, &self.values);
        PlanFacts {
            detail: self.detail.clone(),
            settings: self.settings.clone(),
            as_of: day,
            reports,
            values: self.values.clone(),
            extras: self.extras.clone(),
            assigns: self.assigns.clone(),
            milestones: self.milestones.clone(),
            pending_accept: self.pending_accept.clone(),
            delays: self.delays.clone(),
            changes: self.changes.clone(),
            below: self.below.clone(),
            fed: self.fed.clone(),
            from: self.from.clone(),
        }
    }

    /// The ledger as of `today` (at most `as_of`), and per item the id of its latest lead
    /// report, whose texts the ledger shows and the caller fills in (`latest` carries empty
    /// texts).
    pub fn assess(&self, today: NaiveDate) -> (PlanLedger, Vec<Option<i64>>) {
        debug_assert!(today <= self.as_of, "facts read as of an earlier day");
        let f = self;
        let extras: HashMap<i64, &ItemExtra> = f.extras.iter().map(|e| (e.id, e)).collect();
        let settings = &f.settings;
        let detail = &f.detail;
        let plan_start = settings.start_for(&detail.plan);
        let default_deadline = PlanSettings::default_deadline(&detail.plan);
        let current = settings.rule.period_containing(today);
        let last_closed = settings.rule.last_closed(plan_start, today);
        let mut reports_by_item: HashMap<ItemId, Vec<Report>> = HashMap::new();
        // The ledger as of `today`: reports for later periods are not yet counted.
        let mut first_submitted: HashMap<(i64, i64, NaiveDate), NaiveDate> = HashMap::new();
        for r in f.reports.iter().filter(|r| r.period_start <= today) {
            if let Some(on) = r.submitted_on {
                let e = first_submitted
                    .entry((r.item_id.0, r.unit_id.0, r.period_start))
                    .or_insert(on);
                *e = (*e).min(on);
            }
            reports_by_item
                .entry(r.item_id)
                .or_default()
                .push(r.clone());
        }
        let mut items = Vec::with_capacity(detail.items.len());
        let mut latest_ids: Vec<Option<i64>> = Vec::with_capacity(detail.items.len());
        let mut not_reported = Vec::new();
        for d in &detail.items {
            let id = d.item.id;
            let extra = extras.get(&id.0);
            let my_assigns: Vec<Assign> = f
                .assigns
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
            let (mut values, estimate) = achieved(&d.targets, &my_assigns, &cur);
            let mut from_below = false;
            for (v, t) in values.iter_mut().zip(&d.targets) {
                if let Some(b) = f.below.get(&t.id.0) {
                    *v = Some(*b);
                    from_below = true;
                }
            }
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
            let live_explanation = f.delays.iter().any(|(i, st, nd)| {
                *i == id.0 && (st == "pending" || (st == "approved" && *nd >= today))
            });
            let facts = ItemFacts {
                start,
                original_deadline,
                current_deadline,
                targets: progress(&d.targets, &values),
                estimate,
                reported: !cur.is_empty() || from_below,
                acceptance_pending: f.pending_accept.contains(&id.0),
                accepted: accepted_on.is_some(),
                disposition,
                milestones: f
                    .milestones
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
            // An item fed from below is asked of the regions below, not of its lead unit.
            let fed = f.fed.contains(&id.0);
            let lead_missing =
                active && !fed && last_closed_state == Some(PeriodReportState::Missing);
            if let Some(p) = last_closed.filter(|p| active && !fed && p.end >= start) {
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
                curve: facts.curve(),
                start,
                original_deadline,
                current_deadline,
                extensions: f.changes.iter().filter(|c| **c == id.0).count(),
                targets,
                assessment,
                current_state,
                last_closed_state,
                not_reported: lead_missing,
                fed,
                from_plan: f.from.get(&id.0).map(|p| minsheng_domain::PlanId(*p)),
                latest,
                no_progress: None,
                accepted_on,
                disposition,
                reporters,
                assigns: my_assigns,
                detail: d.clone(),
            });
        }
        let mut ledger = PlanLedger {
            plan: detail.plan.clone(),
            region: detail.region.clone(),
            categories: detail.categories.clone(),
            settings: settings.clone(),
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
        (ledger, latest_ids)
    }
}

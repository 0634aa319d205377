//! The demo's year so far (`minsheng demo`, and the pages' browser tests): weekly reports at
//! different paces, so that the dashboard shows every light, then an order on each red item
//! (the first answered), a draft bulletin for the quarter, and meetings: last week's dispatch
//! meeting with its minutes issued and two matters decided, and today's with the last one's
//! matters first. These are filings made through the store's own writes, audited like any
//! other.

use crate::{NewMeeting, NewOrder, Now, ReportWrite, Store, StoreError};
use chrono::{Duration, NaiveDate};
use minsheng_domain::ledger::{Light, ReportContent, TargetValue};
use minsheng_domain::meeting::MeetingKind;
use minsheng_domain::supervision::{BulletinKind, OrderAction};
use minsheng_domain::{ItemId, PlanId};

impl Store {
    /// Files the demo's reports on `plan` up to `today` and its supervision; the reports filed.
    pub async fn demo_activity(&self, plan: PlanId, today: NaiveDate) -> Result<usize, StoreError> {
        let filed = fill_ledger(self, plan, today).await?;
        supervise(self, plan, today).await?;
        Ok(filed)
    }
}

/// Supervision to look at: an order on each red item (the first answered), and a draft
/// bulletin for the quarter so far.
async fn supervise(store: &Store, plan: PlanId, today: NaiveDate) -> Result<(), StoreError> {
    let ledger = store.plan_ledger(plan, today).await?;
    let now = Now {
        today,
        at: today.and_hms_opt(1, 0, 0).expect("valid time").and_utc(),
    };
    let red = store.proposed_orders(&ledger).await?;
    meet(store, &ledger, &red, today, now).await?;
    for (i, item) in red.into_iter().enumerate() {
        let id = store
            .issue_order(
                &NewOrder {
                    item,
                    unit: None,
                    requirement: "该项目进度滞后、亮红灯，请分析原因，制定整改措施，明确完成时限，并书面反馈。".into(),
                    deadline: today + Duration::days(7),
                    origin: "red_light".into(),
                },
                now,
            )
            .await?;
        if i == 0 {
            store
                .act_on_order(
                    id,
                    OrderAction::Answer,
                    "已召开专题会，增加施工力量，月底前完成主体工程。",
                    None,
                    now,
                )
                .await?;
        }
    }
    store
        .create_bulletin(plan, BulletinKind::Quarterly, today, now)
        .await?;
    Ok(())
}

/// Last week's dispatch meeting on the red items — minutes on its first entry, two matters
/// decided, the minutes issued to the attendees (the leaders in charge, the lead units of the
/// red and yellow items) — and today's, which opens with them. Nothing when no item is red.
async fn meet(
    store: &Store,
    ledger: &crate::PlanLedger,
    red: &[ItemId],
    today: NaiveDate,
    now: Now,
) -> Result<(), StoreError> {
    let Some(first) = red.first() else {
        return Ok(());
    };
    let (plan, year, region) = (ledger.plan.id, ledger.plan.year, ledger.plan.region_id);
    let mut units = Vec::new();
    let mut leaders = Vec::new();
    for it in &ledger.items {
        let d = &it.detail;
        let here = |r| r == region;
        leaders.extend(d.leaders.iter().filter(|l| here(l.region_id)).map(|l| l.id));
        if matches!(it.assessment.light, Light::Red | Light::Yellow) {
            units.extend(
                d.lead_units
                    .iter()
                    .filter(|u| here(u.region_id))
                    .map(|u| u.id),
            );
        }
    }
    // The one holding it: the first red item's leader in charge.
    let holder = ledger
        .items
        .iter()
        .find(|it| it.detail.item.id == *first)
        .and_then(|it| it.detail.leaders.iter().find(|l| l.region_id == region))
        .map(|l| l.id);
    let meeting = |n: usize, held_on| NewMeeting {
        plan,
        kind: MeetingKind::Dispatch,
        held_on,
        title: format!("{year}年第{n}次民生实事调度会"),
        chair: "分管副区长".into(),
        leader: holder,
        place: "区政府第一会议室".into(),
        site_item: None,
        units: units.clone(),
        leaders: leaders.clone(),
    };
    let last = store
        .create_meeting(&meeting(1, today - Duration::days(7)), now)
        .await?;
    let agenda = store.meeting(last).await?.agenda;
    if let Some(e) = agenda.first() {
        store
            .record_minutes(
                e.id,
                "牵头单位汇报：施工许可待办结，已协调相关部门加快审批；资金拨付进度滞后。",
            )
            .await?;
    }
    for (item, what) in [
        (*first, "牵头单位10日内办结施工许可，倒排工期，每周报送进度"),
        (
            red.get(1).copied().unwrap_or(*first),
            "财政部门10日内拨付第二批资金，牵头单位同步调整实施计划",
        ),
    ] {
        let order = NewOrder {
            item,
            unit: None,
            requirement: what.into(),
            deadline: today + Duration::days(10),
            origin: "meeting".into(),
        };
        store.decide_matter(last, &order, &[], now).await?;
    }
    store.issue_minutes(last, now).await?;
    store.create_meeting(&meeting(2, today), now).await?;
    Ok(())
}

/// Files weekly reports up to `today` at different paces, so the dashboard shows every light:
/// some items ahead, some behind, one silent for the last weeks, one not started.
async fn fill_ledger(store: &Store, plan: PlanId, today: NaiveDate) -> Result<usize, StoreError> {
    let ledger = store.plan_ledger(plan, today).await?;
    let rule = ledger.settings.rule;
    const PACE: [f64; 7] = [1.15, 1.0, 0.95, 0.75, 0.5, 1.05, 0.0];
    let mut filed = 0;
    for (i, it) in ledger.items.iter().enumerate() {
        let pace = PACE[i % PACE.len()];
        let Some(unit) = it.detail.lead_units.first().map(|u| u.id) else {
            continue;
        };
        if pace == 0.0 {
            continue;
        }
        let silent_from = if i % 5 == 4 {
            today - Duration::days(21)
        } else {
            today
        };
        let span = (it.original_deadline - it.start).num_days().max(1) as f64;
        for p in rule.periods(it.start, today) {
            if p.due >= today || p.start > silent_from {
                break;
            }
            let elapsed = ((p.end - it.start).num_days() as f64 / span).clamp(0.0, 1.0);
            let frac = (pace * elapsed).min(1.0);
            let values = it
                .detail
                .targets
                .iter()
                .map(|t| TargetValue {
                    target_id: t.id,
                    value: (t.value * frac).round(),
                })
                .collect();
            let content = ReportContent {
                values,
                percent: it
                    .detail
                    .targets
                    .is_empty()
                    .then_some((100.0 * frac).round()),
                progress: format!("完成总体任务的 {:.0}%，按计划推进。", 100.0 * frac),
                problems: if pace < 0.8 {
                    "前期手续办理较慢，施工进度滞后。".into()
                } else {
                    String::new()
                },
                next_steps: "加快推进，确保按期完成。".into(),
                investments: vec![],
            };
            let w = ReportWrite {
                content,
                revision: None,
                submit: true,
                correction_reason: None,
                ..ReportWrite::default()
            };
            let now = Now {
                today: p.due,
                at: p.due.and_hms_opt(1, 0, 0).expect("valid time").and_utc(),
            };
            store
                .save_report(it.detail.item.id, unit, p.start, &w, now)
                .await?;
            filed += 1;
        }
    }
    Ok(filed)
}

//! Form posts that act on the ledger: plan settings, publishing, period locks, delay
//! explanations and their review, acceptance requests and decisions, milestones and
//! dispositions. Each redirects back to the page it came from (the guard has checked origin
//! and CSRF).

use super::evidence::{attach, inspect_all};
use super::ops;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::{field, read_multipart};
use crate::ids::Id;
use crate::ids::parse_id;
use axum::extract::{Form, Multipart, State};
use axum::response::Redirect;
use chrono::NaiveDate;
use minsheng_domain::ledger::{Cadence, Disposition, ReportingRule, Thresholds};
use minsheng_domain::{AcceptanceId, DelayId, ItemId, MilestoneId, PlanId, PlanState, UnitId};
use minsheng_store::{
    AcceptanceInput, DelayInput, DelayStep, MilestoneInput, OwnerKind, PlanSettings,
};

fn date(raw: &str, what: &str) -> Result<Option<NaiveDate>, AppError> {
    let r = raw.trim();
    if r.is_empty() {
        return Ok(None);
    }
    r.parse().map(Some).map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("{what}“{r}”不是日期，应为 2025-06-30 这样的格式。"),
            format!("{what}: not a date."),
        ))
    })
}

fn required_date(raw: &str, what: &str) -> Result<NaiveDate, AppError> {
    date(raw, what)?.ok_or_else(|| {
        AppError::BadRequest(Words::new(
            format!("请填写{what}。"),
            format!("{what} is required."),
        ))
    })
}

fn number<T: std::str::FromStr>(raw: &str, what: &str) -> Result<T, AppError> {
    raw.trim().parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            format!("{what}“{}”不是有效数字。", raw.trim()),
            format!("{what}: “{}” is not a number.", raw.trim()),
        ))
    })
}

/// The unit a form names, if any.
pub fn asked_unit(raw: &str) -> Result<Option<UnitId>, AppError> {
    Some(raw.trim())
        .filter(|u| !u.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()
}

/// The office's decision in a form: `decision` is `yes` (approve, accept) or anything else
/// (return), with a `note`.
fn decision(f: &Fields, yes: &str) -> ops::Decision {
    ops::Decision {
        approve: field(f, "decision") == yes,
        note: field(f, "note").to_string(),
    }
}

fn back_to_item(id: ItemId, anchor: &str) -> Redirect {
    Redirect::to(&format!("/items/{}{anchor}", id.0))
}

/// POST /plans/{id}/settings.
pub async fn settings(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let current = s.store.plan_settings(id).await?;
    let cadence: Cadence = field(&f, "cadence")
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("报送频次无效。", "Unknown cadence.")))?;
    let settings = PlanSettings {
        rule: ReportingRule {
            cadence,
            due_day: number(field(&f, "due_day"), "报送日")?,
            grace_days: number(field(&f, "grace_days"), "宽限天数")?,
        },
        thresholds: Thresholds {
            yellow_gap: number(field(&f, "yellow_gap"), "黄灯阈值")?,
            red_gap: number(field(&f, "red_gap"), "红灯阈值")?,
            blue_days: number(field(&f, "blue_days"), "蓝灯天数")?,
        },
        start_on: current.start_on,
        delay_causes: field(&f, "causes")
            .split(['、', ',', '，'])
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
        weights: current.weights,
        reminders: {
            let keep = current.reminders;
            let day = |name: &str, what: &str, old: u32| -> Result<u32, AppError> {
                match field(&f, name).trim() {
                    "" => Ok(old),
                    v => {
                        let n: u32 = number(v, what)?;
                        if n > 60 {
                            return Err(AppError::BadRequest(Words::new(
                                format!("{what}不能超过 60 天。"),
                                format!("{what}: at most 60 days."),
                            )));
                        }
                        Ok(n)
                    }
                }
            };
            let r = minsheng_domain::supervision::ReminderPolicy {
                before_days: day("r_before", "提前提醒天数", keep.before_days)?,
                head_after_days: day("r_head", "提级至负责人天数", keep.head_after_days)?,
                leader_after_days: day("r_leader", "提级至分管领导天数", keep.leader_after_days)?,
                bulletin_after_days: day("r_bulletin", "列入通报天数", keep.bulletin_after_days)?,
                ..keep
            };
            if !(r.head_after_days <= r.leader_after_days
                && r.leader_after_days <= r.bulletin_after_days)
            {
                return Err(AppError::BadRequest(Words::new(
                    "提级顺序应为：单位负责人 ≤ 分管领导 ≤ 列入通报。",
                    "Escalation days must not decrease.",
                )));
            }
            r
        },
    };
    me.store(&s).set_plan_settings(id, &settings).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

/// POST /plans/{id}/state.
pub async fn plan_state(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let next: PlanState = field(&f, "state")
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("计划状态无效。", "Unknown state.")))?;
    me.store(&s).set_plan_state(id, next).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

/// POST /plans/{id}/lock.
pub async fn lock(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let period = required_date(field(&f, "period"), "周期")?;
    me.store(&s).lock_period(id, period, s.clock.now()).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

/// Reads a delay explanation form.
pub fn delay_input(f: &Fields) -> Result<(Option<UnitId>, DelayInput), AppError> {
    let unit = asked_unit(field(f, "unit"))?;
    let mut steps = Vec::new();
    for n in 1..=5 {
        let step = field(f, &format!("step{n}"));
        if !step.trim().is_empty() {
            steps.push(DelayStep {
                step: step.to_string(),
                due_on: date(field(f, &format!("step{n}_due")), "整改完成时间")?,
            });
        }
    }
    Ok((
        unit,
        DelayInput {
            cause: field(f, "cause").to_string(),
            explanation: field(f, "explanation").to_string(),
            steps,
            new_deadline: required_date(field(f, "new_deadline"), "新的完成时限")?,
        },
    ))
}

/// POST /items/{id}/delays.
pub async fn delay(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let (unit, input) = delay_input(&f)?;
    ops::submit_delay(&s, &me, id, unit, &input).await?;
    Ok(back_to_item(id, "#delay"))
}

/// POST /delays/{id}/review.
pub async fn review_delay(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<DelayId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let item = ops::review_delay(&s, &me, id, &decision(&f, "approve")).await?;
    Ok(back_to_item(item, "#delay"))
}

/// POST /items/{id}/acceptance (multipart, with before/after photos and documents).
pub async fn acceptance(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    m: Multipart,
) -> Result<Redirect, AppError> {
    let (f, uploads) = read_multipart(m).await?;
    let files = inspect_all(uploads).await?;
    let asked = asked_unit(field(&f, "unit"))?;
    let input = AcceptanceInput {
        completed_on: required_date(field(&f, "completed_on"), "完成日期")?,
        summary: field(&f, "summary").to_string(),
    };
    let req = ops::request_acceptance(&s, &me, id, asked, &input).await?;
    attach(&me.bind(&s), id, OwnerKind::Acceptance, req.0, &files).await?;
    Ok(back_to_item(id, "#acceptance"))
}

/// POST /acceptance/{id}/decide.
pub async fn decide(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AcceptanceId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let item = ops::decide_acceptance(&s, &me, id, &decision(&f, "accept")).await?;
    Ok(back_to_item(item, "#acceptance"))
}

/// POST /items/{id}/milestones.
pub async fn milestone(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let owner = Some(field(&f, "owner"))
        .filter(|o| !o.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()?;
    let pct = minsheng_domain::ledger::report::parse_percent(
        "计划完成百分比",
        field(&f, "planned_percent"),
    )
    .map_err(|x| AppError::Refused(minsheng_domain::Refusal::ReportInput(x)))?;
    let input = MilestoneInput {
        title: field(&f, "title").to_string(),
        owner_unit_id: owner,
        due_on: required_date(field(&f, "due_on"), "计划完成日期")?,
        planned_percent: pct,
    };
    ops::add_milestone(&s, &me, id, &input).await?;
    Ok(back_to_item(id, ""))
}

/// POST /milestones/{id}/done.
pub async fn milestone_done(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<MilestoneId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let done = date(field(&f, "done_on"), "完成日期")?;
    let item = ops::mark_milestone(&s, &me, id, done).await?;
    Ok(back_to_item(item, ""))
}

/// POST /items/{id}/disposition.
pub async fn disposition(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let d: Option<Disposition> = Some(field(&f, "disposition"))
        .filter(|d| !d.is_empty())
        .map(|d| d.parse())
        .transpose()
        .map_err(|_| AppError::BadRequest(Words::new("处置方式无效。", "Unknown disposition.")))?;
    me.store(&s)
        .set_disposition(id, d, field(&f, "note"))
        .await?;
    Ok(back_to_item(id, ""))
}

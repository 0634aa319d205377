//! Form posts that act on the ledger: plan settings, publishing, period locks, delay
//! explanations and their review, acceptance requests and decisions, milestones and
//! dispositions. Each form is a typed struct; each redirects back to the page it came from
//! (the guard has checked origin and CSRF).

use super::evidence::{attach, inspect_all};
use super::form_values::{asked_unit, date, number, required_date};
use super::ops;
use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{field, read_multipart};
use crate::ids::Id;
use axum::extract::{Form, Multipart, State};
use axum::response::Redirect;
use minsheng_domain::ledger::{Cadence, Disposition, ReportingRule, Thresholds};
use minsheng_domain::supervision::ReminderPolicy;
use minsheng_domain::{AcceptanceId, DelayId, ItemId, MilestoneId, PlanId, PlanState, UnitId};
use minsheng_store::{
    AcceptanceInput, DelayInput, DelayStep, MilestoneInput, OwnerKind, PlanSettings,
};
use serde::Deserialize;

/// The office's decision: `decision` is `approve` / `accept`, or anything else (return), with
/// a `note`.
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

impl DecisionForm {
    fn decision(self, yes: &str) -> ops::Decision {
        ops::Decision {
            approve: self.decision == yes,
            note: self.note,
        }
    }
}

fn back_to_item(id: ItemId, anchor: &str) -> Redirect {
    Redirect::to(&format!("/items/{}{anchor}", id.0))
}

/// The settings form: reporting rule, light thresholds, delay causes (separated by 、 or
/// commas) and the reminder ladder (empty keeps the current value).
#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    due_day: String,
    #[serde(default)]
    grace_days: String,
    #[serde(default)]
    yellow_gap: String,
    #[serde(default)]
    red_gap: String,
    #[serde(default)]
    blue_days: String,
    #[serde(default)]
    causes: String,
    #[serde(default)]
    r_before: String,
    #[serde(default)]
    r_head: String,
    #[serde(default)]
    r_leader: String,
    #[serde(default)]
    r_bulletin: String,
    #[serde(default)]
    jump_factor: String,
}

/// Days of the reminder ladder: empty keeps `old`; at most 60.
fn ladder_day(raw: &str, label: (&'static str, &'static str), old: u32) -> Result<u32, AppError> {
    if raw.trim().is_empty() {
        return Ok(old);
    }
    let n: u32 = number(raw, label)?;
    if n > 60 {
        return Err(AppError::BadRequest(Words::new(
            format!("{}不能超过 60 天。", label.0),
            format!("{}: at most 60 days.", label.1),
        )));
    }
    Ok(n)
}

impl SettingsForm {
    fn reminders(&self, keep: ReminderPolicy) -> Result<ReminderPolicy, AppError> {
        let r = ReminderPolicy {
            before_days: ladder_day(
                &self.r_before,
                ("提前提醒天数", "Days of notice"),
                keep.before_days,
            )?,
            head_after_days: ladder_day(
                &self.r_head,
                ("提级至负责人天数", "Days until the unit head"),
                keep.head_after_days,
            )?,
            leader_after_days: ladder_day(
                &self.r_leader,
                ("提级至分管领导天数", "Days until the leader"),
                keep.leader_after_days,
            )?,
            bulletin_after_days: ladder_day(
                &self.r_bulletin,
                ("列入通报天数", "Days until the bulletin"),
                keep.bulletin_after_days,
            )?,
            ..keep
        };
        if !(r.head_after_days <= r.leader_after_days
            && r.leader_after_days <= r.bulletin_after_days)
        {
            return Err(AppError::BadRequest(Words::new(
                "提级顺序应为：单位负责人 ≤ 分管领导 ≤ 列入通报。",
                "Escalation days must not decrease: unit head ≤ leader ≤ bulletin.",
            )));
        }
        Ok(r)
    }

    fn settings(&self, current: PlanSettings) -> Result<PlanSettings, AppError> {
        let cadence: Cadence = self
            .cadence
            .parse()
            .map_err(|_| AppError::BadRequest(Words::new("报送频次无效。", "Unknown cadence.")))?;
        Ok(PlanSettings {
            rule: ReportingRule {
                cadence,
                due_day: number(&self.due_day, ("报送日", "Due day"))?,
                grace_days: number(&self.grace_days, ("宽限天数", "Grace days"))?,
            },
            thresholds: Thresholds {
                yellow_gap: number(&self.yellow_gap, ("黄灯阈值", "Yellow threshold"))?,
                red_gap: number(&self.red_gap, ("红灯阈值", "Red threshold"))?,
                blue_days: number(&self.blue_days, ("蓝灯天数", "Blue-light days"))?,
            },
            start_on: current.start_on,
            delay_causes: self
                .causes
                .split(['、', ',', '，'])
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            weights: current.weights,
            reminders: self.reminders(current.reminders)?,
            jump_factor: match self.jump_factor.trim() {
                "" => current.jump_factor,
                raw => number(raw, ("跳增核对倍数", "Jump factor"))?,
            },
        })
    }
}

/// POST /plans/{id}/settings.
pub async fn settings(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<SettingsForm>,
) -> Result<Redirect, AppError> {
    let settings = f.settings(s.store.plan_settings(id).await?)?;
    me.store(&s).set_plan_settings(id, &settings).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

#[derive(Deserialize)]
pub struct StateForm {
    #[serde(default)]
    state: String,
}

/// POST /plans/{id}/state.
pub async fn plan_state(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<StateForm>,
) -> Result<Redirect, AppError> {
    let next: PlanState = f
        .state
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("计划状态无效。", "Unknown state.")))?;
    me.store(&s).set_plan_state(id, next).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

#[derive(Deserialize)]
pub struct LockForm {
    #[serde(default)]
    period: String,
}

/// POST /plans/{id}/lock.
pub async fn lock(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<LockForm>,
) -> Result<Redirect, AppError> {
    let period = required_date(&f.period, ("周期", "period"))?;
    me.store(&s).lock_period(id, period, s.clock.now()).await?;
    Ok(Redirect::to(&format!("/plans/{}/dashboard", id.0)))
}

/// A delay explanation: cause, explanation, up to five corrective steps (`step1`…`step5`
/// with `step1_due`…) and the new deadline.
#[derive(Deserialize)]
pub struct DelayForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    cause: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    new_deadline: String,
    #[serde(flatten)]
    steps: std::collections::HashMap<String, String>,
}

impl DelayForm {
    fn input(&self) -> Result<(Option<UnitId>, DelayInput), AppError> {
        let mut steps = Vec::new();
        for n in 1..=5 {
            let step = self
                .steps
                .get(&format!("step{n}"))
                .map_or("", String::as_str);
            if !step.trim().is_empty() {
                let due = self
                    .steps
                    .get(&format!("step{n}_due"))
                    .map_or("", String::as_str);
                steps.push(DelayStep {
                    step: step.to_string(),
                    due_on: date(due, ("整改完成时间", "Step due"))?,
                });
            }
        }
        Ok((
            asked_unit(&self.unit)?,
            DelayInput {
                cause: self.cause.clone(),
                explanation: self.explanation.clone(),
                steps,
                new_deadline: required_date(&self.new_deadline, ("新的完成时限", "new deadline"))?,
            },
        ))
    }
}

/// POST /items/{id}/delays.
pub async fn delay(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<DelayForm>,
) -> Result<Redirect, AppError> {
    let (unit, input) = f.input()?;
    ops::submit_delay(&s, &me, id, unit, &input).await?;
    Ok(back_to_item(id, "#delay"))
}

/// POST /delays/{id}/review.
pub async fn review_delay(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<DelayId>,
    Form(f): Form<DecisionForm>,
) -> Result<Redirect, AppError> {
    let item = ops::review_delay(&s, &me, id, &f.decision("approve")).await?;
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
        completed_on: required_date(field(&f, "completed_on"), ("完成日期", "completion date"))?,
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
    Form(f): Form<DecisionForm>,
) -> Result<Redirect, AppError> {
    let item = ops::decide_acceptance(&s, &me, id, &f.decision("accept")).await?;
    Ok(back_to_item(item, "#acceptance"))
}

#[derive(Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    planned_percent: String,
}

/// POST /items/{id}/milestones.
pub async fn milestone(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<MilestoneForm>,
) -> Result<Redirect, AppError> {
    let pct = minsheng_domain::ledger::report::parse_percent("计划完成百分比", &f.planned_percent)
        .map_err(|x| AppError::Refused(minsheng_domain::Refusal::ReportInput(x)))?;
    let input = MilestoneInput {
        title: f.title,
        owner_unit_id: asked_unit(&f.owner)?,
        due_on: required_date(&f.due_on, ("计划完成日期", "planned date"))?,
        planned_percent: pct,
    };
    ops::add_milestone(&s, &me, id, &input).await?;
    Ok(back_to_item(id, ""))
}

#[derive(Deserialize)]
pub struct DoneForm {
    #[serde(default)]
    done_on: String,
}

/// POST /milestones/{id}/done.
pub async fn milestone_done(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<MilestoneId>,
    Form(f): Form<DoneForm>,
) -> Result<Redirect, AppError> {
    let done = date(&f.done_on, ("完成日期", "completion date"))?;
    let item = ops::mark_milestone(&s, &me, id, done).await?;
    Ok(back_to_item(item, ""))
}

#[derive(Deserialize)]
pub struct DispositionForm {
    #[serde(default)]
    disposition: String,
    #[serde(default)]
    note: String,
}

/// POST /items/{id}/disposition.
pub async fn disposition(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Form(f): Form<DispositionForm>,
) -> Result<Redirect, AppError> {
    let d: Option<Disposition> = Some(f.disposition.as_str())
        .filter(|d| !d.is_empty())
        .map(str::parse)
        .transpose()
        .map_err(|_| AppError::BadRequest(Words::new("处置方式无效。", "Unknown disposition.")))?;
    me.store(&s).set_disposition(id, d, &f.note).await?;
    Ok(back_to_item(id, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delay_form_reads_its_numbered_steps_and_refuses_a_bad_date_by_name() {
        let body = "csrf=t&unit=3&cause=%E8%B5%84%E9%87%91&explanation=x&step1=a&step1_due=2025-05-01&step3=c&new_deadline=2025-06-30";
        let f: DelayForm = serde_urlencoded::from_str(body).unwrap();
        let (unit, input) = f.input().unwrap();
        assert_eq!(unit, Some(UnitId(3)));
        assert_eq!(input.cause, "资金");
        let steps: Vec<_> = input
            .steps
            .iter()
            .map(|s| (s.step.as_str(), s.due_on))
            .collect();
        assert_eq!(
            steps,
            [
                ("a", chrono::NaiveDate::from_ymd_opt(2025, 5, 1)),
                ("c", None)
            ]
        );
        let bad: DelayForm =
            serde_urlencoded::from_str("step1=a&step1_due=May&new_deadline=2025-06-30").unwrap();
        let e = bad.input().unwrap_err();
        assert!(
            e.message(crate::Lang::En)
                .contains("Step due: “May” is not a date")
        );
        assert!(
            e.message(crate::Lang::Zh)
                .contains("整改完成时间“May”不是日期")
        );
    }
}

//! A plan's ledger settings: reporting cadence, due day and grace, light thresholds, the work
//! start date and the list of delay causes. Plans without a row use the defaults.

use crate::tx::WriteTx;
use crate::{Store, StoreError, on_pool};
use chrono::{Datelike, NaiveDate};
use minsheng_domain::ledger::quality::PACE_FACTOR;
use minsheng_domain::ledger::{Cadence, DEFAULT_DELAY_CAUSES, ReportingRule, Thresholds};
use minsheng_domain::refusal::SetupRefusal;
use minsheng_domain::supervision::{ReminderPolicy, ScoreWeights};
use minsheng_domain::{Plan, PlanId};
use serde::{Deserialize, Serialize};

/// How a plan's ledger runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSettings {
    /// Reporting periods and due dates.
    pub rule: ReportingRule,
    /// Light thresholds.
    pub thresholds: Thresholds,
    /// When work starts for items without their own start (default: 1 January of the year).
    pub start_on: Option<NaiveDate>,
    /// Causes a delay explanation may give.
    pub delay_causes: Vec<String>,
    /// Weights of the department score (部门排名).
    #[serde(default)]
    pub weights: ScoreWeights,
    /// When reminders and escalations fire (催报).
    #[serde(default)]
    pub reminders: ReminderPolicy,
    /// How many of the plan's steps a running total may run ahead of the planned curve
    /// before the filer is asked to confirm it (跳增核对倍数).
    #[serde(default = "default_jump_factor")]
    pub jump_factor: f64,
}

fn default_jump_factor() -> f64 {
    PACE_FACTOR
}

/// The range a plan's jump factor may take.
pub const JUMP_FACTORS: std::ops::RangeInclusive<f64> = 1.0..=50.0;

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            rule: ReportingRule::default(),
            thresholds: Thresholds::default(),
            start_on: None,
            delay_causes: DEFAULT_DELAY_CAUSES.iter().map(|s| s.to_string()).collect(),
            weights: ScoreWeights::default(),
            reminders: ReminderPolicy::default(),
            jump_factor: PACE_FACTOR,
        }
    }
}

impl PlanSettings {
    /// The day work starts for `plan`'s items unless an item says otherwise.
    pub fn start_for(&self, plan: &Plan) -> NaiveDate {
        self.start_on
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(plan.year, 1, 1).expect("1 January"))
    }

    /// The deadline of an item without one: the plan's, else 31 December.
    pub fn default_deadline(plan: &Plan) -> NaiveDate {
        plan.default_deadline
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(plan.year, 12, 31).expect("31 December"))
    }

    /// Checks values a coordinator typed.
    pub fn validate(&self) -> Result<(), SetupRefusal> {
        let t = &self.thresholds;
        if !(t.yellow_gap >= 0.0 && t.red_gap > t.yellow_gap && t.red_gap <= 100.0) {
            return Err(SetupRefusal::Thresholds);
        }
        if !(0..=366).contains(&t.blue_days) {
            return Err(SetupRefusal::BlueDays);
        }
        let max_day = match self.rule.cadence {
            Cadence::Weekly => 7,
            Cadence::TenDay => 10,
            Cadence::Monthly | Cadence::Quarterly => 31,
        };
        if self.rule.due_day > max_day
            || (self.rule.cadence == Cadence::Weekly && self.rule.due_day == 0)
        {
            return Err(SetupRefusal::DueDay);
        }
        if self.rule.grace_days > 60 {
            return Err(SetupRefusal::GraceDays);
        }
        if self.delay_causes.iter().all(|c| c.trim().is_empty()) {
            return Err(SetupRefusal::DelayCausesEmpty);
        }
        self.weights.validate()?;
        if !JUMP_FACTORS.contains(&self.jump_factor) {
            return Err(SetupRefusal::JumpFactor);
        }
        if self.start_on.is_some_and(|s| s.year() < 2000) {
            return Err(SetupRefusal::StartDate);
        }
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SettingsRow {
    pub(crate) cadence: String,
    pub(crate) due_day: i32,
    pub(crate) grace_days: i32,
    pub(crate) yellow_gap: f64,
    pub(crate) red_gap: f64,
    pub(crate) blue_days: i32,
    pub(crate) start_on: Option<NaiveDate>,
    pub(crate) delay_causes: String,
    pub(crate) score_weights: Option<String>,
    pub(crate) reminder_policy: Option<String>,
    pub(crate) jump_factor: Option<f64>,
}

impl Store {
    /// A plan's ledger settings (defaults when none were saved).
    pub async fn plan_settings(&self, plan: PlanId) -> Result<PlanSettings, StoreError> {
        let row: Option<SettingsRow> = on_pool!(self, p => sqlx::query_as(SETTINGS_SELECT).bind(plan.0).fetch_optional(p).await?);
        Ok(settings_from(row))
    }

    /// Saves a plan's ledger settings after checking them.
    pub async fn set_plan_settings(
        &self,
        plan: PlanId,
        s: &PlanSettings,
    ) -> Result<(), StoreError> {
        s.validate()?;
        self.plan(plan).await?;
        let causes: Vec<&str> = s
            .delay_causes
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        let causes = serde_json::to_string(&causes).expect("strings serialise");
        let before = self.plan_settings(plan).await?;
        crate::in_write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO plan_settings (plan_id, cadence, due_day, grace_days, yellow_gap, red_gap, blue_days, start_on, delay_causes, score_weights, reminder_policy, jump_factor) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (plan_id) DO UPDATE SET cadence = excluded.cadence, due_day = excluded.due_day, grace_days = excluded.grace_days, \
                 yellow_gap = excluded.yellow_gap, red_gap = excluded.red_gap, blue_days = excluded.blue_days, start_on = excluded.start_on, delay_causes = excluded.delay_causes, \
                 score_weights = excluded.score_weights, reminder_policy = excluded.reminder_policy, jump_factor = excluded.jump_factor",
            )
            .bind(plan.0).bind(s.rule.cadence.code()).bind(s.rule.due_day as i32).bind(s.rule.grace_days as i32)
            .bind(s.thresholds.yellow_gap).bind(s.thresholds.red_gap).bind(s.thresholds.blue_days as i32)
            .bind(s.start_on).bind(causes)
            .bind(serde_json::to_string(&s.weights).ok()).bind(serde_json::to_string(&s.reminders).ok()).bind(s.jump_factor)
            .execute(&mut *tx).await?;
            tx.audit(&self.actor, crate::audit::Change::new("plan.settings", "plan", plan)
                .before(serde_json::to_value(&before).unwrap_or_default()).after(serde_json::to_value(s).unwrap_or_default())).await?;
        });
        Ok(())
    }
}

/// Reads a plan's settings row (bind the plan's id).
pub(crate) const SETTINGS_SELECT: &str = "SELECT cadence, due_day, grace_days, yellow_gap, red_gap, blue_days, start_on, delay_causes, score_weights, reminder_policy, jump_factor FROM plan_settings WHERE plan_id = $1";

/// A plan's settings from its row, the defaults when none was saved.
pub(crate) fn settings_from(row: Option<SettingsRow>) -> PlanSettings {
    let Some(r) = row else {
        return PlanSettings::default();
    };
    PlanSettings {
        rule: ReportingRule {
            cadence: r.cadence.parse().unwrap_or(Cadence::Weekly),
            due_day: r.due_day.max(0) as u32,
            grace_days: r.grace_days.max(0) as u32,
        },
        thresholds: Thresholds {
            yellow_gap: r.yellow_gap,
            red_gap: r.red_gap,
            blue_days: r.blue_days as i64,
        },
        start_on: r.start_on,
        delay_causes: serde_json::from_str(&r.delay_causes)
            .unwrap_or_else(|_| PlanSettings::default().delay_causes),
        weights: r
            .score_weights
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        reminders: r
            .reminder_policy
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        jump_factor: r.jump_factor.unwrap_or(PACE_FACTOR),
    }
}

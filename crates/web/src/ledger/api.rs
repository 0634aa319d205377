//! The ledger's JSON API under `/api/v1`: plan ledgers and roll-ups, item ledgers, reports
//! with versions, and the writes (reports, delays, acceptance, milestones). A report write
//! carries the `revision` it read; a stale one gets 409 with the current version, and nothing
//! is written.

use super::form_values::asked_unit;
use super::ops;
use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use minsheng_domain::{
    AcceptanceId, DelayId, ItemId, MilestoneId, PlanId, PlanState, ReportId, UnitId,
};
use minsheng_store::{
    AcceptanceInput, DelayInput, DelayStep, ItemLedger, MilestoneInput, ReportWrite, RollupRow,
    timeline,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/ledger", get(plan_ledger))
        .route("/plans/{id}/rollups", get(plan_rollups))
        .route("/rollups", get(region_rollups))
        .route("/items/{id}/ledger", get(item_ledger))
        .route("/items/{id}/reports", get(item_reports).put(put_report))
        .route("/reports/{id}", get(report))
        .route("/workbench", get(workbench))
        .route("/items/{id}/delays", post(post_delay))
        .route("/delays/{id}/review", post(review_delay))
        .route("/items/{id}/acceptance", post(post_acceptance))
        .route("/acceptance/{id}/decision", post(decide))
        .route("/items/{id}/milestones", post(post_milestone))
        .route("/milestones/{id}/done", post(milestone_done))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v).map_err(|e| {
        ApiError(AppError::BadRequest(Words::new(
            format!("请求体不是有效的 JSON 或字段类型不对：{}。", e.body_text()),
            format!(
                "The body is not valid JSON or a field has the wrong type: {}",
                e.body_text()
            ),
        )))
    })
}

fn day(raw: &str, what: &str) -> Result<NaiveDate, ApiError> {
    raw.parse().map_err(|_| {
        ApiError(AppError::BadRequest(Words::new(
            format!("{what}“{raw}”应为 YYYY-MM-DD 格式的日期。"),
            format!("{what} must be a date."),
        )))
    })
}

#[derive(Deserialize, Default)]
struct DateQuery {
    date: Option<String>,
    by: Option<String>,
    year: Option<i32>,
}

fn on(s: &AppState, q: &DateQuery) -> Result<NaiveDate, ApiError> {
    match q.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => day(d, "date"),
        None => Ok(s.clock.today()),
    }
}

async fn plan_ledger(
    State(s): State<AppState>,
    Id(id): Id<PlanId>,
    Query(q): Query<DateQuery>,
) -> Result<Response, ApiError> {
    Ok(Json(s.store.plan_ledger(id, on(&s, &q)?).await?).into_response())
}

async fn plan_rollups(
    State(s): State<AppState>,
    Id(id): Id<PlanId>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Vec<RollupRow>>, ApiError> {
    let by = q.by.as_deref().unwrap_or("plan");
    if !matches!(by, "plan" | "category" | "unit" | "leader") {
        return Err(ApiError(AppError::BadRequest(Words::new(
            format!("by=“{by}” 无效，可选 plan、category、unit、leader。"),
            "By must be plan, category, unit or leader.",
        ))));
    }
    Ok(Json(
        s.store.plan_ledger(id, on(&s, &q)?).await?.rollup_by(by),
    ))
}

/// Roll-ups per region: one row per region over its published plans of a year.
async fn region_rollups(
    State(s): State<AppState>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Vec<RollupRow>>, ApiError> {
    let today = on(&s, &q)?;
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&today));
    let mut out = Vec::new();
    for p in s.store.plans().await? {
        if p.plan.year != year || p.plan.state == PlanState::Draft {
            continue;
        }
        let l = s.store.plan_ledger(p.plan.id, today).await?;
        out.push(RollupRow {
            key: l.region.id.to_string(),
            label: l.region.name.clone(),
            rollup: l.rollup,
        });
    }
    Ok(Json(out))
}

async fn item_ledger(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Value>, ApiError> {
    me.readable_item(&s, id).await?;
    let today = on(&s, &q)?;
    let view = s.store.item_ledger(id, today).await?;
    let records = s.store.item_records(id, today).await?;
    Ok(Json(json!({
        "item": view.item(),
        "today": today,
        "period": view.plan.current,
        "series": view.series,
        "timeline": timeline(&view.reports, &records),
        "milestones": records.milestones,
        "delays": records.delays,
        "deadline_changes": records.deadline_changes,
        "acceptance": records.acceptance,
    })))
}

async fn item_reports(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    me.readable_item(&s, id).await?;
    let mut reports = s.store.item_reports(id).await?;
    reports.retain(|r| me.may_see_report(r.unit_id, r.state.code()));
    Ok(Json(json!(reports)))
}

async fn report(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ReportId>,
) -> Result<Json<Value>, ApiError> {
    let (r, versions) = me.visible_report(&s, id).await?;
    Ok(Json(json!({ "report": r, "versions": versions })))
}

#[derive(Deserialize)]
struct ValueBody {
    target_id: i64,
    value: Value,
}

#[derive(Deserialize)]
struct InvestBody {
    source: String,
    #[serde(default)]
    planned: Value,
    #[serde(default)]
    completed: Value,
    #[serde(default)]
    disbursed: Value,
}

#[derive(Deserialize)]
struct ReportBody {
    #[serde(default)]
    unit_id: Option<i64>,
    period_start: String,
    revision: Option<i32>,
    #[serde(default)]
    submit: bool,
    #[serde(default)]
    values: Vec<ValueBody>,
    #[serde(default)]
    percent: Value,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    next_steps: String,
    #[serde(default)]
    investments: Vec<InvestBody>,
    correction_reason: Option<String>,
}

/// A JSON scalar as the text a form would carry, so one parser checks both.
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

async fn put_report(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<ReportBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let b = body(b)?;
    let unit = me.unit_on_item(&s, item, b.unit_id.map(UnitId)).await?;
    let period = day(&b.period_start, "period_start")?;
    let mut fields: Vec<(String, String)> = b
        .values
        .iter()
        .map(|v| (format!("t{}", v.target_id), as_text(&v.value)))
        .collect();
    fields.push(("percent".into(), as_text(&b.percent)));
    fields.push(("progress".into(), b.progress.clone()));
    fields.push(("problems".into(), b.problems.clone()));
    fields.push(("next_steps".into(), b.next_steps.clone()));
    for i in &b.investments {
        let src: minsheng_domain::ledger::FundSource = i.source.parse().map_err(|_| {
            ApiError(AppError::BadRequest(Words::new(
                format!(
                    "资金来源“{}”无效，可选 superior、local、social、other",
                    i.source
                ),
                format!(
                    "Unknown fund source “{}”: use superior, local, social or other",
                    i.source
                ),
            )))
        })?;
        for (part, v) in [
            ("planned", &i.planned),
            ("completed", &i.completed),
            ("disbursed", &i.disbursed),
        ] {
            fields.push((format!("inv_{}_{part}", src.code()), as_text(v)));
        }
    }
    let content = ops::report_content(&s, item, unit, &fields).await?;
    let w = ReportWrite {
        content,
        revision: b.revision,
        submit: b.submit,
        correction_reason: b.correction_reason,
    };
    match ops::save_report(&s, &me, item, unit, period, &w, &[]).await {
        Ok(r) => Ok(Json(r).into_response()),
        Err(AppError::Stale(m)) => {
            let current = s.store.report_versions(item, unit, period).await?.pop();
            Ok((
                StatusCode::CONFLICT,
                Json(json!({ "error": { "code": "conflict", "message": m }, "current": current })),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct WorkbenchQuery {
    unit: Option<String>,
    date: Option<String>,
}

async fn workbench(
    State(s): State<AppState>,
    me: Me,
    Query(q): Query<WorkbenchQuery>,
) -> Result<Json<Value>, ApiError> {
    let who = me.principal()?;
    let unit = me.workbench_unit(asked_unit(q.unit.as_deref().unwrap_or(""))?)?;
    let today = on(
        &s,
        &DateQuery {
            date: q.date,
            by: None,
            year: None,
        },
    )?;
    let mut plans = Vec::new();
    for p in s.store.plans().await? {
        if p.plan.state != PlanState::Published {
            continue;
        }
        let l = s.store.plan_ledger(p.plan.id, today).await?;
        let items: Vec<&ItemLedger> = match unit {
            Some(u) => l.items_of_unit(u).collect(),
            None => l
                .items
                .iter()
                .filter(|i| who.can_read_item(&i.parties()))
                .collect(),
        };
        if !items.is_empty() {
            plans.push(json!({ "plan": l.plan, "period": l.current, "items": items }));
        }
    }
    Ok(Json(
        json!({ "unit_id": unit, "today": today, "plans": plans }),
    ))
}

#[derive(Deserialize)]
struct DelayBody {
    #[serde(default)]
    unit_id: Option<i64>,
    cause: String,
    explanation: String,
    #[serde(default)]
    steps: Vec<DelayStep>,
    new_deadline: NaiveDate,
}

async fn post_delay(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<DelayBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let input = DelayInput {
        cause: b.cause,
        explanation: b.explanation,
        steps: b.steps,
        new_deadline: b.new_deadline,
    };
    let id = ops::submit_delay(&s, &me, item, b.unit_id.map(UnitId), &input).await?;
    Ok(Json(json!({ "id": id })))
}

#[derive(Deserialize)]
struct DecisionBody {
    approve: bool,
    #[serde(default)]
    note: String,
}

impl From<DecisionBody> for ops::Decision {
    fn from(b: DecisionBody) -> Self {
        ops::Decision {
            approve: b.approve,
            note: b.note,
        }
    }
}

async fn review_delay(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<DelayId>,
    b: Result<Json<DecisionBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let item = ops::review_delay(&s, &me, id, &b.into()).await?;
    Ok(Json(json!({ "item_id": item })))
}

#[derive(Deserialize)]
struct AcceptanceBody {
    #[serde(default)]
    unit_id: Option<i64>,
    completed_on: NaiveDate,
    summary: String,
}

async fn post_acceptance(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<AcceptanceBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let input = AcceptanceInput {
        completed_on: b.completed_on,
        summary: b.summary,
    };
    let id = ops::request_acceptance(&s, &me, item, b.unit_id.map(UnitId), &input).await?;
    Ok(Json(json!({ "id": id })))
}

async fn decide(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AcceptanceId>,
    b: Result<Json<DecisionBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let item = ops::decide_acceptance(&s, &me, id, &b.into()).await?;
    Ok(Json(json!({ "item_id": item })))
}

#[derive(Deserialize)]
struct MilestoneBody {
    title: String,
    owner_unit_id: Option<i64>,
    due_on: NaiveDate,
    planned_percent: Option<f64>,
}

async fn post_milestone(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<MilestoneBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let input = MilestoneInput {
        title: b.title,
        owner_unit_id: b.owner_unit_id.map(UnitId),
        due_on: b.due_on,
        planned_percent: b.planned_percent,
    };
    let id = ops::add_milestone(&s, &me, item, &input).await?;
    Ok(Json(json!({ "id": id })))
}

#[derive(Deserialize)]
struct DoneBody {
    done_on: Option<NaiveDate>,
}

async fn milestone_done(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<MilestoneId>,
    b: Result<Json<DoneBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let item = ops::mark_milestone(&s, &me, id, b.done_on).await?;
    Ok(Json(json!({ "item_id": item })))
}

//! The ledger's JSON API under `/api/v1`: plan ledgers and roll-ups, item ledgers, reports
//! with versions, and the writes (reports, delays, acceptance, milestones). A report write
//! carries the `revision` it read; a stale one gets 409 with the current version, and nothing
//! is written.

use super::form_values::asked_unit;
use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use minsheng_domain::{ItemId, PlanId};
use minsheng_store::{ItemLedger, RollupRow, timeline};
use serde::Deserialize;
use serde_json::{Value, json};
mod allocation;
mod reports;
mod writes;

use reports::{item_reports, put_report, report};
use writes::{decide, milestone_done, post_acceptance, post_delay, post_milestone, review_delay};
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
        .route("/items/{id}/allocation", get(allocation::get_allocation))
        .route(
            "/items/{id}/allocations",
            post(allocation::post_allocations),
        )
        .route("/milestones/{id}/done", post(milestone_done))
}

pub(crate) fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
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

pub(super) fn day(raw: &str, what: &str) -> Result<NaiveDate, ApiError> {
    raw.parse().map_err(|_| {
        ApiError(AppError::BadRequest(Words::new(
            format!("{what}“{raw}”应为 YYYY-MM-DD 格式的日期。"),
            format!("{what} must be a date."),
        )))
    })
}

#[derive(Deserialize, Default)]
pub(super) struct DateQuery {
    date: Option<String>,
    by: Option<String>,
    year: Option<i32>,
}

pub(super) fn on(s: &AppState, q: &DateQuery) -> Result<NaiveDate, ApiError> {
    match q.date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => day(d, "date"),
        None => Ok(s.clock.today()),
    }
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/ledger", tag = "ledger",
    summary = "计划台账：某日各项目的亮灯、状态和进度 / A plan's ledger: every item's lights, status and progress as of a day",
    params(("id" = i64, Path, description = "id"), ("date" = Option<String>, Query, description = "YYYY-MM-DD, default today")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan_ledger(
    State(s): State<AppState>,
    Id(id): Id<PlanId>,
    Query(q): Query<DateQuery>,
) -> Result<Response, ApiError> {
    Ok(Json(s.store.plan_ledger(id, on(&s, &q)?).await?).into_response())
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/rollups", tag = "ledger",
    summary = "计划汇总（按分类、按单位） / A plan's roll-ups by category and unit",
    params(("id" = i64, Path, description = "id"), ("date" = Option<String>, Query, description = "YYYY-MM-DD"), ("by" = Option<String>, Query, description = "category or unit")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
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
#[utoipa::path(get, path = "/api/v1/rollups", tag = "ledger",
    summary = "按地区汇总某年度已发布计划 / Roll-ups per region over its published plans of a year",
    params(("date" = Option<String>, Query, description = "YYYY-MM-DD"), ("year" = Option<i32>, Query, description = "年度")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn region_rollups(
    State(s): State<AppState>,
    me: Me,
    Query(q): Query<DateQuery>,
) -> Result<Json<Vec<RollupRow>>, ApiError> {
    let today = on(&s, &q)?;
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&today));
    // An office confined to a region sees its region's row and those below it.
    let within = match me.region() {
        Some(r) => Some(s.store.regions_within(r).await?),
        None => None,
    };
    let out = s
        .store
        .year_rollups(year, today)
        .await?
        .into_iter()
        .filter(|(region, _)| within.as_ref().is_none_or(|w| w.contains(&region.id)))
        .map(|(region, rollup)| RollupRow {
            key: region.id.to_string(),
            label: region.name,
            rollup,
        })
        .collect();
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/items/{id}/ledger", tag = "ledger",
    summary = "单个项目的台账和进度序列 / One item's ledger with its progress series",
    params(("id" = i64, Path, description = "id"), ("date" = Option<String>, Query, description = "YYYY-MM-DD")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn item_ledger(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    Query(q): Query<DateQuery>,
) -> Result<Json<Value>, ApiError> {
    me.readable_item(&s, id).await?;
    let today = on(&s, &q)?;
    let view = s.store.item_ledger(id, today).await?;
    let records = s.store.item_records_of(&view, today).await?;
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

#[derive(Deserialize)]
struct WorkbenchQuery {
    unit: Option<String>,
    date: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/workbench", tag = "ledger",
    summary = "单位的项目和本期应报 / A unit's items and what is due this period",
    params(("unit" = Option<i64>, Query, description = "单位 id"), ("date" = Option<String>, Query, description = "YYYY-MM-DD")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn workbench(
    State(s): State<AppState>,
    me: Me,
    Query(q): Query<WorkbenchQuery>,
) -> Result<Json<Value>, ApiError> {
    let who = me.principal()?;
    let unit = me
        .workbench_unit(&s, asked_unit(q.unit.as_deref().unwrap_or(""))?)
        .await?;
    let today = on(
        &s,
        &DateQuery {
            date: q.date,
            by: None,
            year: None,
        },
    )?;
    let mut plans = Vec::new();
    for plan in crate::plans::Reach::of(&me, true).published(&s).await? {
        let l = s.store.plan_ledger(plan, today).await?;
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

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(plan_ledger, plan_rollups, region_rollups, item_ledger, workbench))]
pub(crate) struct Doc;

/// Every path of the ledger's API.
pub(crate) fn doc() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    let mut d = Doc::openapi();
    d.merge(reports::Doc::openapi());
    d.merge(writes::Doc::openapi());
    d.merge(allocation::Doc::openapi());
    d
}

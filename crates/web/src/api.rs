//! The JSON API under `/api/v1`: plans, items, units. Errors are `{"error": {code, message}}`.

use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError};
use crate::ids::Id;
use crate::ids::parse_id;
use crate::plans::sees_drafts;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use minsheng_domain::{ItemId, PlanId, PlanState, RegionId, Unit, UnitId};
use minsheng_store::{ItemDetail, PlanDetail};
use serde::Deserialize;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", get(plans))
        .route("/plans/{id}", get(plan))
        .route("/plans/{id}/items", get(plan_items))
        .route("/items/{id}", get(item))
        .route("/units", get(units))
        .route("/me", get(whoami))
}

/// GET /api/v1/me: the signed-in account (never its password hash).
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    summary = "当前登录账户（不含口令散列） / The signed-in account (never its password hash)",
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn whoami(me: Me) -> Result<Json<minsheng_store::accounts::User>, ApiError> {
    me.principal()?;
    Ok(Json(me.user.expect("signed in")))
}

/// Paging and filters of `GET /api/v1/plans`.
#[derive(Deserialize)]
struct PlanPaging {
    year: Option<i32>,
    region: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// GET /api/v1/plans?year=&region=&limit=&offset=: a page of plans (100 unless `limit`, at
/// most 1000); `X-Total-Count` says how many match.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans",
    summary = "分页列出计划；X-Total-Count 为总数 / A page of plans; `X-Total-Count` says how many match",
    params(("year" = Option<i32>, Query, description = "年度"), ("region" = Option<String>, Query, description = "地区名称"), ("limit" = Option<i64>, Query, description = "at most 1000, default 100"), ("offset" = Option<i64>, Query, description = "default 0")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plans(
    State(s): State<AppState>,
    me: Me,
    Query(q): Query<PlanPaging>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let (plans, total) = s
        .store
        .plans_page(&minsheng_store::PlanFilter {
            year: q.year,
            region: q.region,
            drafts: sees_drafts(&me),
            drafts_within: me.region(),
            limit: q.limit.unwrap_or(100),
            offset: q.offset.unwrap_or(0),
        })
        .await?;
    Ok(([("x-total-count", total.to_string())], Json(plans)))
}

/// A draft is answered as missing to those who may not see drafts, in the same words as a
/// missing `what`, so its existence does not show.
fn hidden(state: PlanState, me: &Me, what: &'static str) -> Result<(), ApiError> {
    if state == PlanState::Draft && !sees_drafts(me) {
        return Err(AppError::NotFound(what).into());
    }
    Ok(())
}

#[derive(Deserialize)]
struct UnitFilter {
    unit: Option<String>,
}

async fn detail(
    s: &AppState,
    me: &Me,
    id: PlanId,
    unit: Option<&str>,
) -> Result<PlanDetail, ApiError> {
    let unit = unit
        .filter(|u| !u.is_empty())
        .map(parse_id::<UnitId>)
        .transpose()?;
    let d = s.store.plan_detail(id, unit).await?;
    hidden(d.plan.state, me, "计划 (plan)")?;
    Ok(d)
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans",
    summary = "计划及其分类和项目 / A plan with its categories and items",
    params(("id" = i64, Path, description = "id"), ("unit" = Option<i64>, Query, description = "only the items of this unit")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Query(q): Query<UnitFilter>,
) -> Result<Json<PlanDetail>, ApiError> {
    Ok(Json(detail(&s, &me, id, q.unit.as_deref()).await?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/items", tag = "plans",
    summary = "计划的项目（含单位、领导、指标） / A plan's items with units, leaders and targets",
    params(("id" = i64, Path, description = "id"), ("unit" = Option<i64>, Query, description = "only the items of this unit")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan_items(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Query(q): Query<UnitFilter>,
) -> Result<Json<Vec<ItemDetail>>, ApiError> {
    Ok(Json(detail(&s, &me, id, q.unit.as_deref()).await?.items))
}

#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "plans",
    summary = "单个项目（含单位、领导、指标） / One item with units, leaders and targets",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn item(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<Json<ItemDetail>, ApiError> {
    let (plan, item) = s.store.item_detail(id).await?;
    hidden(plan.state, &me, "项目 (item)")?;
    Ok(Json(item))
}

#[derive(Deserialize)]
struct RegionFilter {
    region: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/units", tag = "plans",
    summary = "单位（可按地区） / Units (of a region)",
    params(("region" = Option<i64>, Query, description = "地区 id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn units(
    State(s): State<AppState>,
    Query(q): Query<RegionFilter>,
) -> Result<Json<Vec<Unit>>, ApiError> {
    let region = q
        .region
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(parse_id::<RegionId>)
        .transpose()?;
    Ok(Json(s.store.units(region).await?))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(whoami, plans, plan, plan_items, item, units))]
pub(crate) struct Doc;

//! The JSON API under `/api/v1`: plans, items, units. Errors are `{"error": {code, message}}`.

use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, parse_id};
use crate::plans::sees_drafts;
use axum::extract::{Path, Query, State};
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
            limit: q.limit.unwrap_or(100),
            offset: q.offset.unwrap_or(0),
        })
        .await?;
    Ok(([("x-total-count", total.to_string())], Json(plans)))
}

fn hidden(state: PlanState, me: &Me) -> Result<(), ApiError> {
    if state == PlanState::Draft && !sees_drafts(me) {
        return Err(AppError::NotFound("计划 (plan)").into());
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
    raw: &str,
    unit: Option<&str>,
) -> Result<PlanDetail, ApiError> {
    let id = PlanId(parse_id(raw, "计划 plan")?);
    let unit = unit
        .filter(|u| !u.is_empty())
        .map(|u| parse_id(u, "单位 unit").map(UnitId))
        .transpose()?;
    let d = s.store.plan_detail(id, unit).await?;
    hidden(d.plan.state, me)?;
    Ok(d)
}

async fn plan(
    State(s): State<AppState>,
    me: Me,
    Path(raw): Path<String>,
    Query(q): Query<UnitFilter>,
) -> Result<Json<PlanDetail>, ApiError> {
    Ok(Json(detail(&s, &me, &raw, q.unit.as_deref()).await?))
}

async fn plan_items(
    State(s): State<AppState>,
    me: Me,
    Path(raw): Path<String>,
    Query(q): Query<UnitFilter>,
) -> Result<Json<Vec<ItemDetail>>, ApiError> {
    Ok(Json(detail(&s, &me, &raw, q.unit.as_deref()).await?.items))
}

async fn item(
    State(s): State<AppState>,
    me: Me,
    Path(raw): Path<String>,
) -> Result<Json<ItemDetail>, ApiError> {
    let id = ItemId(parse_id(&raw, "项目 item")?);
    let (plan, item) = s.store.item_detail(id).await?;
    hidden(plan.state, &me)?;
    Ok(Json(item))
}

#[derive(Deserialize)]
struct RegionFilter {
    region: Option<String>,
}

async fn units(
    State(s): State<AppState>,
    Query(q): Query<RegionFilter>,
) -> Result<Json<Vec<Unit>>, ApiError> {
    let region = q
        .region
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(|r| parse_id(r, "地区 region").map(RegionId))
        .transpose()?;
    Ok(Json(s.store.units(region).await?))
}

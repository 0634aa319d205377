//! The supervision JSON API: a plan's orders and bulletins, one order with its steps and the
//! steps themselves, a bulletin's content, and one's notifications. Same checks as the pages.

use super::orders::{readable, take_step};
use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use minsheng_domain::PlanId;
use minsheng_domain::{BulletinId, OrderId};
use minsheng_store::OrderFilter;
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of the supervision API (under /api/v1).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/orders", get(plan_orders))
        .route("/orders/{id}", get(order))
        .route("/orders/{id}/steps", post(step))
        .route("/plans/{id}/bulletins", get(plan_bulletins))
        .route("/bulletins/{id}", get(bulletin))
        .route("/notifications", get(notifications))
}

/// GET /api/v1/plans/{id}/orders.
#[utoipa::path(get, path = "/api/v1/plans/{id}/orders", tag = "supervision",
    summary = "计划的督办单 / A plan's supervision orders (督办单)",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan_orders(
    State(s): State<AppState>,
    Id(plan): Id<PlanId>,
) -> Result<Json<Value>, ApiError> {
    let today = s.clock.today();
    let orders = s
        .store
        .orders(&OrderFilter {
            plan: Some(plan),
            ..OrderFilter::default()
        })
        .await?;
    let list: Vec<Value> = orders
        .iter()
        .map(|o| json!({"order": o, "label": o.label(), "overdue": o.overdue(today)}))
        .collect();
    Ok(Json(json!(list)))
}

/// GET /api/v1/orders/{id}: the order and its steps.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "supervision",
    summary = "单个督办单及其办理过程 / One order and its steps",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn order(
    State(s): State<AppState>,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
) -> Result<Json<Value>, ApiError> {
    let o = readable(&s, &me, id).await?;
    let events = s.store.order_events(o.id).await?;
    Ok(Json(
        json!({"order": &o, "label": o.label(), "overdue": o.overdue(s.clock.today()), "steps": events}),
    ))
}

/// A step: `{action: acknowledge|answer|close|return, note, state}` (`state` as last seen).
#[derive(Deserialize)]
struct Step {
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    state: String,
}

/// POST /api/v1/orders/{id}/steps.
#[utoipa::path(post, path = "/api/v1/orders/{id}/steps", tag = "supervision",
    summary = "办理督办单：签收、答复、办结、退回 / A step of an order: acknowledge, answer, close, return",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{action: acknowledge|answer|close|return, note, state}` (`state` as last seen; 409 if it changed)"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn step(
    State(s): State<AppState>,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
    body: Result<Json<Step>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| {
        AppError::BadRequest(Words::new(
            format!(
                "请求体应为 {{\"action\", \"note\", \"state\"}}：{}",
                e.body_text()
            ),
            format!(
                "The body should be {{\"action\", \"note\", \"state\"}}: {}",
                e.body_text()
            ),
        ))
    })?;
    let (o, next) = take_step(&s, &me, id, &b.action, &b.note, &b.state).await?;
    Ok(Json(json!({"id": o.id, "state": next})))
}

/// GET /api/v1/plans/{id}/bulletins.
#[utoipa::path(get, path = "/api/v1/plans/{id}/bulletins", tag = "supervision",
    summary = "计划的通报 / A plan's bulletins (通报)",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan_bulletins(
    State(s): State<AppState>,
    Id(plan): Id<PlanId>,
) -> Result<Json<Value>, ApiError> {
    let list = s.store.bulletins(plan).await?;
    let list: Vec<Value> = list
        .into_iter()
        .map(|mut b| {
            b.content = None;
            json!({"bulletin": b, "number": b.number_label()})
        })
        .collect();
    Ok(Json(json!(list)))
}

/// GET /api/v1/bulletins/{id}: issued ones for anyone, drafts for those who read everything.
#[utoipa::path(get, path = "/api/v1/bulletins/{id}", tag = "supervision",
    summary = "单期通报：已印发的公开，草稿仅限可读全部者 / One bulletin: issued ones for anyone, drafts for those who read everything",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn bulletin(
    State(s): State<AppState>,
    me: Me,
    Id(BulletinId(id)): Id<BulletinId>,
) -> Result<Json<Value>, ApiError> {
    let (mut b, content) = crate::bulletins::pages::load(&s, &me, id).await?;
    b.content = None;
    Ok(Json(
        json!({"bulletin": b, "number": b.number_label(), "content": content}),
    ))
}

/// GET /api/v1/notifications: one's own, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "supervision",
    summary = "本人的站内通知，新的在前 / One's own notifications, newest first",
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn notifications(State(s): State<AppState>, me: Me) -> Result<Json<Value>, ApiError> {
    let p = me.principal()?;
    let list = s.store.notifications_for(&p.units, p.leader, 200).await?;
    Ok(Json(json!(list)))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(plan_orders, order, step, plan_bulletins, bulletin, notifications))]
pub(crate) struct Doc;

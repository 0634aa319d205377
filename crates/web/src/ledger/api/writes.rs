//! The ledger's JSON writes besides reports: delay explanations and their review, acceptance
//! requests and decisions, milestones and their completion — each through the same operation as
//! its page.

use super::super::ops;
use super::body;
use crate::AppState;
use crate::auth::Me;
use crate::error::ApiError;
use crate::ids::Id;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use chrono::NaiveDate;
use minsheng_domain::{AcceptanceId, DelayId, ItemId, MilestoneId, UnitId};
use minsheng_store::{AcceptanceInput, DelayInput, DelayStep, MilestoneInput};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
pub(super) struct DelayBody {
    #[serde(default)]
    unit_id: Option<i64>,
    cause: String,
    explanation: String,
    #[serde(default)]
    steps: Vec<DelayStep>,
    new_deadline: NaiveDate,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/delays", tag = "ledger",
    summary = "单位提交延期说明 / A unit explains a delay (延期说明)",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{unit_id, cause, explanation, steps: [{step, due_on}], new_deadline: YYYY-MM-DD}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn post_delay(
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
pub(super) struct DecisionBody {
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

#[utoipa::path(post, path = "/api/v1/delays/{id}/review", tag = "ledger",
    summary = "专班批准或退回延期说明 / The office approves or returns a delay explanation",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{approve, note}`"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn review_delay(
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
pub(super) struct AcceptanceBody {
    #[serde(default)]
    unit_id: Option<i64>,
    completed_on: NaiveDate,
    summary: String,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/acceptance", tag = "ledger",
    summary = "牵头单位申请验收 / A lead unit asks for acceptance (验收)",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{unit_id, completed_on: YYYY-MM-DD, summary}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn post_acceptance(
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

#[utoipa::path(post, path = "/api/v1/acceptance/{id}/decision", tag = "ledger",
    summary = "专班验收通过或退回 / The office accepts or returns an acceptance request",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{approve, note}`"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn decide(
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
pub(super) struct MilestoneBody {
    title: String,
    owner_unit_id: Option<i64>,
    due_on: NaiveDate,
    planned_percent: Option<f64>,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/milestones", tag = "ledger",
    summary = "为项目添加节点 / Adds a milestone to an item",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{title, due_on: YYYY-MM-DD, owner_unit_id, planned_percent}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn post_milestone(
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
pub(super) struct DoneBody {
    done_on: Option<NaiveDate>,
}

#[utoipa::path(post, path = "/api/v1/milestones/{id}/done", tag = "ledger",
    summary = "标记节点完成或重新打开 / Marks a milestone done on a day, or reopens it",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{done_on}` (null reopens)"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
pub(super) async fn milestone_done(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<MilestoneId>,
    b: Result<Json<DoneBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let item = ops::mark_milestone(&s, &me, id, b.done_on).await?;
    Ok(Json(json!({ "item_id": item })))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    post_delay,
    review_delay,
    post_acceptance,
    decide,
    post_milestone,
    milestone_done
))]
pub(crate) struct Doc;

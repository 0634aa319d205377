//! The plan editor's JSON API, through the same store operations as its pages:
//!
//! - `POST /api/v1/plans` `{region, year, title}` → a new empty draft plan;
//! - `POST /api/v1/plans/{id}/items` an item (`ItemDraft`) or `{items: [...]}` → their ids;
//! - `POST /api/v1/plans/{id}/items/text` `{text}` → items read by the importer, added;
//! - `GET /api/v1/items/{id}/draft` → the item as the editor writes it (targets with ids);
//! - `PUT /api/v1/items/{id}` an `ItemDraft` → the item overwritten (targets kept by id);
//! - `DELETE /api/v1/items/{id}`;
//! - `POST /api/v1/plans/{id}/categories` `{name}` → the category's id;
//! - `POST /api/v1/plans/{id}/adjustments` (office) and `POST /api/v1/items/{id}/adjustments`
//!   (its lead unit) `{kind, item_id, reason, major, after, parts, merged}` → the adjustment
//!   proposed (`parts`: the items a split makes; `merged`: the ids a merge ends);
//! - `GET /api/v1/plans/{id}/adjustments`, `GET /api/v1/adjustments/{id}`;
//! - `POST /api/v1/adjustments/{id}/decision` `{approve, note, decision: {body, number, date}}`.

use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use crate::ledger::api::body;
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, post};
use minsheng_domain::adjustment::{AdjustmentKind, DecisionRecord};
use minsheng_domain::draft::ItemDraft;
use minsheng_domain::{AdjustmentId, ItemId, PlanId};
use minsheng_store::{AdjustmentDecision, AdjustmentInput};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of the editor's API (nested under /api/v1).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", post(create_plan))
        .route("/plans/{id}/items", post(add_items))
        .route("/plans/{id}/items/text", post(add_text))
        .route("/plans/{id}/categories", post(add_category))
        .route("/items/{id}/draft", get(item_draft))
        .route(
            "/items/{id}",
            axum::routing::put(put_item).delete(delete_item),
        )
        .route(
            "/plans/{id}/adjustments",
            get(plan_adjustments).post(office_adjustment),
        )
        .route("/items/{id}/adjustments", post(unit_adjustment))
        .route("/adjustments/{id}", get(adjustment))
        .route("/adjustments/{id}/decision", post(decide))
}

#[derive(Deserialize)]
struct NewPlan {
    region: String,
    year: i32,
    #[serde(default)]
    title: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/plans", tag = "editor",
    summary = "新建草稿计划 / Creates a draft plan",
    request_body(content = serde_json::Value, description = "`{region, year, title}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn create_plan(
    State(s): State<AppState>,
    me: Me,
    b: Result<Json<NewPlan>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let region = b.region.trim().to_string();
    if region.is_empty() || region.chars().count() > 50 || !(2000..=2100).contains(&b.year) {
        return Err(ApiError(AppError::BadRequest(Words::new(
            "新建计划需要地区名称（1–50 字）和 2000–2100 之间的年度。",
            "A new plan needs a region (1–50 characters) and a year from 2000 to 2100.",
        ))));
    }
    let title = b
        .title
        .map(|t| t.trim().chars().take(200).collect::<String>())
        .filter(|t| !t.is_empty());
    let list = minsheng_importer::ParsedList::empty(title, Some(region.clone()), Some(b.year));
    let opts = minsheng_store::ImportOptions {
        region,
        year: b.year,
        source_name: "（手工新建）".into(),
        source_bytes: Vec::new(),
    };
    let summary = me
        .store(&s)
        .import_plan(&list, &opts)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "id": summary.plan_id })))
}

/// `{items: [...]}` or one item, read so that a mistake names its field.
fn items_of(v: Value) -> Result<Vec<ItemDraft>, AppError> {
    let read = |v: Value| serde_json::from_value::<ItemDraft>(v);
    let out = match v {
        Value::Object(mut o) if o.contains_key("items") => match o.remove("items") {
            Some(Value::Array(a)) => a.into_iter().map(read).collect(),
            _ => {
                return Err(AppError::BadRequest(Words::new(
                    "items 应为项目的数组。",
                    "items should be an array of items.",
                )));
            }
        },
        v => read(v).map(|d| vec![d]),
    };
    out.map_err(|e| {
        AppError::BadRequest(Words::new(
            format!("项目的字段不对：{e}。"),
            format!("An item's field is wrong: {e}."),
        ))
    })
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/items", tag = "editor",
    summary = "向草稿添加项目 / Adds items to a draft",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "an item draft or a list of them"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn add_items(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let drafts = items_of(body(b)?)?;
    let ids = me
        .store(&s)
        .add_items(plan, drafts)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "ids": ids })))
}

#[derive(Deserialize)]
struct Text {
    text: String,
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/items/text", tag = "editor",
    summary = "从粘贴的文字添加项目 / Adds items read from pasted text",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{text}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn add_text(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Text>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let (drafts, warnings) = super::items_from_text(&b.text)?;
    let ids = me
        .store(&s)
        .add_items(plan, drafts)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "ids": ids, "warnings": warnings })))
}

#[utoipa::path(get, path = "/api/v1/items/{id}/draft", tag = "editor",
    summary = "项目的可编辑草稿 / An item as an editable draft",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn item_draft(
    State(s): State<AppState>,
    Id(item): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    let (plan, d) = s.store.item_draft(item).await.map_err(AppError::from)?;
    Ok(Json(json!({ "plan_id": plan, "item": d })))
}

#[utoipa::path(put, path = "/api/v1/items/{id}", tag = "editor",
    summary = "修改草稿计划的项目 / Replaces an item of a draft plan",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "an item draft"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn put_item(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<ItemDraft>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let d = body(b)?;
    me.store(&s)
        .update_item(item, d)
        .await
        .map_err(AppError::from)?;
    let (_, d) = s.store.item_draft(item).await.map_err(AppError::from)?;
    Ok(Json(json!({ "item": d })))
}

#[utoipa::path(delete, path = "/api/v1/items/{id}", tag = "editor",
    summary = "从草稿计划删除项目 / Removes an item from a draft plan",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn delete_item(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    let plan = me
        .store(&s)
        .delete_item(item)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "deleted": item, "plan_id": plan })))
}

#[derive(Deserialize)]
struct Name {
    name: String,
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/categories", tag = "editor",
    summary = "向草稿添加分类 / Adds a category to a draft",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{name}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn add_category(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Name>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let id = me
        .store(&s)
        .add_category(plan, &b.name)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "id": id })))
}

#[derive(Deserialize)]
struct Proposal {
    kind: AdjustmentKind,
    #[serde(default)]
    item_id: Option<i64>,
    reason: String,
    #[serde(default)]
    major: bool,
    #[serde(default)]
    after: Option<ItemDraft>,
    /// A split: the items split off.
    #[serde(default)]
    parts: Vec<ItemDraft>,
    /// A merge: the ids of the items merged in.
    #[serde(default)]
    merged: Vec<i64>,
}

async fn proposed(
    s: &AppState,
    me: &Me,
    plan: PlanId,
    item: Option<ItemId>,
    unit: Option<minsheng_domain::UnitId>,
    p: Proposal,
) -> Result<Json<Value>, ApiError> {
    let input = AdjustmentInput {
        kind: p.kind,
        item,
        after: p.after,
        reason: p.reason,
        major: p.major,
        unit,
        parts: p.parts,
        merged: p.merged.into_iter().map(ItemId).collect(),
    };
    let store = me.store(s);
    let id = store
        .propose_adjustment(plan, input, s.clock.now())
        .await
        .map_err(AppError::from)?;
    let a = store.adjustment(id).await.map_err(AppError::from)?;
    Ok(Json(json!({ "adjustment": a })))
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/adjustments", tag = "editor",
    summary = "专班提出计划调整 / The office proposes an adjustment of a published plan",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{kind, item_id, reason, major, after: item draft, parts, merged}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn office_adjustment(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Proposal>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = body(b)?;
    let item = p.item_id.map(ItemId);
    proposed(&s, &me, plan, item, None, p).await
}

#[utoipa::path(post, path = "/api/v1/items/{id}/adjustments", tag = "editor",
    summary = "牵头单位提出项目调整 / A lead unit proposes an adjustment of its item",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{kind, after, reason}`"),
    responses((status = 201, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn unit_adjustment(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    b: Result<Json<Proposal>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = body(b)?;
    let unit = super::adjust::lead_unit(&s, &me, item).await?;
    let (plan, _) = s.store.item_plan(item).await.map_err(AppError::from)?;
    proposed(&s, &me, plan, Some(item), Some(unit), p).await
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/adjustments", tag = "editor",
    summary = "已发布计划的调整 / A published plan's adjustments (调整)",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn plan_adjustments(
    State(s): State<AppState>,
    Id(plan): Id<PlanId>,
) -> Result<Json<Value>, ApiError> {
    let all = s
        .store
        .plan_adjustments(plan)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "adjustments": all })))
}

#[utoipa::path(get, path = "/api/v1/adjustments/{id}", tag = "editor",
    summary = "单个调整及其决定 / One adjustment with its decisions",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn adjustment(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AdjustmentId>,
) -> Result<Json<Value>, ApiError> {
    let a = s.store.adjustment(id.0).await.map_err(AppError::from)?;
    if !me.can("read_all") {
        match a.item_id {
            Some(item) => {
                me.readable_item(&s, item).await?;
            }
            None => {
                return Err(ApiError(AppError::Forbidden(Words::new(
                    "新增项目的调整只有督查室可以查看。",
                    "Only the office sees proposed new items.",
                ))));
            }
        }
    }
    Ok(Json(json!({ "adjustment": a })))
}

#[derive(Deserialize)]
struct Decision {
    approve: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    decision: Option<DecisionRecord>,
}

#[utoipa::path(post, path = "/api/v1/adjustments/{id}/decision", tag = "editor",
    summary = "批准或退回调整 / Approves or returns an adjustment",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{approve, note, decision: {body, number, date}}` (a major adjustment names the deciding body's decision)"),
    responses((status = 200, description = "OK", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`, the message in Chinese and English")))]
async fn decide(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AdjustmentId>,
    b: Result<Json<Decision>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let d = AdjustmentDecision {
        approve: b.approve,
        note: b.note,
        decision: b.decision,
    };
    let a = me
        .store(&s)
        .decide_adjustment(id.0, d, s.clock.now())
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "adjustment": a })))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    create_plan,
    add_items,
    add_text,
    add_category,
    item_draft,
    put_item,
    delete_item,
    plan_adjustments,
    office_adjustment,
    unit_adjustment,
    adjustment,
    decide
))]
pub(crate) struct Doc;

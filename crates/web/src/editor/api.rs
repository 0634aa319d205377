//! The plan editor's JSON API, through the same store operations as its pages:
//!
//! - `POST /api/v1/plans` `{region, year, title}` → a new empty draft plan;
//! - `POST /api/v1/plans/{id}/items` an item (`ItemDraft`) or `{items: [...]}` → their ids;
//! - `POST /api/v1/plans/{id}/items/text` `{text}` → items read by the importer, added;
//! - `GET /api/v1/items/{id}/draft` → the item as the editor writes it (targets with ids);
//! - `PUT /api/v1/items/{id}` an `ItemDraft` → the item overwritten (targets kept by id);
//! - `DELETE /api/v1/items/{id}`;
//! - `POST /api/v1/plans/{id}/categories` `{name}` → the category's id.

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
use minsheng_domain::draft::ItemDraft;
use minsheng_domain::{ItemId, PlanId};
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
}

#[derive(Deserialize)]
struct NewPlan {
    region: String,
    year: i32,
    #[serde(default)]
    title: Option<String>,
}

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

#[derive(Deserialize)]
#[serde(untagged)]
enum Items {
    Many { items: Vec<ItemDraft> },
    One(Box<ItemDraft>),
}

async fn add_items(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Items>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let drafts = match body(b)? {
        Items::Many { items } => items,
        Items::One(d) => vec![*d],
    };
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

async fn add_text(
    State(s): State<AppState>,
    me: Me,
    Id(plan): Id<PlanId>,
    b: Result<Json<Text>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(b)?;
    let list = minsheng_importer::parse_bytes(b.text.as_bytes(), "text.txt")
        .map_err(|e| AppError::BadRequest(Words::new(e.to_string(), e.to_string())))?;
    let drafts: Vec<ItemDraft> = list.items.iter().map(minsheng_store::draft_of).collect();
    let ids = me
        .store(&s)
        .add_items(plan, drafts)
        .await
        .map_err(AppError::from)?;
    Ok(Json(json!({ "ids": ids, "warnings": list.warnings })))
}

async fn item_draft(
    State(s): State<AppState>,
    Id(item): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    let (plan, d) = s.store.item_draft(item).await.map_err(AppError::from)?;
    Ok(Json(json!({ "plan_id": plan, "item": d })))
}

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

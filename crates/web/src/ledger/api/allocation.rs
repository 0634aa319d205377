//! Allocation over the API: what an item was allocated and what the regions below have done
//! (`GET /api/v1/items/{id}/allocation`), and allocating it (`POST …/allocations`), the same
//! store calls as the page (docs/LEVELS.md).

use super::body;
use crate::AppState;
use crate::auth::Me;
use crate::error::{ApiError, AppError, Words};
use crate::ids::Id;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use minsheng_domain::{ItemId, RegionId, TargetId};
use minsheng_store::AllocationInput;
use serde::Deserialize;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/api/v1/items/{id}/allocation", tag = "ledger",
    summary = "项目的分解下达与下级完成情况 / What an item was allocated to the regions below, and what they have done",
    params(("id" = i64, Path, description = "id")),
    responses((status = 200, description = "`{allocation: null}` when the item was not allocated; else per target `value`, `allocated`, `achieved`, and per region its `shares` `[target, share, achieved]`, `assessment`, `not_reported`", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}`")))]
pub(super) async fn get_allocation(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
) -> Result<Json<Value>, ApiError> {
    let principal = me.principal()?;
    if !principal.can_read_item(&s.store.item_filing(id).await?.parties) {
        return Err(ApiError(AppError::Forbidden(Words::new(
            "您无权查看此项目。",
            "You may not see this item.",
        ))));
    }
    let view = s.store.allocation(id, s.clock.today()).await?;
    let from = s.store.allocated_from(id).await?;
    Ok(Json(json!({ "allocation": view, "allocated_from": from })))
}

#[derive(Deserialize)]
pub(super) struct ShareBody {
    target_id: i64,
    share: f64,
}

#[derive(Deserialize)]
pub(super) struct RegionBody {
    region_id: i64,
    #[serde(default)]
    shares: Vec<ShareBody>,
}

#[derive(Deserialize)]
pub(super) struct AllocateBody {
    regions: Vec<RegionBody>,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/allocations", tag = "ledger",
    summary = "把项目分解下达到下级地区 / Allocates an item to regions directly below its list's region",
    params(("id" = i64, Path, description = "id")),
    request_body(content = serde_json::Value, description = "`{regions: [{region_id, shares: [{target_id, share}]}]}`; a region without shares is given the item whole. All regions or none."),
    responses((status = 201, description = "`{allocated: [{region, plan, item}]}`: each region's list and the item made in it", body = serde_json::Value), (status = "4XX", description = "Refused: `{\"error\": {\"code\", \"message\"}}` (`region_not_below`, `already_allocated`, `target_not_on_item`, `share_not_positive`, `target_twice`)")))]
pub(super) async fn post_allocations(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<ItemId>,
    b: Result<Json<AllocateBody>, JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let b = body(b)?;
    let to: Vec<AllocationInput> = b
        .regions
        .into_iter()
        .map(|r| AllocationInput {
            region: RegionId(r.region_id),
            shares: r
                .shares
                .into_iter()
                .map(|x| (TargetId(x.target_id), x.share))
                .collect(),
        })
        .collect();
    if to.is_empty() {
        return Err(ApiError(AppError::BadRequest(Words::new(
            "regions 为空：请至少给出一个下级地区。",
            "regions is empty: give at least one region below.",
        ))));
    }
    let done = me.store(&s).allocate(id, &to, s.clock.now().at).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "allocated": done })),
    ))
}

/// The OpenAPI paths of this module.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_allocation, post_allocations))]
pub(crate) struct Doc;

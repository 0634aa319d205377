//! Approved evidence photos on the public site: the photo and its thumbnail, for items of published plans.

use crate::AppState;
use crate::error::AppError;
use crate::ids::Id;
use axum::extract::State;
use axum::response::Response;
use minsheng_domain::AttachmentId;

async fn public_file(s: AppState, id: AttachmentId, thumb: bool) -> Result<Response, AppError> {
    let a = s.store.attachment(id).await?;
    // Only approved photos of items in a published or closed plan.
    if a.public_at.is_none() {
        return Err(AppError::NotFound("照片 (photo)"));
    }
    super::item::public_item(&s, a.item_id).await?;
    crate::ledger::send_file(&s, &a, thumb, crate::ledger::Audience::Public).await
}

/// GET /public/photos/{id}: an approved photo.
pub async fn photo(
    State(s): State<AppState>,
    Id(id): Id<AttachmentId>,
) -> Result<Response, AppError> {
    public_file(s, id, false).await
}

/// GET /public/photos/{id}/thumb: its thumbnail.
pub async fn photo_thumb(
    State(s): State<AppState>,
    Id(id): Id<AttachmentId>,
) -> Result<Response, AppError> {
    public_file(s, id, true).await
}

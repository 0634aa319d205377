//! Evidence uploads, shared by the report form, the
//! acceptance form and the API: every file is checked by content before anything is saved.

use crate::AppState;
use crate::error::AppError;
use crate::forms::Upload;
use minsheng_domain::ItemId;
use minsheng_store::files::{Inspected, inspect};
use minsheng_store::{NewAttachment, OwnerKind};

/// Stores one checked upload's bytes (and thumbnail) by their hash, and returns its record
/// for `owner`, to be written by the caller's transaction.
pub fn store_file(
    s: &AppState,
    owner: OwnerKind,
    owner_id: i64,
    u: &Upload,
    i: &Inspected,
) -> Result<NewAttachment, AppError> {
    let sha = s
        .files
        .put(&u.bytes, i.thumbnail.as_deref())
        .map_err(|e| AppError::internal(&e))?;
    let purpose = match u.field.as_str() {
        "before" => "before",
        "after" => "after",
        _ if i.is_image => "photo",
        _ => "document",
    };
    Ok(NewAttachment {
        owner_kind: owner,
        owner_id,
        purpose: purpose.into(),
        file_name: u.name.clone(),
        content_type: i.content_type.into(),
        size: u.bytes.len() as i64,
        sha256: sha,
        taken_at: i.taken_at.clone(),
        lat: i.lat,
        lon: i.lon,
        has_thumb: i.thumbnail.is_some(),
        phash: i.phash,
    })
}

/// Stores checked uploads and records them against `owner` (an acceptance request).
pub async fn attach(
    s: &AppState,
    item: ItemId,
    owner: OwnerKind,
    owner_id: i64,
    files: &[(Upload, Inspected)],
) -> Result<(), AppError> {
    for (u, i) in files {
        let file = store_file(s, owner, owner_id, u, i)?;
        s.store.add_attachment(item, &file, s.clock.now()).await?;
    }
    Ok(())
}

/// Decoding photos for thumbnails takes memory and a core: at most this many uploads are
/// checked at once, off the threads that serve pages, so a burst of photos queues instead of
/// slowing every page.
fn checking_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        tokio::sync::Semaphore::new(cores.clamp(1, 4))
    })
}

/// Checks every upload by content before anything is saved.
pub async fn inspect_all(files: Vec<Upload>) -> Result<Vec<(Upload, Inspected)>, AppError> {
    let _slot = checking_slots()
        .acquire()
        .await
        .map_err(|e| AppError::internal(&e))?;
    tokio::task::spawn_blocking(move || {
        files
            .into_iter()
            .map(|u| {
                let i = inspect(&u.name, &u.bytes)
                    .map_err(|e| AppError::BadRequest(e.to_string().into()))?;
                Ok((u, i))
            })
            .collect()
    })
    .await
    .map_err(|e| AppError::internal(&e))?
}

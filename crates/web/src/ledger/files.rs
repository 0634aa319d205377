//! Serving evidence files: the stored bytes with the content type found at upload, inline
//! for photos and PDF and as a download otherwise, never sniffed by the browser.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::ids::Id;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minsheng_domain::AttachmentId;
use minsheng_domain::ReportId;
use minsheng_store::OwnerKind;

async fn serve(s: AppState, me: Me, id: AttachmentId, thumb: bool) -> Result<Response, AppError> {
    let a = s.store.attachment(id).await?;
    me.readable_item(&s, a.item_id).await?;
    if a.owner_kind == OwnerKind::Report {
        let (_, unit, state) = s.store.report_owner(ReportId(a.owner_id)).await?;
        if !me.may_see_report(unit, &state) {
            return Err(AppError::Forbidden(Words::new(
                "这份文件属于其他单位的草稿。",
                "This file belongs to another unit's draft.",
            )));
        }
    }
    send(&s, &a, thumb, Audience::Private).await
}

/// Who a file is served to, which decides whether a browser may keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    /// Anyone (an approved public photo): cached for a day.
    Public,
    /// A signed-in reader whose access was checked: never kept, so nothing of it is left on
    /// a shared computer after signing out.
    Private,
}

/// The bytes of a file whose reading the caller has checked: the original or its thumbnail.
pub(crate) async fn send(
    s: &AppState,
    a: &minsheng_store::Attachment,
    thumb: bool,
    audience: Audience,
) -> Result<Response, AppError> {
    if thumb && !a.has_thumb {
        return Err(AppError::NotFound("缩略图 (thumbnail)"));
    }
    let path = if thumb {
        s.files.thumb_path(&a.sha256)
    } else {
        s.files.path(&a.sha256)
    };
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(file = %path.display(), error = %e, "evidence file missing");
        AppError::NotFound("文件 (file)")
    })?;
    let content_type = if thumb {
        "image/jpeg"
    } else {
        a.content_type.as_str()
    };
    let inline = thumb || a.is_image() || a.content_type == "application/pdf";
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        crate::forms::disposition(&a.file_name, inline),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(match audience {
            Audience::Public => "public, max-age=86400, immutable",
            Audience::Private => "private, no-store",
        }),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        ),
    );
    Ok(res)
}

/// The file as uploaded.
pub async fn original(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AttachmentId>,
) -> Result<Response, AppError> {
    serve(s, me, id, false).await
}

/// A photo's thumbnail.
pub async fn thumb(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<AttachmentId>,
) -> Result<Response, AppError> {
    serve(s, me, id, true).await
}

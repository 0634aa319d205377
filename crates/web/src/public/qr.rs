//! 民生码: the QR code of an item's public page, as SVG (for print) and PNG, and a printable
//! A4 poster to put up at the site. The code holds the page's full address, built from
//! `--public-url` (or, without it, the address the request came to).

use super::item::public_item;
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minsheng_domain::ItemId;
use qrcode::QrCode;
use qrcode::render::svg;

/// The public address of an item's page.
pub fn item_url(s: &AppState, headers: &HeaderMap, id: i64) -> String {
    let base = if s.public_url.is_empty() {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("{}://{host}", s.scheme(headers))
    } else {
        s.public_url.trim_end_matches('/').to_string()
    };
    format!("{base}/public/items/{id}")
}

fn code(url: &str) -> Result<QrCode, AppError> {
    // Level M keeps the code readable with a quarter of it soiled or torn.
    QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| AppError::internal(&e))
}

/// The code as SVG markup.
fn svg_of(url: &str) -> Result<String, AppError> {
    Ok(code(url)?
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

async fn target(s: &AppState, id: ItemId) -> Result<i64, AppError> {
    public_item(s, id).await?;
    Ok(id.0)
}

/// The code as a response. Only a code built from `--public-url` may be kept by shared
/// caches: one built from the request's `Host` says whatever that request said, and must not
/// be handed to anyone else.
fn image(s: &AppState, bytes: Vec<u8>, mime: &'static str) -> Response {
    let cache = if s.public_url.is_empty() {
        "private, no-store"
    } else {
        "public, max-age=86400"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response()
}

/// GET /public/items/{id}/qr.svg.
pub async fn svg(
    State(s): State<AppState>,
    headers: HeaderMap,
    Id(item): Id<ItemId>,
) -> Result<Response, AppError> {
    let id = target(&s, item).await?;
    let svg = svg_of(&item_url(&s, &headers, id))?;
    Ok(image(&s, svg.into_bytes(), "image/svg+xml"))
}

/// GET /public/items/{id}/qr.png.
pub async fn png(
    State(s): State<AppState>,
    headers: HeaderMap,
    Id(item): Id<ItemId>,
) -> Result<Response, AppError> {
    let id = target(&s, item).await?;
    let img = code(&item_url(&s, &headers, id))?
        .render::<image::Luma<u8>>()
        .min_dimensions(480, 480)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| AppError::internal(&e))?;
    Ok(image(&s, out.into_inner(), "image/png"))
}

#[derive(Template, WebTemplate)]
#[template(path = "poster.html")]
pub struct PosterPage {
    lang: Lang,
    id: i64,
    seq: String,
    title: String,
    plan_title: String,
    lead: String,
    deadline: String,
    url: String,
    qr: String,
}

/// GET /public/items/{id}/poster: an A4 sheet to print and post at the site.
pub async fn poster(
    State(s): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Id(id): Id<ItemId>,
) -> Result<PosterPage, AppError> {
    public_item(&s, id).await?;
    let view = s.store.item_ledger(id, s.clock.today()).await?;
    let it = view.item();
    let url = item_url(&s, &headers, id.0);
    Ok(PosterPage {
        lang,
        id: id.0,
        seq: it.detail.item.seq.clone(),
        title: it.detail.item.display_title(),
        plan_title: view.plan.plan.title.clone(),
        lead: it
            .detail
            .lead_units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        deadline: it.current_deadline.to_string(),
        qr: svg_of(&url)?,
        url,
    })
}

//! The public site (公开, every route under `/public/`): what anyone may read or send without
//! signing in — an item's published progress and approved photos, its 民生码 (QR code and
//! printable poster), messages and ratings on it (with a mobile number verified by SMS where a
//! campaign asks for one), proposals for next year, the map, and open
//! data (JSON, CSV, GeoJSON). Only published plans appear, and progress only as frozen at the
//! last locked period. What staff do with what citizens send is in `civic`.

mod data;
mod feedback;
pub(crate) mod item;
mod map;
mod photos;
mod proposals;
mod qr;
mod rating;
pub(crate) mod verify;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/public/items/{id}", get(item::page))
        .route("/public/items/{id}/qr.svg", get(qr::svg))
        .route("/public/items/{id}/qr.png", get(qr::png))
        .route("/public/items/{id}/poster", get(qr::poster))
        .route("/public/items/{id}/feedback", post(feedback::leave))
        .route("/public/items/{id}/rate", post(rating::rate))
        .route("/public/campaigns/{id}/code", post(verify::send_code))
        .route("/public/campaigns/{id}/verify", post(verify::verify))
        .route(
            "/public/proposals",
            get(proposals::form_page).post(proposals::leave),
        )
        .route("/public/proposals/find", get(proposals::find))
        .route("/public/proposals/{code}", get(proposals::fate))
        .route("/public/photos/{id}", get(photos::photo))
        .route("/public/photos/{id}/thumb", get(photos::photo_thumb))
        .route("/public/plans/{id}/data.json", get(data::json))
        .route("/public/plans/{id}/data.csv", get(data::csv))
        .route("/public/plans/{id}/sites.geojson", get(data::geojson))
        .route("/public/plans/{id}/map", get(map::page))
}

/// Who a citizen is for rate limits and one-rating-per-client: their address and browser,
/// which storage keeps only as a hash.
pub(crate) fn client_of(
    me: &crate::auth::Me,
    headers: &axum::http::HeaderMap,
) -> minsheng_store::Client {
    let agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    minsheng_store::Client {
        address: me.ip.clone(),
        agent: agent.to_string(),
    }
}

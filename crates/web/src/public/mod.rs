//! The public site (公开): what anyone may read without signing in — an item's published
//! progress, and its 民生码 (QR code and printable poster) that leads there from the site.
//! Only published plans appear, and progress only as frozen at the last locked period;
//! open data (JSON, CSV, GeoJSON) of the same.

mod adoption;
mod ballots;
mod data;
mod feedback;
mod item;
mod map;
mod proposals;
mod qr;
mod rating;

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
        .route(
            "/plans/{id}/campaigns",
            get(rating::list).post(rating::create),
        )
        .route("/campaigns/{id}", get(rating::page))
        .route("/campaigns/{id}/apply", post(rating::apply))
        .route(
            "/public/proposals",
            get(proposals::form_page).post(proposals::leave),
        )
        .route("/public/proposals/find", get(proposals::find))
        .route("/public/proposals/{code}", get(proposals::fate))
        .route("/proposals", get(proposals::list))
        .route("/ballots", get(ballots::list).post(ballots::create))
        .route("/ballots/{id}", get(ballots::page))
        .route("/ballots/{id}/vote", post(ballots::vote))
        .route("/ballots/{id}/adopt", post(adoption::adopt))
        .route("/plans/{id}/carry", post(adoption::carry))
        .route("/files/{id}/public", post(adoption::publish_photo))
        .route("/public/photos/{id}", get(adoption::photo))
        .route("/public/photos/{id}/thumb", get(adoption::photo_thumb))
        .route("/proposals/{id}/screen", post(proposals::screen))
        .route("/feedback", get(feedback::queue))
        .route("/feedback/{id}/moderate", post(feedback::moderate))
        .route("/feedback/{id}/reply", post(feedback::reply))
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

//! Bulletins (通报) and year-end scoring (绩效考核) on the web: a plan's bulletins, a draft
//! computed live and editable (title, next steps), issuing (numbered and frozen with its hash),
//! the same content as a publishable page, DOCX and XLSX; department scores with weights and
//! satisfaction results; locked periods with their snapshots and later amendments.

pub(crate) mod charts;
pub mod docx;
pub(crate) mod pages;
mod scores;
pub mod xlsx;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/plans/{id}/bulletins",
            get(pages::list).post(pages::create),
        )
        .route("/bulletins/{id}", get(pages::page).post(pages::edit))
        .route("/bulletins/{id}/issue", post(pages::issue))
        .route("/bulletins/{id}/docx", get(pages::docx))
        .route("/bulletins/{id}/xlsx", get(pages::xlsx))
        .route(
            "/plans/{id}/scores",
            get(scores::page).post(scores::weights),
        )
        .route("/plans/{id}/scores/xlsx", get(scores::xlsx))
        .route("/plans/{id}/ratings", post(scores::ratings))
        .route("/plans/{id}/periods", get(scores::periods))
}

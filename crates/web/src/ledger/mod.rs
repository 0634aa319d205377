//! The ledger's pages: the unit workbench (我的事项), the report form with its history, the
//! coordinating office's dashboard, the item's ledger page with chart and timeline, the
//! review actions (delays, acceptance, milestones, locks), evidence files and the JSON API.

mod allocation;
pub mod api;
mod chart;
pub(crate) mod cockpit;
mod dashboard;
pub(crate) mod evidence;
mod export;
mod files;
pub(crate) mod form_values;
mod history;
mod item;
mod links;
mod notes;
pub(crate) mod ops;
mod report_form;
mod report_input;
mod report_save;
mod reviews;
mod sheet;
mod sites;
mod workbench;

pub(crate) use files::{Audience, send as send_file};

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of this feature (pages; the API is [`api::router`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workbench", get(workbench::page))
        .route("/items/{id}", get(item::page))
        .route(
            "/items/{id}/report",
            get(report_form::page).post(report_save::save),
        )
        .route("/reports/{id}", get(history::page))
        .route("/plans/{id}/dashboard", get(dashboard::page))
        .route("/plans/{id}/ledger.xlsx", get(export::xlsx))
        .route("/plans/{id}/cockpit", get(cockpit::page))
        .route("/regions/{id}/cockpit", get(cockpit::region_page))
        .route("/plans/{id}/report-sheet.xlsx", get(sheet::download))
        .route(
            "/plans/{id}/report-sheets",
            get(sheet::form).post(sheet::upload),
        )
        .route("/plans/{id}/report-sheets/confirm", post(sheet::confirm))
        .route("/plans/{id}/settings", post(reviews::settings))
        .route("/plans/{id}/state", post(reviews::plan_state))
        .route("/plans/{id}/lock", post(reviews::lock))
        .route("/items/{id}/delays", post(reviews::delay))
        .route("/delays/{id}/review", post(reviews::review_delay))
        .route("/items/{id}/acceptance", post(reviews::acceptance))
        .route("/acceptance/{id}/decide", post(reviews::decide))
        .route("/items/{id}/milestones", post(reviews::milestone))
        .route("/milestones/{id}/done", post(reviews::milestone_done))
        .route("/items/{id}/disposition", post(reviews::disposition))
        .route("/items/{id}/sites", post(sites::add))
        .route(
            "/items/{id}/allocation",
            get(allocation::page).post(allocation::allocate),
        )
        .route("/plans/{id}/links", get(links::page).post(links::link))
        .route("/items/{id}/instructions", post(notes::instruction))
        .route("/items/{id}/comments", post(notes::comment))
        .route("/items/{id}/replies", post(notes::reply))
        .route("/files/{id}", get(files::original))
        .route("/files/{id}/thumb", get(files::thumb))
        .layer(axum::extract::DefaultBodyLimit::max(crate::BODY_LIMIT))
}

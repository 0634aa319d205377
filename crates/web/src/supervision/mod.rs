//! Supervision pages (督查督办): the office's overview with supervision orders, proposals for
//! red items and the reminder record; an order's page with its steps; leaders' dispatch view;
//! notifications; contacts and channels; and the jobs queue.

pub mod api;
mod contacts;
mod dispatch;
mod notifications;
mod order_sheet;
mod orders;
mod remind;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub(crate) use dispatch::items_of;
pub(crate) use orders::state_label;
pub use orders::{OrderRow, listed, rows};
pub(crate) use remind::{UnitMissing, by_unit, office_reminders};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/supervision", get(orders::overview))
        .route("/items/{id}/orders", post(orders::issue))
        .route("/plans/{id}/remind", post(remind::remind))
        .route("/orders/{id}", get(orders::page))
        .route("/orders/{id}/act", post(orders::act))
        .route("/orders/{id}/print", get(order_sheet::print))
        .route("/orders/{id}/docx", get(order_sheet::docx))
        .route("/dispatch", get(dispatch::page))
        .route("/dispatch/review", post(dispatch::review))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::read))
        .route("/admin/contacts", get(contacts::page).post(contacts::add))
        .route("/admin/contacts/{id}/delete", post(contacts::delete))
        .route("/admin/jobs", get(contacts::jobs))
        .route("/admin/jobs/{id}/retry", post(contacts::retry))
}

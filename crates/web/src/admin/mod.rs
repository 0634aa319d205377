//! Administration: accounts (create, change role and bindings, disable, reset password, bulk
//! creation from a sheet), the directory (regions, units, leaders) and the audit log.

mod audit;
mod audit_words;
mod bulk;
mod directory;
mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/bulk", post(bulk::upload))
        .route("/admin/users/{id}", get(users::edit).post(users::update))
        .route("/admin/users/{id}/password", post(users::reset_password))
        .route(
            "/admin/users/{id}/second-factor/reset",
            post(users::reset_second_factor),
        )
        .route("/admin/directory", get(directory::page))
        .route("/admin/regions", post(directory::save_region))
        .route("/admin/units", post(directory::save_unit))
        .route("/admin/leaders", post(directory::save_leader))
        .route("/admin/audit", get(audit::page))
}

//! Signing in and out, the own-account page (password change, API tokens), and [`Me`], the
//! person the guard puts on every request.

mod account;
mod login;
pub mod me;

pub use me::Me;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "ms_session";

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/account", get(account::page))
        .route("/account/password", post(account::password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
}

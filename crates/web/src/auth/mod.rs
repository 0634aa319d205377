//! Signing in and out, the own-account page (password change, API tokens), and the guard that
//! puts [`Me`] on every request.

mod account;
pub mod guard;
mod login;
pub mod me;

pub use me::Me;

use crate::AppState;
use axum::Router;
use axum::http::HeaderMap;
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

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|c| c.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

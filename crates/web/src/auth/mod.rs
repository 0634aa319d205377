//! Signing in (with a second factor where set) and out, the own-account page (password change,
//! API tokens, the second factor), and [`Me`], the
//! person the guard puts on every request.

mod account;
mod login;
pub mod me;
mod second_factor;

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
        .route(
            "/login/second-factor",
            get(second_factor::step).post(second_factor::pass),
        )
        .route("/login/second-factor/cancel", post(second_factor::cancel))
        .route("/logout", post(login::logout))
        .route("/account", get(account::page))
        .route("/account/password", post(account::password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/second-factor", get(second_factor::page))
        .route("/account/second-factor/begin", post(second_factor::begin))
        .route(
            "/account/second-factor/confirm",
            post(second_factor::confirm),
        )
        .route(
            "/account/second-factor/recovery",
            post(second_factor::recovery),
        )
        .route(
            "/account/second-factor/disable",
            post(second_factor::disable),
        )
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
}

//! Switching the UI language: `/lang/{code}` sets a cookie and goes back.

use crate::{AppState, Lang};
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(switch))
}

async fn switch(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    // Only go back to a path on this site.
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| {
            r.find("://")
                .and_then(|p| r[p + 3..].find('/').map(|q| r[p + 3 + q..].to_string()))
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let code = if lang == Lang::En { "en" } else { "zh" };
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "lang={code}; Path=/; Max-Age=31536000; SameSite=Lax"
    )) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

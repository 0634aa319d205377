//! The sign-in page, signing in (rate limited, lockout, session cookie) and signing out.

use super::{Me, SESSION_COOKIE};
use crate::AppState;
use crate::cookies::cookie;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_store::accounts::LoginError;
use serde::Deserialize;

/// Query of the sign-in page.
#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

/// The sign-in page.
#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    next: String,
    notice: Option<String>,
    error: Option<String>,
    username: String,
}

/// Only a clean path on this site, never another host: it starts with one `/`, holds only
/// visible ASCII (no tab, newline or space a browser would drop to make `//host`, no
/// backslash), and reads as a path and query.
pub(super) fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        n.starts_with('/')
            && !n[1..].starts_with(['/', '\\'])
            && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
            && n.parse::<axum::http::uri::PathAndQuery>().is_ok()
    })
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_a_clean_path_of_this_site() {
        for good in [
            "/workbench",
            "/plans/3/dashboard?tab=red",
            "/public/items/4%20x",
        ] {
            assert_eq!(safe_next(Some(good)).as_deref(), Some(good));
        }
        for bad in [
            "//evil.example/",
            "/\t/evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/ok\nSet-Cookie:x=1",
            "/ /evil.example",
            "https://evil.example/",
            "evil.example",
            "/页面",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
    }
}

/// Where a sign-in without a destination lands: the person's home, with what waits on them.
pub(super) const LANDING: &str = "/home";

/// GET /login.
pub async fn form(lang: Lang, me: Me, Query(q): Query<LoginQuery>) -> LoginPage {
    LoginPage {
        t: lang.tr(),
        lang,
        me,
        next: safe_next(q.next.as_deref()).unwrap_or_default(),
        notice: q.expired.map(|_| {
            lang.pick(
                "会话已超时，请重新登录。",
                "Your session ended; please sign in again.",
            )
            .to_string()
        }),
        error: None,
        username: String::new(),
    }
}

/// Sign-in form fields.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// A redirect to `to` that sets the session cookie.
pub(super) fn signed_in(s: &AppState, headers: &HeaderMap, to: &str, token: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    let age = s.auth.session.absolute.num_seconds();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(s, headers, token, age));
    res
}

pub(super) fn session_cookie(
    s: &AppState,
    headers: &HeaderMap,
    value: &str,
    max_age: i64,
) -> HeaderValue {
    let https = s.secure_cookies || s.scheme(headers) == "https";
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("cookie is ASCII")
}

/// POST /login.
pub async fn submit(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let now = s.clock.now().at;
    match s
        .store
        .login(&f.username, &f.password, &me.ip, ua, now, &s.auth)
        .await
    {
        Ok((user, token, _csrf)) => {
            let next = safe_next(Some(&f.next));
            let to = if user.second_factor {
                match next {
                    Some(n) => format!("/login/second-factor?next={}", crate::forms::urlencode(&n)),
                    None => "/login/second-factor".to_string(),
                }
            } else if user.must_change_password {
                "/account?must_change=1".to_string()
            } else {
                next.unwrap_or_else(|| LANDING.to_string())
            };
            signed_in(&s, &headers, &to, &token)
        }
        Err(e) => {
            let status = match e {
                LoginError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                LoginError::Store(inner) => {
                    return AppError::from(inner).into_response();
                }
                LoginError::Locked(_) => StatusCode::FORBIDDEN,
                LoginError::Wrong | LoginError::WrongCode | LoginError::FactorExpired => {
                    StatusCode::UNAUTHORIZED
                }
            };
            let page = LoginPage {
                t: lang.tr(),
                lang,
                me,
                next: safe_next(Some(&f.next)).unwrap_or_default(),
                notice: None,
                error: Some(e.to_string()),
                username: f.username,
            };
            (status, page).into_response()
        }
    }
}

/// POST /logout.
pub async fn logout(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        me.store(&s).end_session(&token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&s, &headers, "", 0));
    Ok(res)
}

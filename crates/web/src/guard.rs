//! The guard every routed request passes: who is asking (session cookie or API token), whether
//! the route table lets their role in, the second step of signing in, the forced password
//! change and second-factor set-up, and CSRF on every
//! state-changing request made with a session cookie.

use crate::access;
use crate::auth::Me;
use crate::auth::SESSION_COOKIE;
use crate::cookies::cookie;
use crate::error::{AppError, Unwritten, Words};
use crate::forms::same_origin;
use crate::{AppState, Lang};
use axum::body::{Body, to_bytes};
use axum::extract::{
    ConnectInfo, FromRequest, FromRequestParts, MatchedPath, Multipart, Request, State,
};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::access::{Permission, SessionEnd, grants};
use minsheng_store::accounts::{SessionCheck, TokenScope};
use std::net::SocketAddr;

/// Paths a user who must change their password may still use.
const WHILE_CHANGING_PASSWORD: &[&str] = &[
    "/account",
    "/account/password",
    "/logout",
    "/lang/{code}",
    "/login",
    "/api/v1/me",
];

/// Paths an account that must set up a second factor may still use.
const WHILE_SETTING_UP_FACTOR: &[&str] = &[
    "/account",
    "/account/password",
    "/account/second-factor",
    "/account/second-factor/begin",
    "/account/second-factor/confirm",
    "/logout",
    "/lang/{code}",
    "/login",
    "/api/v1/me",
];

/// Paths a session still waiting for its second factor may use.
const WHILE_FACTOR_PENDING: &[&str] = &[
    "/login",
    "/login/second-factor",
    "/login/second-factor/cancel",
    "/lang/{code}",
];

fn refuse(api: bool, lang: Lang, e: AppError) -> Response {
    crate::failure::answer(&e, api, lang, Me::default())
}

/// Middleware: resolves [`Me`], enforces the route table, the forced password change and CSRF.
pub async fn guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let lang = Lang::from_request_parts(&mut parts, &s)
        .await
        .unwrap_or_default();
    let path = parts
        .extensions
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let api = parts.uri.path().starts_with("/api/");
    let (me, ended) = match resolve(&s, &parts).await {
        Ok(v) => v,
        Err(e) => return refuse(api, lang, e),
    };
    let Some(needed) = access::permission(&parts.method, &path) else {
        tracing::error!(route = %path, method = %parts.method, "route missing from the access table");
        return refuse(
            api,
            lang,
            AppError::Forbidden(Words::new(
                "该功能未开放。",
                "Route not in the access table.",
            )),
        );
    };
    let role = me.user.as_ref().map(|u| u.role);
    if me.factor_pending && !WHILE_FACTOR_PENDING.contains(&path.as_str()) {
        return if api || parts.method != Method::GET {
            refuse(
                api,
                lang,
                AppError::Unauthorized(Words::new(
                    "请先完成登录：输入验证器应用中的动态口令。",
                    "Finish signing in: type the code from your authenticator app.",
                )),
            )
        } else {
            Redirect::to("/login/second-factor").into_response()
        };
    }
    if me.user.as_ref().is_some_and(|u| u.must_change_password)
        && me.token.is_none()
        && !WHILE_CHANGING_PASSWORD.contains(&path.as_str())
    {
        return if api {
            refuse(
                true,
                lang,
                AppError::Forbidden(Words::new(
                    "请先修改初始口令。",
                    "Change your initial password first.",
                )),
            )
        } else {
            Redirect::to("/account?must_change=1").into_response()
        };
    }
    if me.user.as_ref().is_some_and(|u| {
        !u.second_factor && !u.must_change_password && s.auth.second_factor.requires(u.role)
    }) && me.token.is_none()
        && !WHILE_SETTING_UP_FACTOR.contains(&path.as_str())
    {
        return if api {
            refuse(
                true,
                lang,
                AppError::Forbidden(Words::new(
                    "您的角色须先设置动态口令（两步验证）。",
                    "Your role must set up a second factor first.",
                )),
            )
        } else {
            Redirect::to("/account/second-factor?required=1").into_response()
        };
    }
    if !grants(role, needed) {
        if me.user.is_none() {
            let why = match ended {
                Some(SessionEnd::Idle) => {
                    "会话因长时间未操作已超时，请重新登录 (session timed out)"
                }
                Some(SessionEnd::Lifetime) => "会话已到最长时限，请重新登录 (session expired)",
                None => "请先登录 (sign in first)",
            };
            if api || parts.method != Method::GET {
                return refuse(api, lang, AppError::Unauthorized(why.into()));
            }
            let next_url = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let reason = if ended.is_some() { "&expired=1" } else { "" };
            return Redirect::to(&format!(
                "/login?next={}{reason}",
                crate::forms::urlencode(next_url)
            ))
            .into_response();
        }
        return refuse(
            api,
            lang,
            AppError::Forbidden(Words::new(
                format!("您的角色（{}）无权使用此功能。", me.role_label(&lang)),
                format!("Your role ({}) may not use this.", me.role_label(&lang)),
            )),
        );
    }
    let writes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let mut me = me;
    match in_region(&s, &me, &path, parts.uri.path()).await {
        Ok(true) => {}
        // A published list beyond one's region is the public's to read: shown as to the public.
        Ok(false) if needed == Permission::ReadPublic && !writes => {
            me = Me {
                ip: me.ip.clone(),
                ..Me::default()
            }
        }
        // Refused with the person still shown as signed in: only this page is beyond them.
        Ok(false) => return crate::failure::answer(&beyond_region(), api, lang, me),
        Err(e) => return refuse(api, lang, e),
    }
    if writes && me.token == Some(TokenScope::Read) {
        return refuse(
            api,
            lang,
            AppError::Forbidden(Words::new(
                "该 API 令牌为只读，不能修改数据。",
                "Read-only token.",
            )),
        );
    }
    let mut body = body;
    if writes {
        if let Err(e) = same_origin(&parts.headers) {
            return refuse(api, lang, e);
        }
        if (me.user.is_some() || me.factor_pending) && me.token.is_none() {
            match csrf_ok(&s, &parts, body, &me.csrf).await {
                Ok(b) => body = b,
                Err(e) => return refuse(api, lang, e),
            }
        }
    }
    parts.extensions.insert(me.clone());
    parts.extensions.insert(lang);
    let mut res = next.run(Request::from_parts(parts, body)).await;
    // A handler's error is written here, where the reader is known.
    match res.extensions_mut().remove::<Unwritten>() {
        Some(Unwritten(e)) => crate::failure::answer(&e, api, lang, me),
        None => res,
    }
}

/// Whether what the request's `{id}` names lies in the region its account is confined to
/// (true for accounts without a region, routes naming nothing of a region, and ids of nothing:
/// the handler answers those as missing).
async fn in_region(s: &AppState, me: &Me, template: &str, path: &str) -> Result<bool, AppError> {
    let Some(user) = me.user.as_ref().filter(|u| u.region.is_some()) else {
        return Ok(true);
    };
    let Some((kind, id)) = access::scoped(template).zip(access::path_id(template, path)) else {
        return Ok(true);
    };
    let up = s.store.region_path_of(kind, id).await?;
    Ok(up.is_empty() || user.principal().within(&up))
}

fn beyond_region() -> AppError {
    AppError::Forbidden(Words::new(
        "这属于其他地区，不在您账号所属地区（本级及下级）的范围内；如需查看，请联系上级专班或系统管理员。",
        "This belongs to another region, outside the region your account is confined to (its own and those below).",
    ))
}

/// Who is asking, and why a session just ended if it did.
async fn resolve(
    s: &AppState,
    parts: &axum::http::request::Parts,
) -> Result<(Me, Option<SessionEnd>), AppError> {
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "-".into());
    let mut me = Me {
        ip,
        ..Me::default()
    };
    let now = s.clock.now().at;
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(secret) = bearer {
        let Some((user, scope)) = s.store.token_user(secret.trim(), now).await? else {
            return Err(AppError::Unauthorized(Words::new(
                "API 令牌无效或已撤销。",
                "Invalid or revoked API token.",
            )));
        };
        me.user = Some(user);
        me.token = Some(scope);
        return Ok((me, None));
    }
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok((me, None));
    };
    match s.store.session(&token, now, &s.auth.session).await? {
        SessionCheck::Valid(session) if session.factor_pending => {
            me.factor_pending = true;
            me.csrf = session.csrf;
            Ok((me, None))
        }
        SessionCheck::Valid(session) => {
            me.user = Some(session.user);
            me.csrf = session.csrf;
            me.unread = session.unread;
            Ok((me, None))
        }
        SessionCheck::Ended(why) => Ok((me, Some(why))),
        SessionCheck::Unknown => Ok((me, None)),
    }
}

fn forged() -> AppError {
    AppError::Forbidden(Words::new(
        "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交。",
        "Form expired or forged; reload and resubmit.",
    ))
}

/// Checks the CSRF token: the `X-CSRF-Token` header, or the `csrf` field of a form body (read
/// here and handed on unchanged).
async fn csrf_ok(
    s: &AppState,
    parts: &axum::http::request::Parts,
    body: Body,
    expected: &str,
) -> Result<Body, AppError> {
    let matches =
        |got: &str| !expected.is_empty() && constant_eq(got.as_bytes(), expected.as_bytes());
    if let Some(h) = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if matches(h) { Ok(body) } else { Err(forged()) };
    }
    let ct = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = to_bytes(body, crate::BODY_LIMIT).await.map_err(|_| {
        AppError::BadRequest(Words::new(
            "请求内容超过 40 MB 上限。",
            "Request body too large.",
        ))
    })?;
    let token = if ct.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|f| f.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v))
    } else if ct.starts_with("multipart/form-data") {
        let mut req = Request::new(Body::from(bytes.clone()));
        *req.headers_mut() = parts.headers.clone();
        let mut found = None;
        if let Ok(mut m) = Multipart::from_request(req, s).await {
            while let Ok(Some(f)) = m.next_field().await {
                if f.name() == Some("csrf") {
                    found = f.text().await.ok();
                    break;
                }
            }
        }
        found
    } else {
        None
    };
    match token {
        Some(t) if matches(&t) => Ok(Body::from(bytes)),
        _ => Err(forged()),
    }
}

/// Compares two secrets in time independent of where they differ.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

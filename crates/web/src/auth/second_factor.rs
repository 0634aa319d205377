//! The second factor: the second step of signing in (a code from the authenticator app or a
//! recovery code), and the own-account page that sets one up (QR code, then a code typed back,
//! then the recovery codes shown once), renews recovery codes and turns it off.

use super::login::{safe_next, session_cookie, signed_in};
use super::{Me, SESSION_COOKIE};
use crate::AppState;
use crate::cookies::cookie;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_store::accounts::{LoginError, SecondFactor};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

/// Query of both pages.
#[derive(Deserialize, Default)]
pub struct FactorQuery {
    next: Option<String>,
    required: Option<String>,
}

/// The second step of signing in.
#[derive(Template, WebTemplate)]
#[template(path = "login_factor.html")]
pub struct FactorStep {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    next: String,
    error: Option<String>,
}

/// GET /login/second-factor.
pub async fn step(lang: Lang, me: Me, Query(q): Query<FactorQuery>) -> Response {
    if !me.factor_pending {
        return Redirect::to("/login").into_response();
    }
    FactorStep {
        t: lang.tr(),
        lang,
        me,
        next: safe_next(q.next.as_deref()).unwrap_or_default(),
        error: None,
    }
    .into_response()
}

/// POST /login/second-factor.
pub async fn pass(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return Redirect::to("/login?expired=1").into_response();
    };
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let outcome = s
        .store
        .pass_second_factor(
            &token,
            field(&f, "code"),
            &me.ip,
            ua,
            s.clock.now().at,
            &s.auth,
        )
        .await;
    let next = safe_next(Some(field(&f, "next")));
    match outcome {
        Ok((user, token, _)) => {
            let to = if user.must_change_password {
                "/account?must_change=1".to_string()
            } else {
                next.unwrap_or_else(|| super::login::LANDING.to_string())
            };
            signed_in(&s, &headers, &to, &token)
        }
        Err(LoginError::FactorExpired) => Redirect::to("/login?expired=1").into_response(),
        Err(LoginError::Store(e)) => AppError::from(e).into_response(),
        Err(e) => {
            let status = match e {
                LoginError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                LoginError::Locked(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNAUTHORIZED,
            };
            let page = FactorStep {
                t: lang.tr(),
                lang,
                me,
                next: next.unwrap_or_default(),
                error: Some(e.to_string()),
            };
            (status, page).into_response()
        }
    }
}

/// POST /login/second-factor/cancel: gives up signing in (a session past the second step is
/// left alone: signing out is its own button).
pub async fn cancel(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !me.factor_pending {
        return Ok(Redirect::to("/").into_response());
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        s.store.end_session(&token).await?;
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&s, &headers, "", 0));
    Ok(res)
}

/// The own second factor.
#[derive(Template, WebTemplate)]
#[template(path = "second_factor.html")]
pub struct FactorPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    state: SecondFactor,
    /// The account's role must have one.
    required: bool,
    /// While setting up: the secret to type, grouped, and its QR code (SVG).
    setup: Option<(String, String)>,
    /// Recovery codes, shown this once.
    codes: Vec<String>,
    notice: Option<String>,
    error: Option<String>,
}

impl FactorPage {
    /// When it was switched on, in Beijing time.
    fn enabled_local(&self) -> Option<String> {
        self.state.enabled_at.map(crate::view::local_time)
    }
}

async fn render(
    s: &AppState,
    lang: Lang,
    me: Me,
    codes: Vec<String>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<FactorPage, AppError> {
    let user = own(&me)?;
    let state = s.store.second_factor(user.id).await?;
    let setup = match &state.pending {
        Some(secret) => {
            let url = secret.otpauth_url("minsheng", &user.username);
            let qr = QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
                .map_err(|e| AppError::internal(&e))?
                .render::<svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            Some((secret.base32_grouped(), qr))
        }
        None => None,
    };
    Ok(FactorPage {
        t: lang.tr(),
        lang,
        required: s.auth.second_factor.requires(user.role),
        me,
        state,
        setup,
        codes,
        notice,
        error,
    })
}

/// GET /account/second-factor.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<FactorQuery>,
) -> Result<FactorPage, AppError> {
    let notice = q.required.map(|_| {
        lang.pick(
            "您的角色须使用动态口令（两步验证）登录：请先完成设置，再使用其他功能。",
            "Your role must sign in with a second factor: set it up before going on.",
        )
        .to_string()
    });
    render(&s, lang, me, Vec::new(), notice, None).await
}

/// POST /account/second-factor/begin: a new secret to scan.
pub async fn begin(State(s): State<AppState>, lang: Lang, me: Me) -> Result<Response, AppError> {
    let user = me.principal()?.user;
    match me
        .store(&s)
        .begin_second_factor(user, s.clock.now().at)
        .await
    {
        Ok(_) => Ok(Redirect::to("/account/second-factor").into_response()),
        Err(e) => {
            let msg = AppError::from(e).message(lang);
            Ok((
                StatusCode::CONFLICT,
                render(&s, lang, me, Vec::new(), None, Some(msg)).await?,
            )
                .into_response())
        }
    }
}

/// POST /account/second-factor/confirm: the code from the app switches it on.
pub async fn confirm(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let user = me.principal()?.user;
    let done = me
        .store(&s)
        .confirm_second_factor(user, field(&f, "code"), s.clock.now().at)
        .await;
    answer(&s, lang, me, done.map_err(AppError::from)).await
}

/// POST /account/second-factor/recovery: new recovery codes.
pub async fn recovery(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let user = own(&me)?;
    let done = me
        .store(&s)
        .renew_recovery_codes(&user, field(&f, "code"), &me.ip, s.clock.now().at, &s.auth)
        .await;
    answer(&s, lang, me, done.map_err(refused)).await
}

/// POST /account/second-factor/disable.
pub async fn disable(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let user = own(&me)?;
    let done = me
        .store(&s)
        .disable_second_factor(&user, field(&f, "code"), &me.ip, s.clock.now().at, &s.auth)
        .await;
    match done {
        Ok(()) => Ok(Redirect::to("/account/second-factor").into_response()),
        Err(e) => answer(&s, lang, me, Err(refused(e))).await,
    }
}

/// The signed-in account.
fn own(me: &Me) -> Result<minsheng_store::accounts::User, AppError> {
    me.user
        .clone()
        .ok_or_else(|| AppError::Unauthorized(Words::new("请先登录。", "Sign in first.")))
}

/// A refused code as the page says it.
fn refused(e: LoginError) -> AppError {
    match e {
        LoginError::Store(e) => e.into(),
        LoginError::RateLimited => AppError::TooMany(e.to_string().into()),
        other => AppError::BadRequest(other.to_string().into()),
    }
}

/// The page with new recovery codes, or with what was wrong (status 400, nothing changed).
async fn answer(
    s: &AppState,
    lang: Lang,
    me: Me,
    done: Result<Vec<String>, AppError>,
) -> Result<Response, AppError> {
    match done {
        Ok(codes) => Ok(render(s, lang, me, codes, None, None)
            .await?
            .into_response()),
        Err(e @ (AppError::BadRequest(_) | AppError::Refused(_) | AppError::TooMany(_))) => {
            let msg = e.message(lang);
            Ok((
                StatusCode::BAD_REQUEST,
                render(s, lang, me, Vec::new(), None, Some(msg)).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

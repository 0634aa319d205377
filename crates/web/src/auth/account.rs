//! The own-account page: change the password (forced after an administrator set it) and
//! manage API tokens (the secret is shown once, when created).

use super::{Me, SESSION_COOKIE};
use crate::AppState;
use crate::cookies::cookie;
use crate::error::AppError;
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use minsheng_domain::TokenId;
use minsheng_store::accounts::{ApiToken, TokenScope};
use serde::Deserialize;

/// The account page.
#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    must_change: bool,
    notice: Option<String>,
    error: Option<String>,
    tokens: Vec<ApiToken>,
    new_secret: Option<String>,
}

/// Query of the account page.
#[derive(Deserialize, Default)]
pub struct AccountQuery {
    must_change: Option<String>,
    done: Option<String>,
}

async fn render(
    s: &AppState,
    lang: Lang,
    me: Me,
    notice: Option<String>,
    error: Option<String>,
    new_secret: Option<String>,
) -> Result<AccountPage, AppError> {
    let user = me.principal()?.user;
    let tokens = s.store.tokens(user).await?;
    Ok(AccountPage {
        t: lang.tr(),
        lang,
        must_change: me.user.as_ref().is_some_and(|u| u.must_change_password),
        me,
        notice,
        error,
        tokens,
        new_secret,
    })
}

/// GET /account.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<AccountQuery>,
) -> Result<AccountPage, AppError> {
    let notice = q.done.map(|_| lang.pick("已保存。", "Saved.").to_string());
    let _ = q.must_change;
    render(&s, lang, me, notice, None, None).await
}

/// POST /account/password.
pub async fn password(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let user = me.principal()?.user;
    let (current, new, again) = (field(&f, "current"), field(&f, "new"), field(&f, "again"));
    let problem = if !s.store.password_matches(user, current).await? {
        Some("当前口令不正确 (current password is wrong)".to_string())
    } else if new != again {
        Some("两次输入的新口令不一致 (the new passwords differ)".to_string())
    } else if new == current {
        Some("新口令不能与当前口令相同 (choose a different password)".to_string())
    } else {
        None
    };
    if let Some(p) = problem {
        return Ok(render(&s, lang, me, None, Some(p), None)
            .await?
            .into_response());
    }
    let keep = cookie(&headers, SESSION_COOKIE);
    match me
        .store(&s)
        .set_password(user, new, true, keep.as_deref(), s.clock.now().at)
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?done=1").into_response()),
        Err(e) => {
            let msg = AppError::from(e).message(lang);
            Ok(render(&s, lang, me, None, Some(msg), None)
                .await?
                .into_response())
        }
    }
}

/// POST /account/tokens.
pub async fn create_token(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Form(f): Form<Fields>,
) -> Result<AccountPage, AppError> {
    let user = me.principal()?.user;
    let scope: TokenScope = field(&f, "scope").parse().unwrap_or(TokenScope::Read);
    match me
        .store(&s)
        .create_token(user, field(&f, "name"), scope, s.clock.now().at)
        .await
    {
        Ok((secret, _)) => render(&s, lang, me, None, None, Some(secret)).await,
        Err(e) => {
            let msg = AppError::from(e).message(lang);
            render(&s, lang, me, None, Some(msg), None).await
        }
    }
}

/// POST /account/tokens/{id}/revoke.
pub async fn revoke_token(
    State(s): State<AppState>,
    me: Me,
    Id(TokenId(id)): Id<TokenId>,
) -> Result<Redirect, AppError> {
    let user = me.principal()?.user;
    me.store(&s)
        .revoke_token(user, id, s.clock.now().at)
        .await?;
    Ok(Redirect::to("/account?done=1"))
}

//! Answers a failed request. Handlers return [`AppError`]; the guard, which knows the reader's
//! language, who is signed in and whether the request was for the API, writes the answer here:
//! an HTML page with the usual header, or the API's JSON.

use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use askama::Template;
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: &'a Tr,
    lang: Lang,
    me: Me,
    title: &'a str,
    message: String,
}

/// The answer to a failed request: JSON under `/api/`, else the error page.
pub fn answer(err: &AppError, api: bool, lang: Lang, me: Me) -> Response {
    if api {
        return err.json();
    }
    let page = ErrorPage {
        t: lang.tr(),
        lang,
        me,
        title: lang.pick("出错了", "Something went wrong"),
        message: err.message(lang),
    };
    match page.render() {
        Ok(html) => (err.status(), Html(html)).into_response(),
        Err(_) => (err.status(), err.message(lang)).into_response(),
    }
}

/// Unknown paths: JSON under /api, a page elsewhere.
pub async fn not_found(uri: Uri, lang: Lang) -> Response {
    if uri.path().starts_with("/api/") {
        AppError::NotFound("该接口 (endpoint)").json()
    } else {
        let err = AppError::NotFound(lang.pick("该页面", "this page"));
        answer(&err, false, lang, Me::default())
    }
}

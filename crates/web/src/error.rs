//! The web boundary's one error type and its mapping to HTTP: browsers get an HTML page,
//! the API gets JSON with a stable code. Internal errors are logged once with an id that
//! the user sees.

use crate::i18n::Lang;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minsheng_domain::RefusalKind;
use minsheng_store::StoreError;

/// A message in Chinese and English; the reader sees theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    zh: String,
    en: String,
}

impl Words {
    /// The same message in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Words {
        Words {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A message that came worded already (from storage or a library): shown as it is.
impl From<String> for Words {
    fn from(m: String) -> Self {
        Words {
            en: m.clone(),
            zh: m,
        }
    }
}

impl From<&str> for Words {
    fn from(m: &str) -> Self {
        m.to_string().into()
    }
}

/// Why a request failed.
#[derive(Debug)]
pub enum AppError {
    /// The thing asked for does not exist.
    NotFound(&'static str),
    /// The request itself is wrong; the message says how to fix it.
    BadRequest(Words),
    /// An id that is not a positive whole number: the thing's name (Chinese, English) and what came.
    BadId((&'static str, &'static str), String),
    /// A change the rules forbid.
    Conflict(Words),
    /// The record changed since the reader loaded it; nothing was written.
    Stale(String),
    /// A write the domain rules refuse, worded in the reader's language.
    Refused(minsheng_domain::Refusal),
    /// Not signed in (or the session ended).
    Unauthorized(Words),
    /// Refused: not allowed from where it came.
    Forbidden(Words),
    /// Too many requests; try later.
    TooMany(Words),
    /// The service cannot take changes until an administrator acts; the message says what.
    Unavailable(Words),
    /// Our fault; logged with this id.
    Internal(String),
}

impl AppError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::BadRequest(_) | AppError::BadId(..) => "bad_request",
            AppError::Conflict(_) | AppError::Stale(_) => "conflict",
            AppError::Refused(r) => match r.kind() {
                RefusalKind::Invalid => "bad_request",
                RefusalKind::Conflict => "conflict",
            },
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::TooMany(_) => "rate_limited",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::BadId(..) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) | AppError::Stale(_) => StatusCode::CONFLICT,
            AppError::Refused(r) => match r.kind() {
                RefusalKind::Invalid => StatusCode::BAD_REQUEST,
                RefusalKind::Conflict => StatusCode::CONFLICT,
            },
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user reads.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound(what) => match lang {
                Lang::Zh => format!("未找到{what}。请检查链接，或回到首页查找。"),
                Lang::En => {
                    format!("{what} not found. Check the link or start again from the home page.")
                }
            },
            AppError::BadId((zh, en), raw) => match lang {
                Lang::Zh => format!("{zh}编号“{raw}”不是正整数，请检查链接。"),
                Lang::En => {
                    format!("The {en} id “{raw}” is not a positive whole number; check the link.")
                }
            },
            AppError::Refused(r) => match lang {
                Lang::Zh => r.zh(),
                Lang::En => r.en(),
            },
            AppError::BadRequest(w)
            | AppError::Conflict(w)
            | AppError::Forbidden(w)
            | AppError::Unauthorized(w)
            | AppError::TooMany(w)
            | AppError::Unavailable(w) => w.pick(lang).to_string(),
            AppError::Stale(m) => m.clone(),
            AppError::Internal(id) => match lang {
                Lang::Zh => {
                    format!("服务器内部错误，已记录（编号 {id}）。请稍后重试，或将编号告知管理员。")
                }
                Lang::En => format!(
                    "Internal error, logged as {id}. Try again later or give the id to your administrator."
                ),
            },
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Refused(r) => AppError::Refused(r),
            StoreError::Stale(m) => AppError::Stale(m),
            StoreError::TooMany(m) => AppError::TooMany(m.into()),
            e @ StoreError::AuditHeadMissing => AppError::Unavailable(e.to_string().into()),
            other => AppError::internal(&other),
        }
    }
}

/// An [`AppError`] answered as JSON: `{"error": {"code", "message"}}`.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.json()
    }
}

impl AppError {
    /// The API's answer: `{"error": {"code", "message", "reason"?}}` with the error's status.
    pub fn json(&self) -> Response {
        let mut body = serde_json::json!({ "error": { "code": self.code(), "message": self.message(Lang::Zh) } });
        // A refusal also says which rule refused, for programs.
        if let AppError::Refused(r) = self {
            body["error"]["reason"] = r.code().into();
        }
        (self.status(), Json(body)).into_response()
    }
}

/// A handler's error waiting in its response to be written out by the guard, which knows the
/// reader's language, who is signed in and whether the request was for the API.
#[derive(Clone)]
pub(crate) struct Unwritten(pub(crate) std::sync::Arc<AppError>);

/// Handlers return `Result<_, AppError>` and use `?` on store and domain errors; the answer
/// carries only the status until the guard writes the page or JSON (see `failure`).
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        res.extensions_mut()
            .insert(Unwritten(std::sync::Arc::new(self)));
        res
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(&e)
    }
}

impl AppError {
    /// Our fault: logged once with an id, and the user is shown the id.
    pub fn internal(cause: &dyn std::fmt::Debug) -> AppError {
        let id = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0)
        );
        tracing::error!(error_id = %id, error = ?cause, "internal error");
        AppError::Internal(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsheng_domain::Refusal;

    #[test]
    fn a_refusal_is_worded_in_the_readers_language_with_the_status_of_its_kind() {
        let locked: AppError = StoreError::Refused(Refusal::PeriodLocked {
            period: chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
        })
        .into();
        assert_eq!(locked.status(), StatusCode::BAD_REQUEST);
        assert!(locked.message(Lang::Zh).contains("已锁定"));
        assert!(locked.message(Lang::En).contains("is locked"));
        assert!(!locked.message(Lang::En).contains("锁定"));
        let closed: AppError = StoreError::Refused(Refusal::PlanClosed).into();
        assert_eq!(closed.status(), StatusCode::CONFLICT);
        assert_eq!(closed.code(), "conflict");
    }
}

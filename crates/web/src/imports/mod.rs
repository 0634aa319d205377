//! Importing through the browser: upload a list (or paste its text), review what the
//! importer read (warnings highlighted, the other readings beside it), read it another way if
//! need be, correct fields, then save it as a draft plan — or start an empty plan.

mod reread;
mod review;

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/import", get(form).post(upload))
        .route("/import/empty", axum::routing::post(reread::empty_plan))
        .route("/import/{id}", get(review::review).post(review::confirm))
        .route(
            "/import/{id}/reading",
            axum::routing::post(reread::choose_reading),
        )
        .route(
            "/import/{id}/starts",
            get(reread::starts_form).post(reread::mark_starts),
        )
        .route(
            "/import/{id}/columns",
            get(reread::columns_form).post(reread::map_columns),
        )
        .layer(DefaultBodyLimit::max(crate::BODY_LIMIT))
}

/// Refuses a form posted from another site (a forged request).

#[derive(Template, WebTemplate)]
#[template(path = "import_form.html")]
struct FormPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    error: Option<String>,
}

async fn form(lang: Lang, me: Me) -> FormPage {
    FormPage {
        t: lang.tr(),
        lang,
        me,
        error: None,
    }
}

/// The parked upload named by the path: its id and the review as kept.
async fn open_review(
    s: &AppState,
    id: i64,
) -> Result<(i64, minsheng_store::ImportReview), AppError> {
    let review = s.store.import_review(id).await?;
    Ok((id, review))
}

pub(super) fn form_error(lang: Lang, me: &Me, status: StatusCode, message: String) -> Response {
    (
        status,
        FormPage {
            t: lang.tr(),
            lang,
            me: me.clone(),
            error: Some(message),
        },
    )
        .into_response()
}

async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    mut multipart: Multipart,
) -> Response {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut pasted = String::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("upload.txt").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => {
                        return form_error(
                            lang,
                            &me,
                            StatusCode::PAYLOAD_TOO_LARGE,
                            format!("上传未完成：{e}；文件不能超过 32 MB (upload failed)"),
                        );
                    }
                }
            }
            Ok(Some(field)) if field.name() == Some("text") => {
                pasted = field.text().await.unwrap_or_default();
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                return form_error(
                    lang,
                    &me,
                    StatusCode::BAD_REQUEST,
                    format!("上传内容无法读取：{e} (bad upload)"),
                );
            }
        }
    }
    // A file chosen wins; else the text typed or pasted into the box is the list.
    let typed =
        (!pasted.trim().is_empty()).then(|| ("粘贴的清单.txt".to_string(), pasted.into_bytes()));
    let file = match file.filter(|(n, _)| !n.is_empty()) {
        // A chosen file that is empty is read (and refused as empty) unless text was typed.
        Some((_, b)) if b.is_empty() && typed.is_some() => typed,
        Some(f) => Some(f),
        None => typed,
    };
    let Some((name, bytes)) = file else {
        return form_error(
            lang,
            &me,
            StatusCode::BAD_REQUEST,
            lang.pick(
                "请选择要导入的清单文件，或把清单文字粘贴到文本框里。",
                "Choose a list file, or paste the list's text into the box.",
            )
            .into(),
        );
    };
    let list = match minsheng_importer::parse_bytes(&bytes, &name) {
        Ok(l) => l,
        Err(e) => return form_error(lang, &me, StatusCode::BAD_REQUEST, e.to_string()),
    };
    match me
        .store(&s)
        .create_import_review(&name, &bytes, &list)
        .await
    {
        Ok(id) => Redirect::to(&format!("/import/{id}")).into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

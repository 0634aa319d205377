//! Citizens' feedback on the web: the form on an item's public page, the office's moderation
//! queue, and the unit's public reply from the item page.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, PageError, parse_id};
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use minsheng_domain::civic::{FeedbackKind, FeedbackState};
use minsheng_domain::{ItemId, UnitId};
use minsheng_store::{NewFeedback, QueuedFeedback};

type Fields = Vec<(String, String)>;

/// POST /public/items/{id}/feedback.
pub async fn leave(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    headers: HeaderMap,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = ItemId(parse_id(&raw, "项目 item").map_err(err)?);
    let kind = field(&f, "kind").parse().unwrap_or(FeedbackKind::Comment);
    let opt = |n: &str| Some(field(&f, n).to_string()).filter(|v| !v.trim().is_empty());
    let state = s
        .store
        .acting(me.actor())
        .leave_feedback(
            id,
            &NewFeedback {
                kind,
                body: field(&f, "body").to_string(),
                name: opt("name"),
                phone: opt("phone"),
                client: super::client_of(&me, &headers),
            },
            s.clock.now().at,
        )
        .await
        .map_err(|e| err(e.into()))?;
    let _ = state;
    Ok(Redirect::to(&format!(
        "/public/items/{}?sent=1#feedback",
        id.0
    )))
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_queue.html")]
pub struct QueuePage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    pending: Vec<QueuedFeedback>,
    spam: Vec<QueuedFeedback>,
}

/// GET /feedback: the moderation queue.
pub async fn queue(State(s): State<AppState>, lang: Lang, me: Me) -> Result<QueuePage, PageError> {
    let e = |x: minsheng_store::StoreError| PageError(x.into(), lang);
    Ok(QueuePage {
        t: lang.tr(),
        lang,
        me,
        pending: s
            .store
            .feedback_queue(FeedbackState::Pending, None)
            .await
            .map_err(e)?,
        spam: s
            .store
            .feedback_queue(FeedbackState::Spam, None)
            .await
            .map_err(e)?,
    })
}

/// POST /feedback/{id}/moderate: `decision` approve or reject.
pub async fn moderate(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = parse_id(&raw, "留言 message").map_err(err)?;
    let approve = match field(&f, "decision") {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(err(AppError::BadRequest(
                "请选择通过或不通过 (approve or reject)".into(),
            )));
        }
    };
    me.store(&s)
        .moderate_feedback(id, approve, s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to("/feedback"))
}

/// POST /feedback/{id}/reply: the item's unit answers publicly.
pub async fn reply(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(raw): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Redirect, PageError> {
    let err = |e: AppError| PageError(e, lang);
    let id = parse_id(&raw, "留言 message").map_err(err)?;
    let item = s.store.feedback_item(id).await.map_err(|e| err(e.into()))?;
    let asked = match field(&f, "unit") {
        "" => None,
        u => Some(UnitId(parse_id(u, "单位 unit").map_err(err)?)),
    };
    let unit = me.unit_on_item(&s, item, asked).await.map_err(err)?;
    me.store(&s)
        .reply_feedback(id, unit, field(&f, "body"), s.clock.now().at)
        .await
        .map_err(|e| err(e.into()))?;
    Ok(Redirect::to(&format!("/items/{}#feedback", item.0)))
}

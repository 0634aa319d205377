//! The office's moderation of citizens' messages (留言): the queue, publishing or hiding, and the unit's public reply from the item page.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::ids::parse_id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::FeedbackId;
use minsheng_domain::UnitId;
use minsheng_domain::civic::FeedbackState;
use minsheng_store::QueuedFeedback;

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
pub async fn queue(State(s): State<AppState>, lang: Lang, me: Me) -> Result<QueuePage, AppError> {
    let store = me.store(&s);
    Ok(QueuePage {
        t: lang.tr(),
        lang,
        pending: store.feedback_queue(FeedbackState::Pending, None).await?,
        spam: store.feedback_queue(FeedbackState::Spam, None).await?,
        me,
    })
}

/// POST /feedback/{id}/moderate: `decision` approve or reject.
pub async fn moderate(
    State(s): State<AppState>,
    me: Me,
    Id(FeedbackId(id)): Id<FeedbackId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let approve = match field(&f, "decision") {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::BadRequest(Words::new(
                "请选择通过或不通过。",
                "Approve or reject.",
            )));
        }
    };
    me.store(&s)
        .moderate_feedback(id, approve, s.clock.now().at)
        .await?;
    Ok(Redirect::to("/feedback"))
}

/// POST /feedback/{id}/reply: the item's unit answers publicly.
pub async fn reply(
    State(s): State<AppState>,
    me: Me,
    Id(FeedbackId(id)): Id<FeedbackId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let item = s.store.feedback_item(id).await?;
    let asked = match field(&f, "unit") {
        "" => None,
        u => Some(parse_id::<UnitId>(u)?),
    };
    let unit = me.unit_on_item(&s, item, asked).await?;
    me.store(&s)
        .reply_feedback(id, unit, field(&f, "body"), s.clock.now().at)
        .await?;
    Ok(Redirect::to(&format!("/items/{}#feedback", item.0)))
}

//! The office's screening of proposals for next year's list (征集): the list and the decision on each.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::ProposalId;
use minsheng_store::{Proposal, ProposalState};

#[derive(Template, WebTemplate)]
#[template(path = "proposals.html")]
pub struct ListPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    proposals: Vec<Proposal>,
}

impl ListPage {
    fn state_label(&self, p: &Proposal) -> &'static str {
        match p.state() {
            ProposalState::Spam => "疑似垃圾",
            other => other.label_zh(),
        }
    }
}

/// GET /proposals: the office's list.
pub async fn list(State(s): State<AppState>, lang: Lang, me: Me) -> Result<ListPage, AppError> {
    let proposals = me.store(&s).proposals().await?;
    Ok(ListPage {
        t: lang.tr(),
        lang,
        me,
        proposals,
    })
}

/// POST /proposals/{id}/screen: `decision` candidate or declined, `cost`, `feasibility`, `note`.
pub async fn screen(
    State(s): State<AppState>,
    me: Me,
    Id(ProposalId(id)): Id<ProposalId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let to: ProposalState = field(&f, "decision")
        .parse()
        .map_err(|_| AppError::BadRequest(Words::new("请选择列入候选或不予采纳。", "Choose.")))?;
    me.store(&s)
        .screen_proposal(
            id,
            to,
            field(&f, "cost"),
            field(&f, "feasibility"),
            field(&f, "note"),
            s.clock.now().at,
        )
        .await?;
    Ok(Redirect::to("/proposals"))
}

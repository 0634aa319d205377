//! Proposals for next year's list (征集) on the web: the public form and the fate page by
//! tracking code, and the office's screening list.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::Fields;
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::parse_id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use chrono::Datelike;
use minsheng_domain::RegionId;
use minsheng_domain::access::UserRole;
use minsheng_store::{NewProposal, Proposal};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "proposals_public.html")]
pub struct FormPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    regions: Vec<(i64, String)>,
    year: i32,
}

/// GET /public/proposals.
pub async fn form_page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
) -> Result<FormPage, AppError> {
    let regions = s
        .store
        .regions()
        .await?
        .into_iter()
        .map(|r| (r.id.0, r.name))
        .collect();
    Ok(FormPage {
        t: lang.tr(),
        lang,
        me,
        regions,
        year: s.clock.today().year() + 1,
    })
}

/// POST /public/proposals.
pub async fn leave(
    State(s): State<AppState>,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let opt = |n: &str| Some(field(&f, n).to_string()).filter(|v| !v.trim().is_empty());
    let region = match field(&f, "region") {
        "" => None,
        r => Some(parse_id::<RegionId>(r)?),
    };
    let deputy = me
        .user
        .as_ref()
        .filter(|u| u.role == UserRole::Deputy)
        .map(|u| u.id);
    let code = s
        .store
        .acting(me.actor())
        .leave_proposal(
            &NewProposal {
                region,
                // Blank means next year; anything else must read as a year (the store says
                // which years it takes), never silently become another.
                year: match field(&f, "year").trim() {
                    "" => s.clock.today().year() + 1,
                    y => y.parse().unwrap_or(i32::MIN),
                },
                title: field(&f, "title").into(),
                content: field(&f, "content").into(),
                location: opt("location"),
                reason: opt("reason"),
                deputy,
                name: opt("name"),
                phone: opt("phone"),
                client: super::client_of(&me, &headers),
            },
            s.clock.now().at,
        )
        .await?;
    Ok(Redirect::to(&format!("/public/proposals/{code}")))
}

#[derive(Template, WebTemplate)]
#[template(path = "proposal_fate.html")]
pub struct FatePage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    p: Proposal,
    state: &'static str,
    /// The item it became, once its plan is public: id, year and number.
    item: Option<(i64, i32, String)>,
}

/// GET /public/proposals/{code}: the proposal's fate (no name, phone or client shown).
pub async fn fate(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Path(code): Path<String>,
) -> Result<FatePage, AppError> {
    let p = s.store.proposal_by_code(&code).await?;
    let item = s
        .store
        .proposal_item(p.id)
        .await?
        .filter(|l| l.plan_state != "draft")
        .map(|l| (l.item_id, l.year, l.seq));
    Ok(FatePage {
        t: lang.tr(),
        lang,
        me,
        state: p.state().label_zh(),
        item,
        p,
    })
}

/// The lookup form's query.
#[derive(Deserialize)]
pub struct Lookup {
    code: Option<String>,
}

/// GET /public/proposals/find?code=: redirects to the fate page.
pub async fn find(Query(q): Query<Lookup>) -> Redirect {
    let code: String = q
        .code
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    Redirect::to(&format!("/public/proposals/{code}"))
}

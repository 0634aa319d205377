//! A list's meetings, latest first, and the form that sets one up: kind, day, title, chair,
//! the leader who holds it, place, the item a site visit goes to, and who attends. The agenda
//! is drawn from the ledger as of the day when the meeting is set up.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::{Fields, field};
use crate::i18n::{Lang, Tr};
use crate::ids::{Id, parse_id};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::response::Redirect;
use minsheng_domain::meeting::MeetingKind;
use minsheng_domain::{ItemId, LeaderId, PlanId, UnitId};
use minsheng_store::{Meeting, NewMeeting};

/// A choice in a form: id, label, chosen.
pub(super) struct Choice {
    pub id: i64,
    pub label: String,
    pub on: bool,
}

/// The units and leaders of the list's region, as choices; those named in `units` and
/// `leaders` chosen.
pub(super) async fn people(
    s: &AppState,
    plan: PlanId,
    units: &[i64],
    leaders: &[i64],
) -> Result<(Vec<Choice>, Vec<Choice>), AppError> {
    let region = s.store.plan(plan).await?.region_id;
    let u = s
        .store
        .units(Some(region))
        .await?
        .into_iter()
        .map(|u| Choice {
            on: units.contains(&u.id.0),
            id: u.id.0,
            label: u.name,
        })
        .collect();
    let l = s
        .store
        .leaders()
        .await?
        .into_iter()
        .filter(|l| l.region_id == region)
        .map(|l| Choice {
            on: leaders.contains(&l.id.0),
            id: l.id.0,
            label: match &l.title {
                Some(t) => format!("{}（{t}）", l.name),
                None => l.name.clone(),
            },
        })
        .collect();
    Ok((u, l))
}

/// The items of a list as choices: 3. 新建社区食堂.
pub(super) async fn items(s: &AppState, plan: PlanId) -> Result<Vec<Choice>, AppError> {
    Ok(s.store
        .plan_detail(plan, None)
        .await?
        .items
        .into_iter()
        .map(|i| Choice {
            id: i.item.id.0,
            label: format!("{}. {}", i.item.seq, i.item.display_title()),
            on: false,
        })
        .collect())
}

/// The ids chosen in a form's checkboxes named `name`.
pub(super) fn chosen<T: crate::ids::PathId>(f: &Fields, name: &str) -> Result<Vec<T>, AppError> {
    f.iter()
        .filter(|(k, v)| k == name && !v.is_empty())
        .map(|(_, v)| parse_id::<T>(v))
        .collect()
}

/// The id in a form's field `name`, or None when it is left empty.
pub(super) fn optional<T: crate::ids::PathId>(
    f: &Fields,
    name: &str,
) -> Result<Option<T>, AppError> {
    match field(f, name) {
        "" => Ok(None),
        v => parse_id::<T>(v).map(Some),
    }
}

/// A kind's name in the reader's language.
pub(super) fn kind_label(k: MeetingKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.label_zh(),
        Lang::En => k.label_en(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings.html")]
pub struct ListPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    meetings: Vec<Meeting>,
    kinds: Vec<(&'static str, &'static str)>,
    units: Vec<Choice>,
    leaders: Vec<Choice>,
    items: Vec<Choice>,
    today: String,
    /// A title to start from: 2025年第3次民生实事调度会.
    title: String,
    tally: Vec<minsheng_store::LeaderTally>,
}

impl ListPage {
    fn kind(&self, m: &Meeting) -> &'static str {
        kind_label(m.kind(), self.lang)
    }
}

/// GET /plans/{id}/meetings.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<ListPage, AppError> {
    let plan = s.store.plan(id).await?;
    let meetings = s.store.meetings(id).await?;
    let today = s.clock.today();
    let dispatches = meetings
        .iter()
        .filter(|m| m.kind() == MeetingKind::Dispatch)
        .count();
    let (units, leaders) = people(&s, id, &[], &[]).await?;
    Ok(ListPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        title: format!("{}年第{}次民生实事调度会", plan.year, dispatches + 1),
        plan_title: plan.title,
        tally: s.store.meeting_tally(&[id], plan.year, today).await?,
        meetings,
        kinds: MeetingKind::ALL
            .iter()
            .map(|k| (k.code(), kind_label(*k, lang)))
            .collect(),
        units,
        leaders,
        items: items(&s, id).await?,
        today: today.to_string(),
    })
}

/// POST /plans/{id}/meetings: sets the meeting up and opens it.
pub async fn create(
    State(s): State<AppState>,
    me: Me,
    Id(id): Id<PlanId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let kind: MeetingKind = field(&f, "kind").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "请选择会议类型：调度会、专题会议、专题调研或现场调研。",
            "Choose the kind of meeting.",
        ))
    })?;
    let held_on = field(&f, "held_on").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "请填写会议日期，格式如 2025-07-10。",
            "Give the meeting's day as YYYY-MM-DD.",
        ))
    })?;
    let leader = optional::<LeaderId>(&f, "leader")?;
    let site_item = optional::<ItemId>(&f, "site_item")?;
    let m = NewMeeting {
        plan: id,
        kind,
        held_on,
        title: field(&f, "title").to_string(),
        chair: field(&f, "chair").to_string(),
        leader,
        place: field(&f, "place").to_string(),
        site_item,
        units: chosen::<UnitId>(&f, "unit")?,
        leaders: chosen::<LeaderId>(&f, "attendee")?,
    };
    let meeting = me.store(&s).create_meeting(&m, s.clock.now()).await?;
    Ok(Redirect::to(&format!("/meetings/{meeting}")))
}

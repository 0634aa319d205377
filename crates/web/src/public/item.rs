//! An item's public page: what was promised, who answers for it, and how far it has come as
//! of the last locked reporting period — figures the office has frozen, never a unit's draft,
//! this week's unreviewed numbers or internal notes.

use super::verify::Verification;
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use crate::view::{light_label, status_label};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use minsheng_domain::{ItemId, PlanState};
use minsheng_store::ItemLedger;

/// A target as shown to the public.
pub struct PublicTarget {
    label: String,
    achieved: String,
    ratio: String,
}

/// The item's published progress, if any period is locked yet.
pub struct Published {
    as_of: String,
    light: &'static str,
    light_label: &'static str,
    status: &'static str,
    percent: String,
    targets: Vec<PublicTarget>,
}

#[derive(Template, WebTemplate)]
#[template(path = "public_item.html")]
pub struct PublicItemPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    id: i64,
    plan_id: i64,
    plan_title: String,
    seq: String,
    title: String,
    content: Option<String>,
    category: Option<String>,
    lead: String,
    co: String,
    deadline: String,
    changes: Vec<(String, String, String)>,
    /// Approved adjustments, newest first.
    adjustments: Vec<crate::view::AdjustmentView>,
    milestones: Vec<(String, String, bool)>,
    published: Option<Published>,
    sites: Vec<(String, String, String)>,
    feedback: Vec<minsheng_store::PublicFeedback>,
    /// An open satisfaction campaign of the plan: id and title.
    campaign: Option<(i64, String)>,
    /// Whether that campaign asks for a verified number, and where this visitor stands.
    verification: Verification,
    /// Photos the office approved: id, file name, thumbnail exists, taken.
    photos: Vec<(i64, String, bool, String)>,
    /// Made from a voted proposal (★).
    provenance: Option<minsheng_store::Provenance>,
    /// Carried over from (an item of an earlier public plan).
    carried_from: Option<minsheng_store::CarryLink>,
    /// Carried into (items of later public plans).
    carried_to: Vec<minsheng_store::CarryLink>,
    /// What the visitor just did: `rated` or `sent`.
    done: &'static str,
}

impl PublicItemPage {
    /// The open campaign asks this visitor for a number not verified yet.
    fn asks_number(&self) -> bool {
        matches!(
            self.verification,
            Verification::Number | Verification::Code { .. }
        )
    }
}

/// What the page was redirected here after.
#[derive(serde::Deserialize)]
pub struct Done {
    rated: Option<String>,
    sent: Option<String>,
    /// A code was just sent.
    code: Option<String>,
    /// The number was just verified.
    verified: Option<String>,
}

/// The item and its plan, if the plan is public (published or closed).
pub(super) async fn public_item(
    s: &AppState,
    id: ItemId,
) -> Result<minsheng_domain::PlanId, AppError> {
    let (plan, state) = s.store.item_plan(id).await?;
    if state == PlanState::Draft {
        return Err(AppError::NotFound("项目 (item)"));
    }
    Ok(plan)
}

fn published(it: &ItemLedger, as_of: chrono::NaiveDate, lang: Lang) -> Published {
    let a = &it.assessment;
    Published {
        as_of: as_of.to_string(),
        light: a.light.code(),
        light_label: light_label(a.light, lang),
        status: status_label(a.status, lang),
        percent: a
            .actual
            .map(|p| format!("{p:.0}%"))
            .unwrap_or_else(|| "—".into()),
        targets: it
            .targets
            .iter()
            .filter(|t| !t.target.optional)
            .map(|t| PublicTarget {
                label: crate::view::fmt_target(&t.target, lang),
                achieved: crate::view::fmt_achieved(&t.target, t.achieved, lang),
                ratio: t
                    .achieved
                    .map(|_| format!("{:.0}%", t.ratio * 100.0))
                    .unwrap_or_else(|| "—".into()),
            })
            .collect(),
    }
}

/// GET /public/items/{id}. Visitors who are not signed in get the page kept from an earlier
/// request while what it shows is unchanged (its plan's version, which carrying the item over
/// and publishing the plan it went into move too), and no satisfaction campaign has opened or
/// closed since.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<ItemId>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<Done>,
) -> Result<axum::response::Response, AppError> {
    use askama::Template;
    use axum::response::{Html, IntoResponse};
    let own_view = q.rated.is_some()
        || q.sent.is_some()
        || q.code.is_some()
        || q.verified.is_some()
        || super::verify::personal(&headers);
    if me.user.is_some() || own_view {
        return Ok(build(&s, lang, me, id, &q, &headers)
            .await?
            .0
            .into_response());
    }
    let version = s
        .store
        .item_page_version(id)
        .await?
        .ok_or(AppError::NotFound("项目 (item)"))?;
    // The ledger shown may be today's (nothing locked yet): one entry per day.
    let key = format!("item:{id}:{}:{}", lang.code(), s.clock.today());
    if let Some(html) = s.pages.get(&key, version, s.clock.now().at) {
        return Ok(Html(html.to_string()).into_response());
    }
    let (page, until) = build(&s, lang, me, id, &q, &headers).await?;
    let html = page.render()?;
    s.pages.put(key, version, until, &html);
    Ok(Html(html).into_response())
}

/// The page, and when it goes stale by itself (the next opening or closing of one of the
/// plan's satisfaction campaigns), if ever.
async fn build(
    s: &AppState,
    lang: Lang,
    me: Me,
    id: ItemId,
    q: &Done,
    headers: &axum::http::HeaderMap,
) -> Result<(PublicItemPage, Option<chrono::DateTime<chrono::Utc>>), AppError> {
    let plan_id = public_item(s, id).await?;
    // Progress as frozen at the end of the last locked period: the ledger as of that day
    // (the item's own facts do not depend on the day).
    let locked = s.store.last_locked_period_end(plan_id).await?;
    let view = s
        .store
        .item_ledger(id, locked.unwrap_or(s.clock.today()))
        .await?;
    let plan = &view.plan;
    let d = &view.item().detail;
    let published = locked.map(|end| self::published(view.item(), end, lang));
    let records = s.store.item_records_of(&view, s.clock.today()).await?;
    let (carried_from, carried_to) = s.store.carry_links(id).await?;
    let public = |l: &minsheng_store::CarryLink| l.plan_state != PlanState::Draft.code();
    let photos = s
        .store
        .public_photos(id)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.id.0,
                a.file_name,
                a.has_thumb,
                a.taken_at.unwrap_or_default(),
            )
        })
        .collect();
    let provenance = s.store.provenance(id).await?;
    let now = s.clock.now().at;
    let campaigns = s.store.campaigns(plan_id).await?;
    let until = campaigns
        .iter()
        .flat_map(|c| [c.opens_at, c.closes_at])
        .filter(|t| *t > now)
        .min();
    let open = campaigns.iter().find(|c| c.open(now));
    let verification = match open {
        Some(c) => super::verify::state_of(s, headers, c).await?,
        None => super::verify::Verification::NotAsked,
    };
    let names = |v: &[minsheng_domain::Unit]| {
        v.iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    Ok((
        PublicItemPage {
            t: lang.tr(),
            lang,
            me,
            id: id.0,
            plan_id: plan.plan.id.0,
            plan_title: plan.plan.title.clone(),
            seq: d.item.seq.clone(),
            title: d.item.display_title(),
            content: d.item.content.clone().or(d.item.summary.clone()),
            category: d.category.clone(),
            lead: names(&d.lead_units),
            co: names(&d.co_units),
            deadline: view.item().current_deadline.to_string(),
            adjustments: s
                .store
                .item_adjustments(id)
                .await?
                .iter()
                .filter(|a| a.state == minsheng_domain::adjustment::AdjustmentState::Approved)
                .map(|a| crate::view::AdjustmentView::of(a, lang))
                .collect(),
            changes: records
                .deadline_changes
                .into_iter()
                .map(|c| (c.from_date.to_string(), c.to_date.to_string(), c.reason))
                .collect(),
            milestones: records
                .milestones
                .into_iter()
                .map(|m| {
                    (
                        m.milestone.title.clone(),
                        m.milestone
                            .due_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        m.milestone.done_on.is_some(),
                    )
                })
                .collect(),
            published,
            sites: s
                .store
                .plan_sites(plan.plan.id)
                .await?
                .into_iter()
                .filter(|x| x.item_id == id)
                .map(|x| {
                    let at = match (x.lat, x.lon) {
                        (Some(a), Some(b)) => format!("{a:.5}, {b:.5}"),
                        _ => String::new(),
                    };
                    (x.name, x.address.unwrap_or_default(), at)
                })
                .collect(),
            feedback: s.store.public_feedback(id).await?,
            campaign: open.map(|c| (c.id, c.title.clone())),
            verification,
            done: if q.rated.is_some() {
                "rated"
            } else if q.sent.is_some() {
                "sent"
            } else if q.verified.is_some() {
                "verified"
            } else {
                ""
            },
            photos,
            provenance,
            carried_from: carried_from.filter(public),
            carried_to: carried_to.into_iter().filter(public).collect(),
        },
        until,
    ))
}

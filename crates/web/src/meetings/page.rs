//! The meeting page: its head and attendees; the agenda with what goes with each entry and its
//! minutes (a form for the office until the minutes are issued); the decided matters with
//! their state, each a supervision order; the forms that decide a matter, add a topic and
//! change who attends; a site visit's photos. The screen view is the same meeting large,
//! without forms, for the room.

use super::list::{Choice, items, kind_label, people};
use super::{Seen, load};
use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use minsheng_domain::meeting::AgendaReason;
use minsheng_domain::{MeetingId, PlanId};
use minsheng_store::{AgendaEntry, Attachment, Matter, MeetingDetail};

/// A decided matter as listed: the order, its state in words, overdue.
pub struct MatterRow {
    pub m: Matter,
    pub state: &'static str,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    d: MeetingDetail,
    plan_title: String,
    kind: &'static str,
    matters: Vec<MatterRow>,
    /// The office keeps it (may write, the minutes not yet issued).
    keeps: bool,
    /// Sees all of it (not a unit's view).
    whole: bool,
    /// A unit that attended: may take the issued 纪要.
    attended: bool,
    /// Large, without forms.
    screen: bool,
    items: Vec<Choice>,
    units: Vec<Choice>,
    leaders: Vec<Choice>,
    photos: Vec<Attachment>,
    deadline: String,
    site_item: String,
    /// Where each item on the agenda stands today: light code, light name, planned and
    /// reported percent.
    standing: std::collections::HashMap<i64, (&'static str, &'static str, String)>,
    /// The items the reader may open (a leader who attended reads the meeting, not every
    /// item on it): only these are linked.
    opens: std::collections::HashSet<i64>,
    /// The site visit's photos are shown (and taken).
    site_photos: bool,
}

impl MeetingPage {
    fn reason(&self, e: &AgendaEntry) -> &'static str {
        let r = e.reason.parse().unwrap_or(AgendaReason::Added);
        match self.lang {
            Lang::Zh => r.label_zh(),
            Lang::En => match r {
                AgendaReason::OpenMatter => "last meeting's matter, open",
                AgendaReason::DoneMatter => "last meeting's matter, done",
                AgendaReason::Red => "red item",
                AgendaReason::Yellow => "yellow item",
                AgendaReason::OverdueOrder => "overdue order",
                AgendaReason::NotReported => "not reported",
                AgendaReason::Added => "other topic",
            },
        }
    }

    fn also(&self, e: &AgendaEntry) -> Vec<String> {
        e.also
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Where an entry's link goes: the order for a matter or an overdue order, else the item;
    /// none when the reader may not open its item.
    fn href(&self, e: &AgendaEntry) -> Option<String> {
        let item = e.item_id.filter(|i| self.opens.contains(i))?;
        match e.reason.as_str() {
            "open_matter" | "done_matter" | "overdue_order" => {
                Some(format!("/orders/{}", e.ref_id))
            }
            _ => Some(format!("/items/{item}")),
        }
    }

    /// Whether the reader may open a matter's order (its item).
    fn opens_order(&self, r: &MatterRow) -> bool {
        self.opens.contains(&r.m.order.item_id)
    }

    /// How an entry's item stands today, when it is about one.
    fn standing(&self, e: &AgendaEntry) -> Option<&(&'static str, &'static str, String)> {
        e.item_id.and_then(|i| self.standing.get(&i))
    }

    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }
}

async fn render(
    s: AppState,
    lang: Lang,
    me: Me,
    id: i64,
    screen: bool,
) -> Result<MeetingPage, AppError> {
    let (d, seen) = load(&s, &me, id).await?;
    let plan = PlanId(d.meeting.plan_id);
    let whole = seen == Seen::Whole;
    let keeps = whole && me.can("supervise") && d.meeting.issued_at.is_none() && !screen;
    let today = s.clock.today();
    let (units, leaders, choices) = if keeps {
        let on = |f: fn(&minsheng_store::Attendee) -> Option<i64>| -> Vec<i64> {
            d.attendees.iter().filter_map(f).collect()
        };
        let (u, l) = people(&s, plan, &on(|a| a.unit_id), &on(|a| a.leader_id)).await?;
        (u, l, items(&s, plan).await?)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let site_item = match d.meeting.site_item_id {
        Some(i) => {
            let (_, item) = s.store.item_detail(minsheng_domain::ItemId(i)).await?;
            format!("{}. {}", item.item.seq, item.item.display_title())
        }
        None => String::new(),
    };
    let mut standing = std::collections::HashMap::new();
    if whole {
        let ledger = s.store.plan_ledger(plan, today).await?;
        for i in &ledger.items {
            let a = &i.assessment;
            standing.insert(
                i.detail.item.id.0,
                (
                    a.light.code(),
                    crate::view::light_label(a.light, lang),
                    format!(
                        "{} {} · {} {}",
                        lang.pick("计划", "planned"),
                        crate::view::pct(a.expected),
                        lang.pick("实际", "reported"),
                        a.actual.map(crate::view::pct).unwrap_or_else(|| "—".into())
                    ),
                ),
            );
        }
    }
    let mut opens = std::collections::HashSet::new();
    let items_named = d
        .agenda
        .iter()
        .filter_map(|e| e.item_id)
        .chain(d.matters.iter().map(|m| m.order.item_id))
        .chain(d.meeting.site_item_id);
    // Those who read everything open every item without asking; others, item by item.
    let reads_all = me.can("read_all");
    for item in items_named {
        let opened = reads_all
            || opens.contains(&item)
            || me
                .readable_item(&s, minsheng_domain::ItemId(item))
                .await
                .is_ok();
        if opened {
            opens.insert(item);
        }
    }
    // A site visit's photos are its item's evidence: shown to whom may open the item.
    let site_photos = whole && d.meeting.site_item_id.is_some_and(|i| opens.contains(&i));
    let photos = if site_photos {
        s.store.meeting_photos(id).await?
    } else {
        Vec::new()
    };
    let matters = d
        .matters
        .iter()
        .map(|m| MatterRow {
            state: crate::supervision::state_label(m.order.state(), lang),
            overdue: m.order.overdue(today),
            m: m.clone(),
        })
        .collect();
    Ok(MeetingPage {
        t: lang.tr(),
        lang,
        plan_title: s.store.plan(plan).await?.title,
        kind: kind_label(d.meeting.kind(), lang),
        attended: matches!(seen, Seen::Units { attended: true, .. }),
        me,
        matters,
        keeps,
        whole,
        screen,
        items: choices,
        units,
        leaders,
        photos,
        deadline: (today + chrono::Duration::days(14)).to_string(),
        site_item,
        standing,
        opens,
        site_photos,
        d,
    })
}

/// GET /meetings/{id}.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
) -> Result<MeetingPage, AppError> {
    render(s, lang, me, id, false).await
}

/// GET /meetings/{id}/screen: the meeting large, for the screen in the room.
pub async fn screen(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(MeetingId(id)): Id<MeetingId>,
) -> Result<MeetingPage, AppError> {
    render(s, lang, me, id, true).await
}

//! The leader's dispatch view (领导调度, 每旬调度): every item in the leader's charge with its
//! light and progress, what changed since the last review, unanswered instructions, and a
//! button that records this review. Instructions are written on the item page.

use crate::AppState;
use crate::auth::Me;
use crate::error::{AppError, Words};
use crate::forms::field;
use crate::i18n::{Lang, Tr};
use crate::ids::parse_id;
use crate::view::{light_label, status_label};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::response::Redirect;
use minsheng_domain::{LeaderId, PlanState};
use minsheng_store::{DispatchChange, ItemLedger};
use serde::Deserialize;

/// Which leader (for the office).
#[derive(Deserialize, Default)]
pub struct DispatchQuery {
    leader: Option<String>,
}

struct Row {
    id: i64,
    seq: String,
    title: String,
    units: String,
    light: &'static str,
    light_label: &'static str,
    before: Option<&'static str>,
    percent: String,
    percent_before: String,
    status: &'static str,
    change: DispatchChange,
    unanswered: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "dispatch.html")]
pub struct DispatchPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    leaders: Vec<(i64, String, bool)>,
    leader: Option<(i64, String)>,
    last: Option<String>,
    rows: Vec<Row>,
    changed: usize,
    /// Plans with the leader's items: id, title, how many (links to their dashboards).
    plans: Vec<(i64, String, usize)>,
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}%")).unwrap_or_else(|| "—".into())
}

/// The leader shown: one's own post, or the one asked for by those who read everything.
fn which(me: &Me, asked: &str) -> Result<Option<LeaderId>, AppError> {
    let p = me.principal()?;
    if let Some(l) = p.leader {
        return Ok(Some(l));
    }
    if !p.reads_all() {
        return Err(AppError::Forbidden(Words::new(
            "您的账号没有绑定领导职务。",
            "Your account is not bound to a leader.",
        )));
    }
    Ok(match asked {
        "" => None,
        raw => Some(parse_id::<LeaderId>(raw)?),
    })
}

/// The leader's items in published plans, and those plans (id, title, how many of the items).
pub(crate) async fn items_of(
    s: &AppState,
    leader: LeaderId,
) -> Result<(Vec<ItemLedger>, Vec<(i64, String, usize)>), AppError> {
    let mut out = Vec::new();
    let mut plans = Vec::new();
    for p in s.store.plans().await? {
        if p.plan.state != PlanState::Published {
            continue;
        }
        let l = s.store.plan_ledger(p.plan.id, s.clock.today()).await?;
        let before = out.len();
        out.extend(
            l.items
                .iter()
                .filter(|i| i.detail.leaders.iter().any(|x| x.id == leader))
                .cloned(),
        );
        if out.len() > before {
            plans.push((p.plan.id.0, l.plan.title.clone(), out.len() - before));
        }
    }
    Ok((out, plans))
}

/// GET /dispatch[?leader=].
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Query(q): Query<DispatchQuery>,
) -> Result<DispatchPage, AppError> {
    let leader = which(&me, q.leader.as_deref().unwrap_or(""))?;
    let all = s.store.leaders().await?;
    let mut rows = Vec::new();
    let mut last = None;
    let mut plans = Vec::new();
    if let Some(l) = leader {
        let (items, of) = items_of(&s, l).await?;
        plans = of;
        let review = s.store.last_dispatch_review(l).await?;
        if let Some(r) = review.as_ref() {
            let people = crate::view::People::of(&s, [r.reviewer.as_str()], lang).await?;
            last = Some(format!(
                "{} · {}",
                crate::view::local_time(r.at),
                people.name(&r.reviewer)
            ));
        }
        let ids: Vec<minsheng_domain::ItemId> = items.iter().map(|i| i.detail.item.id).collect();
        let unanswered = s.store.unanswered_instructions(&ids).await?;
        for it in &items {
            let unanswered = unanswered.get(&it.detail.item.id.0).copied().unwrap_or(0);
            let change = match &review {
                Some(r) => r.change(it),
                None => DispatchChange {
                    light_before: None,
                    percent_before: None,
                    new_report: false,
                    changed: false,
                },
            };
            rows.push(Row {
                id: it.detail.item.id.0,
                seq: it.detail.item.seq.clone(),
                title: it.detail.item.display_title(),
                units: crate::view::lead_names(&it.detail),
                light: it.assessment.light.code(),
                light_label: light_label(it.assessment.light, lang),
                before: change
                    .light_before
                    .as_deref()
                    .and_then(|c| c.parse().ok())
                    .filter(|b| *b != it.assessment.light)
                    .map(|b| light_label(b, lang)),
                percent: pct(it.assessment.actual),
                percent_before: pct(change.percent_before),
                status: status_label(it.assessment.status, lang),
                change,
                unanswered,
            });
        }
        // Red first, then yellow, then the rest in list order.
        rows.sort_by_key(|r| match r.light {
            "red" => 0,
            "yellow" => 1,
            _ => 2,
        });
    }
    let changed = rows.iter().filter(|r| r.change.changed).count();
    Ok(DispatchPage {
        t: lang.tr(),
        lang,
        leaders: all
            .iter()
            .map(|l| (l.id.0, l.name.clone(), Some(l.id) == leader))
            .collect(),
        leader: leader.and_then(|l| {
            all.iter()
                .find(|x| x.id == l)
                .map(|x| (x.id.0, x.name.clone()))
        }),
        me,
        last,
        rows,
        changed,
        plans,
    })
}

/// POST /dispatch/review: records this review.
pub async fn review(
    State(s): State<AppState>,
    me: Me,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let leader = which(&me, field(&f, "leader"))?
        .ok_or_else(|| AppError::BadRequest(Words::new("请选择领导。", "Choose a leader.")))?;
    let (items, _) = items_of(&s, leader).await?;
    let refs: Vec<&ItemLedger> = items.iter().collect();
    me.store(&s)
        .record_dispatch_review(leader, &refs, s.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/dispatch?leader={}", leader.0)))
}

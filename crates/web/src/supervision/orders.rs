//! Supervision orders (督办单) on the web: the office's overview, issuing an order on an item,
//! the order's page where the unit acknowledges and answers and the office re-checks.

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
use chrono::NaiveDate;
use minsheng_domain::OrderId;
use minsheng_domain::supervision::{OrderAction, OrderState};
use minsheng_domain::{ItemId, UnitId};
use minsheng_store::{NewOrder, Order, OrderEvent, OrderFilter, ReminderRecord};

/// An order as listed.
pub struct OrderRow {
    /// The order.
    pub o: Order,
    /// Past its deadline, unit still owing.
    pub overdue: bool,
    /// State label.
    pub state: &'static str,
}

pub(crate) fn state_label(s: OrderState, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    }
}

/// Orders as a page lists them on `today`.
pub fn rows(orders: Vec<Order>, today: NaiveDate, lang: Lang) -> Vec<OrderRow> {
    orders
        .into_iter()
        .map(|o| OrderRow {
            overdue: o.overdue(today),
            state: state_label(o.state(), lang),
            o,
        })
        .collect()
}

/// Orders as listed on a page: the item's (all), or the units' (open ones).
pub async fn listed(
    s: &AppState,
    filter: OrderFilter,
    lang: Lang,
) -> Result<Vec<OrderRow>, AppError> {
    let orders = s.store.orders(&filter).await?;
    Ok(rows(orders, s.clock.today(), lang))
}

struct Proposal {
    item_id: i64,
    seq: String,
    title: String,
    unit: String,
    expected: String,
    actual: String,
}

struct PlanBlock {
    id: i64,
    title: String,
    orders: Vec<OrderRow>,
    proposals: Vec<Proposal>,
    /// One page of the reminder record, newest first.
    reminders: Vec<ReminderRecord>,
    /// Reminders recorded in all.
    reminders_total: usize,
    /// The page shown (0: the newest), and whether older and newer pages exist.
    page: usize,
    older: bool,
}

/// Reminders a page of the record shows.
const REMINDER_PAGE: usize = 20;

/// Which page of which plan's reminder record to show.
#[derive(serde::Deserialize, Default)]
pub struct OverviewQuery {
    plan: Option<i64>,
    page: Option<usize>,
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision.html")]
pub struct OverviewPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plans: Vec<PlanBlock>,
    default_deadline: String,
}

impl OverviewPage {
    /// The items a reminder named, as people write them: 第3项、第14项 (stored as a JSON list
    /// of list numbers).
    fn items_text(&self, json: &str) -> String {
        serde_json::from_str::<Vec<String>>(json)
            .map(|seqs| {
                seqs.iter()
                    .map(|s| match self.lang {
                        Lang::Zh => format!("第{s}项"),
                        Lang::En => format!("No. {s}"),
                    })
                    .collect::<Vec<_>>()
                    .join(self.lang.pick("、", ", "))
            })
            .unwrap_or_default()
    }

    fn step_label(&self, code: &str) -> &'static str {
        code.parse::<minsheng_domain::supervision::ReminderStep>()
            .map(|s| s.label_zh())
            .unwrap_or("")
    }
}

/// GET /supervision[?plan=&page=]: `page` pages the reminder record of `plan`.
pub async fn overview(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    axum::extract::Query(q): axum::extract::Query<OverviewQuery>,
) -> Result<OverviewPage, AppError> {
    let today = s.clock.today();
    let mut plans = Vec::new();
    for plan in crate::plans::Reach::of(&me, true).published(&s).await? {
        let ledger = s.store.plan_ledger(plan, today).await?;
        let proposed = s.store.proposed_orders(&ledger).await?;
        let proposals = ledger
            .items
            .iter()
            .filter(|it| proposed.contains(&it.detail.item.id))
            .map(|it| Proposal {
                item_id: it.detail.item.id.0,
                seq: it.detail.item.seq.clone(),
                title: it.detail.item.display_title(),
                unit: it
                    .detail
                    .lead_units
                    .first()
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                expected: format!("{:.0}%", it.assessment.expected),
                actual: it
                    .assessment
                    .actual
                    .map(|a| format!("{a:.0}%"))
                    .unwrap_or_else(|| "—".into()),
            })
            .collect();
        let orders = s
            .store
            .orders(&OrderFilter {
                plan: Some(plan),
                ..OrderFilter::default()
            })
            .await?;
        let mut reminders = s.store.reminders(plan, None).await?;
        reminders.reverse();
        let total = reminders.len();
        let last = total.saturating_sub(1) / REMINDER_PAGE;
        let page = match q.plan {
            Some(id) if id == plan.0 => q.page.unwrap_or(0).min(last),
            _ => 0,
        };
        let reminders: Vec<ReminderRecord> = reminders
            .into_iter()
            .skip(page * REMINDER_PAGE)
            .take(REMINDER_PAGE)
            .collect();
        plans.push(PlanBlock {
            id: plan.0,
            title: ledger.plan.title.clone(),
            orders: rows(orders, today, lang),
            proposals,
            reminders,
            reminders_total: total,
            page,
            older: page < last,
        });
    }
    Ok(OverviewPage {
        t: lang.tr(),
        lang,
        me,
        plans,
        default_deadline: (today + chrono::Duration::days(7)).to_string(),
    })
}

/// POST /items/{id}/orders: issue an order.
pub async fn issue(
    State(s): State<AppState>,
    me: Me,
    Id(item): Id<ItemId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let deadline: NaiveDate = field(&f, "deadline").parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "请填写办理时限，格式如 2025-06-30。",
            "Deadline as YYYY-MM-DD.",
        ))
    })?;
    let unit = match field(&f, "unit") {
        "" => None,
        u => Some(parse_id::<UnitId>(u)?),
    };
    let origin = match field(&f, "origin") {
        "red_light" => "red_light",
        _ => "manual",
    };
    let id = me
        .store(&s)
        .issue_order(
            &NewOrder {
                item,
                unit,
                requirement: field(&f, "requirement").to_string(),
                deadline,
                origin: origin.into(),
            },
            s.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/orders/{id}")))
}

#[derive(Template, WebTemplate)]
#[template(path = "order.html")]
pub struct OrderPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    o: Order,
    state: &'static str,
    overdue: bool,
    events: Vec<OrderEvent>,
    unit_may: Vec<(&'static str, &'static str)>,
    office_may: bool,
    people: crate::view::People,
    /// The meeting that decided it, when a meeting did: (id, title, day).
    meeting: Option<(i64, String, chrono::NaiveDate)>,
}

impl OrderPage {
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::view::local_time(*t)
    }

    fn action_label(&self, code: &str) -> &'static str {
        match code {
            "issue" => self.lang.pick("下发", "Issued"),
            "escalate" => self.lang.pick("逾期提级", "Escalated"),
            other => other
                .parse::<OrderAction>()
                .map(|a| match self.lang {
                    Lang::Zh => a.label_zh(),
                    Lang::En => a.code(),
                })
                .unwrap_or(""),
        }
    }
}

/// The order, if the person may read its item.
pub(crate) async fn readable(s: &AppState, me: &Me, id: i64) -> Result<Order, AppError> {
    let o = s.store.order(id).await?;
    me.readable_item(s, ItemId(o.item_id)).await?;
    Ok(o)
}

/// Whether the person answers for the order's unit.
fn answers_for(me: &Me, o: &Order) -> bool {
    me.can("file_reports")
        && me
            .principal()
            .is_ok_and(|p| p.units.contains(&UnitId(o.unit_id)))
}

/// GET /orders/{id}.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
) -> Result<OrderPage, AppError> {
    let o = readable(&s, &me, id).await?;
    let events = s.store.order_events(o.id).await?;
    let people = crate::view::People::of(
        &s,
        events
            .iter()
            .map(|e| e.actor.as_str())
            .chain([o.created_by.as_str()]),
        lang,
    )
    .await?;
    let state = o.state();
    let unit_may = if answers_for(&me, &o) {
        [OrderAction::Acknowledge, OrderAction::Answer]
            .into_iter()
            .filter(|a| state.after(*a).is_some())
            .map(|a| {
                let label = match lang {
                    Lang::Zh => a.label_zh(),
                    Lang::En => match a {
                        OrderAction::Acknowledge => "Acknowledge",
                        _ => "Answer",
                    },
                };
                (a.code(), label)
            })
            .collect()
    } else {
        Vec::new()
    };
    let meeting = s
        .store
        .matter_meeting(o.id)
        .await?
        .map(|m| (m.id, m.title, m.held_on));
    Ok(OrderPage {
        t: lang.tr(),
        lang,
        meeting,
        office_may: me.can("supervise") && state == OrderState::Answered,
        me,
        overdue: o.overdue(s.clock.today()),
        state: state_label(state, lang),
        o,
        events,
        unit_may,
        people,
    })
}

/// Takes a step on an order for the person: the unit's steps only for one's own unit, the
/// office's only for those who supervise. Returns the order and its new state.
pub(crate) async fn take_step(
    s: &AppState,
    me: &Me,
    id: i64,
    action: &str,
    note: &str,
    expected: &str,
) -> Result<(Order, OrderState), AppError> {
    let o = readable(s, me, id).await?;
    let action: OrderAction = action.parse().map_err(|_| {
        AppError::BadRequest(Words::new(
            "未知的操作，应为 acknowledge、answer、close 或 return。",
            "Unknown action.",
        ))
    })?;
    let allowed = if action.by_unit() {
        answers_for(me, &o)
    } else {
        me.can("supervise")
    };
    if !allowed {
        return Err(AppError::Forbidden(Words::new(
            "只有被督办单位可以签收和反馈，只有督查室可以复核。",
            "Not yours to act on.",
        )));
    }
    let next = me
        .store(s)
        .act_on_order(o.id, action, note, expected.parse().ok(), s.clock.now())
        .await?;
    Ok((o, next))
}

/// POST /orders/{id}/act: acknowledge, answer (unit); close, return (office).
pub async fn act(
    State(s): State<AppState>,
    me: Me,
    Id(OrderId(id)): Id<OrderId>,
    Form(f): Form<Fields>,
) -> Result<Redirect, AppError> {
    let (o, _) = take_step(
        &s,
        &me,
        id,
        field(&f, "action"),
        field(&f, "note"),
        field(&f, "state"),
    )
    .await?;
    Ok(Redirect::to(&format!("/orders/{}", o.id)))
}

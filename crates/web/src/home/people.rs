//! Homes of those who answer for items: the leader in charge (分管领导), a unit's head and
//! liaison, and the deputy who watches items.

use super::office::request_line;
use super::{Home, Line, List, PlanLine, Task, item_text};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::view::light_label;
use minsheng_domain::access::Principal;
use minsheng_domain::ledger::{Light, PeriodReportState};
use minsheng_domain::{ItemId, UnitId};
use minsheng_store::{ItemLedger, OrderFilter};

/// Lines for the items of `items` showing `light`: item, then its light and progress.
fn lit(items: &[&ItemLedger], light: Light, lang: Lang) -> Vec<Line> {
    items
        .iter()
        .filter(|i| i.assessment.light == light)
        .map(|i| Line {
            href: format!("/items/{}", i.detail.item.id.0),
            text: item_text(i),
            note: format!(
                "{} · {}",
                light_label(light, lang),
                i.assessment
                    .actual
                    .map(|a| format!("{a:.0}%"))
                    .unwrap_or_else(|| "—".into())
            ),
        })
        .collect()
}

/// The leader in charge: items by light, what changed since the last dispatch review, and
/// instructions the units have not answered.
pub(super) async fn leader(s: &AppState, p: &Principal, lang: Lang) -> Result<Home, AppError> {
    let mut home = Home::default();
    let Some(leader) = p.leader else {
        return Ok(home);
    };
    let (items, plans) = crate::supervision::items_of(s, leader).await?;
    home.scope = s
        .store
        .leaders()
        .await?
        .into_iter()
        .find(|l| l.id == leader)
        .map(|l| l.name)
        .unwrap_or_default();
    let review = s.store.last_dispatch_review(leader).await?;
    let changed = match &review {
        Some(r) => items.iter().filter(|i| r.change(i).changed).count(),
        None => items.len(),
    };
    let ids: Vec<ItemId> = items.iter().map(|i| i.detail.item.id).collect();
    let unanswered: usize = s.store.unanswered_instructions(&ids).await?.values().sum();
    let refs: Vec<&ItemLedger> = items.iter().collect();
    let red = lit(&refs, Light::Red, lang);
    let yellow = lit(&refs, Light::Yellow, lang);
    home.tasks = vec![
        Task::new(
            "red",
            lang.pick("红灯项目", "Red items"),
            red.len(),
            "/dispatch",
        )
        .urgent(),
        Task::new(
            "yellow",
            lang.pick("黄灯项目", "Yellow items"),
            yellow.len(),
            "/dispatch",
        ),
        Task::new(
            "changed",
            lang.pick("上次调度以来有变化", "Changed since the last review"),
            changed,
            "/dispatch",
        ),
        Task::new(
            "unanswered",
            lang.pick("批示未回复", "Instructions unanswered"),
            unanswered,
            "/dispatch",
        ),
        Task::new(
            "items",
            lang.pick("分管事项", "Items in your charge"),
            items.len(),
            "/dispatch",
        )
        .info(),
    ];
    home.lists = vec![
        List::new(
            "behind",
            lang.pick("红灯和黄灯项目", "Red and yellow items"),
            red.into_iter().chain(yellow).collect(),
        ),
        List::new(
            "meetings",
            lang.pick("我召集或参加的会议", "Meetings I held or attended"),
            meeting_lines(s.store.leader_meetings(leader).await?, lang),
        ),
    ];
    let today = s.clock.today();
    for (id, _, _) in plans {
        let l = s
            .store
            .plan_ledger(minsheng_domain::PlanId(id), today)
            .await?;
        let mine = l
            .items
            .iter()
            .filter(|i| i.detail.leaders.iter().any(|x| x.id == leader));
        home.plans.push(PlanLine::new(&l, mine, true, lang));
    }
    Ok(home)
}

/// A unit: this period's reports, last period's missing ones, supervision orders to act on,
/// requests the office returned, and instructions to answer.
pub(super) async fn unit(s: &AppState, p: &Principal, lang: Lang) -> Result<Home, AppError> {
    let mut home = Home::default();
    let today = s.clock.today();
    let units: &[UnitId] = &p.units;
    home.scope = s
        .store
        .units_by_id(units)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect::<Vec<_>>()
        .join("、");
    let reports_on = |i: &&ItemLedger| i.reporters.iter().any(|u| units.contains(u));
    let (mut due, mut missing, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    let mut titles = std::collections::HashMap::new();
    for id in s.store.published_plans_of(units, None, &[]).await? {
        let l = s.store.plan_ledger(id, today).await?;
        let mine: Vec<&ItemLedger> = l.items.iter().filter(reports_on).collect();
        for i in &mine {
            ids.push(i.detail.item.id);
            titles.insert(i.detail.item.id.0, item_text(i));
            let unit = i.reporters.iter().find(|u| units.contains(u));
            // An item fed from below is not asked of its lead unit (docs/LEVELS.md).
            if let (PeriodReportState::Open, Some(u), false) = (i.current_state, unit, i.fed) {
                due.push(Line {
                    href: format!("/items/{}/report?unit={}", i.detail.item.id.0, u.0),
                    text: item_text(i),
                    note: format!("{}{}", lang.pick("截止 ", "due "), l.current.due),
                });
            }
        }
        missing.extend(
            l.not_reported
                .iter()
                .filter(|n| units.contains(&n.unit_id))
                .map(|n| Line {
                    href: format!("/items/{}/report?unit={}", n.item_id.0, n.unit_id.0),
                    text: format!("{}. {}", n.seq, n.title),
                    note: format!(
                        "{} · {}",
                        n.unit,
                        crate::view::period_label(&n.period, l.settings.rule.cadence, lang)
                    ),
                }),
        );
        if !mine.is_empty() {
            home.plans
                .push(PlanLine::new(&l, mine.into_iter(), false, lang));
        }
    }
    let orders: Vec<_> = s
        .store
        .orders(&OrderFilter {
            units: Some(units.to_vec()),
            open_only: true,
            ..OrderFilter::default()
        })
        .await?
        .into_iter()
        .filter(|o| o.state().waits_for_unit())
        .collect();
    let overdue = orders.iter().filter(|o| o.overdue(today)).count();
    let returned = s.store.returned_to(units).await?;
    let unanswered = s.store.unanswered_instructions(&ids).await?;
    home.tasks = vec![
        Task::new(
            "due",
            lang.pick("本期待报送", "Reports due this period"),
            due.len(),
            "/workbench",
        ),
        Task::new(
            "missing",
            lang.pick("上期未报送", "Reports missing"),
            missing.len(),
            "#missing",
        )
        .urgent(),
        Task::new(
            "orders",
            lang.pick("督办单待办理", "Orders to act on"),
            orders.len(),
            "#orders",
        ),
        Task::new(
            "orders-overdue",
            lang.pick("督办单已逾期", "Orders overdue"),
            overdue,
            "#orders",
        )
        .urgent(),
        Task::new(
            "returned",
            lang.pick("被退回待重报", "Returned to redo"),
            returned.len(),
            "#returned",
        )
        .urgent(),
        Task::new(
            "instructions",
            lang.pick("领导批示待回复", "Instructions to answer"),
            unanswered.values().sum(),
            "#instructions",
        ),
    ];
    let order_lines = orders
        .iter()
        .map(|o| Line {
            href: format!("/orders/{}", o.id),
            text: format!("{} · {}. {}", o.label(), o.item_seq, o.item_title),
            note: format!(
                "{}{}{}",
                lang.pick("时限 ", "by "),
                o.deadline,
                if o.overdue(today) {
                    lang.pick("（已逾期）", " (overdue)")
                } else {
                    ""
                }
            ),
        })
        .collect();
    let instruction_lines = unanswered
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(id, n)| Line {
            href: format!("/items/{id}#notes"),
            text: titles.get(id).cloned().unwrap_or_else(|| format!("#{id}")),
            note: match lang {
                Lang::Zh => format!("{n} 条未回复"),
                Lang::En => format!("{n} unanswered"),
            },
        })
        .collect();
    home.lists = vec![
        List::new(
            "due-list",
            lang.pick("本期待报送", "Reports due this period"),
            due,
        ),
        List::new(
            "missing",
            lang.pick("上期未报送", "Reports missing last period"),
            missing,
        ),
        List::new(
            "orders",
            lang.pick("督办单", "Supervision orders"),
            order_lines,
        ),
        List::new(
            "returned",
            lang.pick("被退回的申请", "Requests returned"),
            returned
                .iter()
                .map(|w| request_line(w, true, lang))
                .collect(),
        ),
        List::new(
            "instructions",
            lang.pick("待回复的批示", "Instructions to answer"),
            instruction_lines,
        ),
        List::new(
            "meetings",
            lang.pick("本单位参加或承办议定事项的会议", "Meetings with our unit"),
            meeting_lines(s.store.unit_meetings(units).await?, lang),
        ),
    ];
    Ok(home)
}

/// Meetings as lines of a list, latest first: the day, and the minutes' number once issued.
fn meeting_lines(meetings: Vec<minsheng_store::Meeting>, lang: Lang) -> Vec<Line> {
    meetings
        .into_iter()
        .map(|m| Line {
            href: format!("/meetings/{}", m.id),
            note: match m.number_label().as_str() {
                "" => format!(
                    "{} · {}",
                    m.held_on,
                    lang.pick("纪要未印发", "minutes not issued")
                ),
                n => format!("{} · {n}", m.held_on),
            },
            text: m.title,
        })
        .collect()
}

/// A deputy: the items they watch by light, and open ballots they have not cast.
pub(super) async fn deputy(s: &AppState, p: &Principal, lang: Lang) -> Result<Home, AppError> {
    let mut home = Home::default();
    let today = s.clock.today();
    let now = s.clock.now().at;
    let mut watched = Vec::new();
    for id in s.store.published_plans_of(&[], None, &p.monitors).await? {
        let l = s.store.plan_ledger(id, today).await?;
        let mine: Vec<&ItemLedger> = l
            .items
            .iter()
            .filter(|i| p.monitors.contains(&i.detail.item.id))
            .collect();
        watched.extend(lit(&mine, Light::Red, lang));
        watched.extend(lit(&mine, Light::Yellow, lang));
        home.plans
            .push(PlanLine::new(&l, mine.into_iter(), false, lang));
    }
    let mut ballots = Vec::new();
    for b in s.store.ballots().await? {
        if b.opens_at <= now && now < b.closes_at && !s.store.has_voted(b.id, p.user).await? {
            ballots.push(Line {
                href: format!("/ballots/{}", b.id),
                text: b.title.clone(),
                note: format!(
                    "{}{}",
                    lang.pick("截止 ", "closes "),
                    crate::view::local_time(b.closes_at)
                ),
            });
        }
    }
    home.tasks = vec![
        Task::new(
            "ballots",
            lang.pick("票决待投票", "Ballots to cast"),
            ballots.len(),
            "#ballots-open",
        )
        .urgent(),
        Task::new(
            "behind",
            lang.pick("关注事项中红黄灯", "Watched items behind"),
            watched.len(),
            "#behind",
        ),
        Task::new(
            "watched",
            lang.pick("关注事项", "Items watched"),
            p.monitors.len(),
            "/workbench",
        )
        .info(),
    ];
    home.lists = vec![
        List::new(
            "ballots-open",
            lang.pick("进行中的票决", "Open ballots"),
            ballots,
        ),
        List::new(
            "behind",
            lang.pick("进度滞后的关注事项", "Watched items behind"),
            watched,
        ),
    ];
    Ok(home)
}

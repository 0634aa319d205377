//! Meetings (docs/MEETINGS.md): a dispatch meeting's agenda drawn from the ledger as of its
//! day — red and yellow items, overdue orders, units not reporting — minutes per entry, two
//! decided matters chased as supervision orders; the next meeting's agenda opens with the
//! one still open. With the refusals, on SQLite and PostgreSQL.

use minsheng_domain::meeting::{AgendaReason, MeetingKind};
use minsheng_domain::supervision::OrderAction;
use minsheng_domain::{Refusal, ledger::Light};
use minsheng_store::{NewMeeting, NewOrder, Store, StoreError};

#[macro_use]
mod common;

use common::ledger::{at, d, fixture};

async fn a_dispatch_meeting_and_the_next_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let plan = s.item_detail(f.items[0]).await.unwrap().0.id;
    let day = d("2025-07-10");
    let ledger = s.plan_ledger(plan, day).await.unwrap();
    let lit = |l: Light| {
        ledger
            .items
            .iter()
            .filter(|i| i.assessment.light == l)
            .count()
    };
    let (red, yellow) = (lit(Light::Red), lit(Light::Yellow));
    assert!(red > 0, "nothing reported by July: some item is red");
    let meeting = |title: &str, held_on| NewMeeting {
        plan,
        kind: MeetingKind::Dispatch,
        held_on,
        title: title.into(),
        chair: "王副区长".into(),
        leader: None,
    };
    let first = s
        .create_meeting(&meeting("第三次民生实事调度会", day), at("2025-07-10"))
        .await
        .unwrap();
    let m = s.meeting(first).await.unwrap();
    let count = |r: AgendaReason| m.agenda.iter().filter(|e| e.reason == r.code()).count();
    assert_eq!(count(AgendaReason::Red), red);
    assert_eq!(count(AgendaReason::Yellow), yellow);
    assert_eq!(count(AgendaReason::OpenMatter), 0, "no meeting before");
    let silent: std::collections::HashSet<i64> =
        ledger.not_reported.iter().map(|n| n.unit_id.0).collect();
    assert_eq!(count(AgendaReason::NotReported), silent.len());
    // In the meeting's order: each reason's entries after the one before it.
    let ranks: Vec<usize> = m
        .agenda
        .iter()
        .map(|e| e.reason.parse::<AgendaReason>().unwrap().rank())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(m.agenda[0].position, 1);

    // Minutes on the first entry; two matters decided, on the first two items.
    s.record_minutes(m.agenda[0].id, "牵头单位说明：用地手续待批。")
        .await
        .unwrap();
    assert_eq!(
        refused(s.record_minutes(m.agenda[0].id, &"长".repeat(5001)).await),
        Refusal::TooLong { max: 5000 }
    );
    let matter = |item, requirement: &str| NewOrder {
        item,
        unit: None,
        requirement: requirement.into(),
        deadline: d("2025-08-15"),
        origin: "manual".into(),
    };
    let now = at("2025-07-10");
    let a = s
        .decide_matter(
            first,
            &matter(f.items[0], "财政局8月15日前拨付第二批资金"),
            now,
        )
        .await
        .unwrap();
    let b = s
        .decide_matter(first, &matter(f.items[1], "民政局8月15日前完成选址"), now)
        .await
        .unwrap();
    let m = s.meeting(first).await.unwrap();
    assert_eq!(m.agenda[0].minutes, "牵头单位说明：用地手续待批。");
    let ids: Vec<i64> = m.matters.iter().map(|o| o.id).collect();
    assert_eq!(ids, [a, b]);
    assert!(m.matters.iter().all(|o| o.origin == "meeting"));

    // The unit answers one and the office closes it; the other stays open.
    let later = at("2025-07-20");
    s.act_on_order(a, OrderAction::Acknowledge, "", None, later)
        .await
        .unwrap();
    s.act_on_order(a, OrderAction::Answer, "资金已拨付。", None, later)
        .await
        .unwrap();
    s.act_on_order(a, OrderAction::Close, "", None, later)
        .await
        .unwrap();

    // The next meeting opens with the open one.
    let second = s
        .create_meeting(&meeting("第四次民生实事调度会", d("2025-07-21")), later)
        .await
        .unwrap();
    let next = s.meeting(second).await.unwrap();
    assert_eq!(next.agenda[0].reason, AgendaReason::OpenMatter.code());
    assert_eq!(next.agenda[0].ref_id, b);
    assert!(next.agenda[0].title.contains("民政局8月15日前完成选址"));
    assert_eq!(
        next.agenda
            .iter()
            .filter(|e| e.reason == AgendaReason::OpenMatter.code())
            .count(),
        1
    );
    let listed: Vec<i64> = s
        .meetings(plan)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, [second, first]);

    // Refused: an empty title; a matter on an item of another list.
    assert_eq!(
        refused(s.create_meeting(&meeting(" ", day), now).await),
        Refusal::TooLong { max: 200 }
    );
    let other = common::import_list(s, common::ledger::LIST).await.plan_id;
    let foreign = s.plan_detail(other, None).await.unwrap().items[0].item.id;
    assert!(matches!(
        s.decide_matter(first, &matter(foreign, "其他清单的项目"), now)
            .await,
        Err(StoreError::NotFound(_))
    ));
}

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> Refusal {
    match r {
        Err(StoreError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

conformance!(a_dispatch_meeting_and_the_next_case);

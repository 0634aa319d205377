//! Meetings (docs/MEETINGS.md): a dispatch meeting's agenda drawn from the ledger as of its
//! day — red and yellow items, overdue orders, units not reporting — minutes per entry, two
//! decided matters chased as supervision orders; the next meeting's agenda opens with the
//! one still open and the one done. The minutes issued to the attendees by their channels and
//! the meeting frozen; meetings counted per leader and quarter. With the refusals, on SQLite
//! and PostgreSQL.

use minsheng_domain::meeting::{AgendaReason, MeetingKind};
use minsheng_domain::supervision::OrderAction;
use minsheng_domain::{Refusal, ledger::Light};
use minsheng_store::{ContactLevel, NewContact, NewMeeting, NewOrder, Store, StoreError};

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
        place: "区政府三楼会议室".into(),
        site_item: None,
        units: Vec::new(),
        leaders: Vec::new(),
    };
    let region = s.plan(plan).await.unwrap().region_id;
    let units = s.units(Some(region)).await.unwrap();
    let (attending, absent) = (units[0].id, units[1].id);
    s.add_contact(
        &NewContact {
            unit: Some(attending),
            leader: None,
            level: Some(ContactLevel::Liaison),
            name: "联络员甲".into(),
            email: Some("liaison@example.org".into()),
            phone: None,
            webhook: None,
            work: Default::default(),
        },
        at("2025-07-01").at,
    )
    .await
    .unwrap();
    let first = s
        .create_meeting(
            &NewMeeting {
                units: vec![attending],
                ..meeting("第三次民生实事调度会", day)
            },
            at("2025-07-10"),
        )
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
            &[],
            now,
        )
        .await
        .unwrap();
    let b = s
        .decide_matter(
            first,
            &matter(f.items[1], "民政局8月15日前完成选址"),
            &[],
            now,
        )
        .await
        .unwrap();
    let m = s.meeting(first).await.unwrap();
    assert_eq!(m.agenda[0].minutes, "牵头单位说明：用地手续待批。");
    assert_eq!(m.attendees.len(), 1);
    assert_eq!(m.attendees[0].unit_id, Some(attending.0));

    // The office adds a topic and takes another off; the attendees change.
    let added = s
        .add_agenda_entry(first, "研究冬季供暖保障", None)
        .await
        .unwrap();
    let m = s.meeting(first).await.unwrap();
    let last = m.agenda.last().unwrap();
    assert_eq!((last.id, last.reason.as_str()), (added, "added"));
    let n = m.agenda.len();
    s.move_agenda_entry(first, added, true).await.unwrap();
    let moved = s.meeting(first).await.unwrap().agenda;
    assert_eq!(moved[n - 2].id, added, "one place up");
    assert_eq!(moved[n - 1].id, m.agenda[n - 2].id);
    s.move_agenda_entry(first, moved[0].id, true).await.unwrap();
    assert_eq!(
        s.meeting(first).await.unwrap().agenda[0].id,
        moved[0].id,
        "the first stays"
    );
    s.remove_agenda_entry(first, added).await.unwrap();
    s.set_attendees(first, &[attending, attending], &[])
        .await
        .unwrap();
    assert_eq!(s.meeting(first).await.unwrap().attendees.len(), 1);

    // Issued: numbered, sent to the attending unit by its channel, frozen.
    let number = s.issue_minutes(first, at("2025-07-11")).await.unwrap();
    assert_eq!(number, 1);
    let m = s.meeting(first).await.unwrap();
    assert_eq!(m.meeting.number_label(), "纪要〔2025〕1号");
    let told = s.notifications_for(&[attending], None, 50).await.unwrap();
    let minutes_notice = told
        .iter()
        .find(|n| n.kind == "meeting.minutes")
        .expect("the attending unit is told");
    assert!(
        minutes_notice
            .body
            .contains("财政局8月15日前拨付第二批资金")
    );
    assert_eq!(
        minutes_notice.link.as_deref(),
        Some(format!("/meetings/{first}").as_str())
    );
    assert!(
        !s.notifications_for(&[absent], None, 50)
            .await
            .unwrap()
            .iter()
            .any(|n| n.kind == "meeting.minutes"),
        "a unit that did not attend is not sent the minutes"
    );
    let mails = s.jobs(None, 500).await.unwrap();
    assert!(
        mails.iter().any(|j| j
            .dedup_key
            .starts_with(&format!("meeting:{first}:minutes:u{}", attending.0))
            && j.payload.contains("liaison@example.org")),
        "the minutes go out by e-mail"
    );
    for r in [
        s.issue_minutes(first, at("2025-07-11")).await.map(|_| ()),
        s.record_minutes(m.agenda[0].id, "改").await,
        s.add_agenda_entry(first, "再议", None).await.map(|_| ()),
        s.set_attendees(first, &[], &[]).await,
        s.remove_agenda_entry(first, m.agenda[1].id).await,
        s.move_agenda_entry(first, m.agenda[1].id, true).await,
        s.decide_matter(first, &matter(f.items[2], "再议"), &[], now)
            .await
            .map(|_| ()),
    ] {
        assert_eq!(refused(r), Refusal::MeetingIssued);
    }
    let ids: Vec<i64> = m.matters.iter().map(|x| x.order.id).collect();
    assert_eq!(ids, [a, b]);
    assert!(m.matters.iter().all(|x| x.order.origin == "meeting"));

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

    // The next meeting opens with the open one, then the one done.
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
    assert_eq!(next.agenda[1].reason, AgendaReason::DoneMatter.code());
    assert_eq!(next.agenda[1].ref_id, a);
    assert!(
        next.agenda[1].title.contains("已办结"),
        "{}",
        next.agenda[1].title
    );

    // Counted: two dispatch meetings in Q3, held by no leader (the office's line).
    let tally = s
        .meeting_tally(&[plan], 2025, d("2025-07-21"))
        .await
        .unwrap();
    let office = tally.iter().find(|t| t.leader_id.is_none()).unwrap();
    assert_eq!(office.quarters[2].dispatch, 2);
    assert_eq!(office.quarters[2].dekads, 3);
    assert!(office.quarters[1].special_missed);
    let listed: Vec<i64> = s
        .meetings(plan)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, [second, first]);

    // Refused: an entry of another meeting written through this one; a co-unit, an attending
    // unit or a leader holding it from another region.
    assert!(matches!(
        s.record_all_minutes(second, &[(m.agenda[0].id, "他会议题".into())])
            .await,
        Err(StoreError::NotFound(_))
    ));
    let elsewhere = s
        .save_region(None, "外区", minsheng_domain::RegionLevel::District, None)
        .await
        .unwrap();
    let foreign_unit = s
        .save_unit(
            None,
            elsewhere,
            "外区教育局",
            minsheng_domain::UnitKind::infer("外区教育局"),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        refused(
            s.decide_matter(
                second,
                &matter(f.items[2], "外区配合"),
                &[foreign_unit],
                now
            )
            .await
        ),
        Refusal::UnknownUnit
    );
    assert_eq!(
        refused(s.set_attendees(second, &[foreign_unit], &[]).await),
        Refusal::UnknownUnit
    );
    let foreign_leader = s
        .save_leader(None, elsewhere, "外区领导", None)
        .await
        .unwrap();
    assert!(matches!(
        s.create_meeting(
            &NewMeeting {
                leader: Some(foreign_leader),
                ..meeting("外区领导主持", d("2025-07-22"))
            },
            now
        )
        .await,
        Err(StoreError::NotFound(_))
    ));

    // Refused: an empty title; a matter on an item of another list.
    assert_eq!(
        refused(s.create_meeting(&meeting(" ", day), now).await),
        Refusal::TooLong { max: 200 }
    );
    let other = common::import_list(s, common::ledger::LIST).await.plan_id;
    let foreign = s.plan_detail(other, None).await.unwrap().items[0].item.id;
    assert!(matches!(
        s.decide_matter(second, &matter(foreign, "其他清单的项目"), &[], now)
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

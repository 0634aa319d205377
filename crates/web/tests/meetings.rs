//! Meetings through the web (docs/MEETINGS.md): the office sets up a dispatch meeting whose
//! agenda lists every red item of the day, records minutes and two decided matters (one with a
//! co-unit), and issues the minutes, which freezes the meeting; the 纪要 DOCX re-read holds
//! the number, the matters and the attendees. Who sees what: the unit given a matter sees its
//! own matter and not the agenda; a unit with no part gets nothing; the attending unit takes
//! the 纪要 only once issued. On both databases.

mod common;
#[path = "support/confine.rs"]
mod confine;
#[path = "support/sinks.rs"]
#[allow(dead_code)]
mod sinks;

use axum::http::StatusCode;
use common::*;
use minsheng_domain::PlanId;
use minsheng_domain::ledger::Light;
use minsheng_domain::supervision::BulletinKind;
use minsheng_store::{ContactLevel, NewContact};
use minsheng_web::jobs::{MailConfig, Outbox, Runner};

async fn a_meeting_through_the_web(app: App) {
    let day = d("2024-07-10");
    app.clock.set(day);
    let ids = ids(&app).await;
    let co = app.coordinator().await;
    let lead = app.unit_user(ids.lead).await;
    let other = other_unit(&app, &ids).await;
    let outsider = app.unit_user(other).await;
    // The second matter goes to an item led by neither the school's lead unit nor the outsider.
    let elsewhere = app
        .store
        .plan_detail(PlanId(1), None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|i| {
            i.lead_units
                .first()
                .is_some_and(|u| u.id != ids.lead && u.id != other)
        })
        .unwrap()
        .item
        .id;
    let lead_id = ids.lead.0.to_string();

    // Set up: the agenda holds every red item of the day.
    app.act_as(Some(&co));
    let (status, _, to) = form_at(
        &app,
        "/plans/1/meetings",
        &[
            ("kind", "dispatch"),
            ("held_on", "2024-07-10"),
            ("title", "2024年第1次民生实事调度会"),
            ("chair", "王副区长"),
            ("place", "区政府三楼会议室"),
            ("unit", &lead_id),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    let id: i64 = to.trim_start_matches("/meetings/").parse().unwrap();
    let (status, _, page) = call(&app, "GET", &to, None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let ledger = app.store.plan_ledger(PlanId(1), day).await.unwrap();
    let red: Vec<_> = ledger
        .items
        .iter()
        .filter(|i| i.assessment.light == Light::Red)
        .collect();
    assert!(!red.is_empty(), "nothing reported by July: items are red");
    assert_eq!(page.matches("data-reason=\"red\"").count(), red.len());
    for r in &red {
        assert!(page.contains(&format!("href=\"/items/{}\"", r.detail.item.id.0)));
    }

    // Minutes in one form; an overlong one is refused and nothing is written.
    let m = app.store.meeting(id).await.unwrap();
    let (first, second) = (m.agenda[0].id, m.agenda[1].id);
    let key = |e: i64| format!("minutes-{e}");
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/minutes"),
        &[
            (&key(first), "牵头单位汇报：用地手续待批。"),
            (&key(second), &"长".repeat(5001)),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.meeting(id).await.unwrap().agenda[0].minutes, "");
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/minutes"),
        &[(&key(first), "牵头单位汇报：用地手续待批。")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Two matters: one with a co-unit.
    let matter = |item: i64, what: &'static str, co: Option<String>| {
        let mut f = vec![
            ("item", item.to_string()),
            ("requirement", what.to_string()),
            ("deadline", "2024-08-15".to_string()),
        ];
        if let Some(c) = co {
            f.push(("co_unit", c));
        }
        f
    };
    for f in [
        matter(
            ids.school.0,
            "8月15日前完成学校主体验收",
            Some(ids.streets.0.to_string()),
        ),
        matter(elsewhere.0, "8月15日前完成食堂选址", None),
    ] {
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = form(&app, &format!("/meetings/{id}/matters"), &f).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    // The second entry is moved up to open the meeting.
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/agenda/move"),
        &[("entry", &second.to_string()), ("dir", "up")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let m = app.store.meeting(id).await.unwrap();
    assert_eq!((m.agenda[0].id, m.agenda[1].id), (second, first));
    assert_eq!(m.matters.len(), 2);
    assert_eq!(m.matters[0].co_units, "各街道");

    // The unit sees its own matter, not the other, nor the agenda; the outsider nothing.
    app.act_as(Some(&lead));
    let (status, _, page) = call(&app, "GET", &to, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("8月15日前完成学校主体验收"));
    assert!(!page.contains("8月15日前完成食堂选址"));
    assert!(!page.contains("id=\"agenda-list\"") && !page.contains("用地手续待批"));
    assert!(!page.contains("id=\"decide-matter\""));
    let (status, _, _) = call(&app, "GET", &format!("{to}/docx"), None).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "not before the minutes are issued"
    );
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/minutes"),
        &[(&key(first), "改")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a unit does not keep minutes"
    );
    app.act_as(Some(&outsider));
    let (status, _, _) = call(&app, "GET", &to, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An office confined to another region reaches neither the meeting nor its forms.
    let region = app.store.plan(PlanId(1)).await.unwrap().region_id;
    let parent = app
        .store
        .save_region(None, "上级市", minsheng_domain::RegionLevel::City, None)
        .await
        .unwrap();
    let own = app.store.regions().await.unwrap();
    let own = own.iter().find(|r| r.id == region).unwrap();
    app.store
        .save_region(
            Some(own.id),
            &own.name,
            minsheng_domain::RegionLevel::District,
            Some(parent),
        )
        .await
        .unwrap();
    let sibling = app
        .store
        .save_region(
            None,
            "邻区",
            minsheng_domain::RegionLevel::District,
            Some(parent),
        )
        .await
        .unwrap();
    let far = app
        .user(
            "far-office",
            minsheng_domain::access::UserRole::Coordinator,
            &[],
            None,
            &[],
        )
        .await;
    confine::confine(&app.store, &far, sibling).await;
    app.act_as(Some(&far));
    assert_eq!(call(&app, "GET", &to, None).await.0, StatusCode::FORBIDDEN);
    let (status, _) = form(&app, &format!("/meetings/{id}/issue"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An entry of another meeting cannot be taken off through this one.
    app.act_as(Some(&co));
    let (_, _, other_to) = form_at(
        &app,
        "/plans/1/meetings",
        &[
            ("kind", "special"),
            ("held_on", "2024-07-10"),
            ("title", "学校建设专题会议"),
        ],
    )
    .await;
    let other_id: i64 = other_to
        .unwrap()
        .trim_start_matches("/meetings/")
        .parse()
        .unwrap();
    let foreign_entry = app
        .store
        .add_agenda_entry(other_id, "学校建设", None)
        .await
        .unwrap()
        .to_string();
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/agenda/remove"),
        &[("entry", &foreign_entry)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Issued: numbered, frozen; the attending unit takes the 纪要.
    let (status, _) = form(&app, &format!("/meetings/{id}/issue"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = form(
        &app,
        &format!("/meetings/{id}/minutes"),
        &[(&key(first), "改")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "issued minutes are frozen");
    app.act_as(Some(&lead));
    let (status, bytes) = get_bytes(&app, &format!("{to}/docx")).await;
    assert_eq!(status, StatusCode::OK);
    // A unit given a matter that did not attend sees its matter, not the whole 纪要.
    let elsewhere_lead = app.store.meeting(id).await.unwrap().matters[1]
        .order
        .unit_id;
    let absent = app.unit_user(minsheng_domain::UnitId(elsewhere_lead)).await;
    app.act_as(Some(&absent));
    assert_eq!(call(&app, "GET", &to, None).await.0, StatusCode::OK);
    let (status, _) = get_bytes(&app, &format!("{to}/docx")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.act_as(Some(&lead));
    let text = docx_text(&bytes);
    for want in [
        "纪要〔2024〕1号",
        "2024年第1次民生实事调度会",
        "王副区长",
        "8月15日前完成学校主体验收",
        "8月15日前完成食堂选址",
        "各街道",
        "牵头单位汇报：用地手续待批。",
        "参会单位",
        "二、议定事项",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // The order page names its meeting; the unit answers the matter on time.
    let order = m.matters[0].order.id;
    let (_, _, page) = call(&app, "GET", &format!("/orders/{order}"), None).await;
    assert!(page.contains(&format!("href=\"/meetings/{id}\"")));
    // A matter answered by its deadline counts in the year-end score's orders part.
    let on_time = || async {
        let range = BulletinKind::YearEnd.range(d("2024-06-30"));
        let data = app
            .store
            .bulletin_data(PlanId(1), BulletinKind::YearEnd, range, d("2024-07-20"))
            .await
            .unwrap();
        data.ranking
            .iter()
            .find(|u| u.facts.unit_id == ids.lead.0)
            .map(|u| u.facts.orders_on_time)
            .unwrap_or(0)
    };
    let before = on_time().await;
    for (action, state) in [("acknowledge", "issued"), ("answer", "acknowledged")] {
        let (status, body) = form(
            &app,
            &format!("/orders/{order}/act"),
            &[
                ("action", action),
                ("state", state),
                ("note", "主体已验收。"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    assert_eq!(on_time().await, before + 1);
    // The meetings list counts it against the cadence.
    app.act_as(Some(&co));
    let (status, _, page) = call(&app, "GET", "/plans/1/meetings", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("纪要〔2024〕1号") && page.contains("id=\"tally-table\""));
    // Two meetings held on 10 July, no leader: the office's line, Q3, one dekad begun.
    assert!(
        page.contains("调度 1次（1/1旬）"),
        "{}",
        &page[page.find("tally-table").unwrap()..]
    );
}

/// The minutes issued reach the attending unit's liaison by e-mail through a real SMTP
/// server, with the 纪要 attached as the Word document; a unit that did not attend gets none.
async fn the_minutes_reach_the_attendees_by_email(app: App) {
    let smtp = sinks::SmtpSink::start().await;
    let day = d("2024-07-10");
    app.clock.set(day);
    let ids = ids(&app).await;
    let store = &app.store;
    let now = app.clock.now().at;
    let other = other_unit(&app, &ids).await;
    for (unit, email) in [
        (ids.lead, "liaison@example.gov.cn"),
        (other, "absent@example.gov.cn"),
    ] {
        store
            .add_contact(
                &NewContact {
                    unit: Some(unit),
                    leader: None,
                    level: Some(ContactLevel::Liaison),
                    name: "联络员".into(),
                    email: Some(email.into()),
                    phone: None,
                    webhook: None,
                    work: Default::default(),
                },
                now,
            )
            .await
            .unwrap();
    }
    let co = app.coordinator().await;
    app.act_as(Some(&co));
    let lead_id = ids.lead.0.to_string();
    let (_, _, to) = form_at(
        &app,
        "/plans/1/meetings",
        &[
            ("kind", "dispatch"),
            ("held_on", "2024-07-10"),
            ("title", "2024年第2次民生实事调度会"),
            ("unit", &lead_id),
        ],
    )
    .await;
    let to = to.unwrap();
    let school = ids.school.0.to_string();
    let (status, _) = form(
        &app,
        &format!("{to}/matters"),
        &[
            ("item", &school),
            ("requirement", "8月20日前完成校舍竣工验收"),
            ("deadline", "2024-08-20"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = form(&app, &format!("{to}/issue"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let runner = Runner::new(
        store.clone(),
        app.clock.clone(),
        Outbox {
            mail: Some(MailConfig {
                url: smtp.url(),
                from: "民生实事专班 <noreply@example.gov.cn>".into(),
            }),
            base_url: "https://ms.example.gov.cn".into(),
            ..Outbox::default()
        },
    );
    runner.drain().await.unwrap();
    let mails = smtp.to("liaison@example.gov.cn", &["会议纪要"]);
    assert_eq!(mails.len(), 1, "one mail of the minutes");
    let m = &mails[0];
    assert!(m.subject.contains("纪要〔2024〕1号"), "{}", m.subject);
    assert!(m.body.contains("8月20日前完成校舍竣工验收"), "{}", m.body);
    assert!(
        m.body.contains("https://ms.example.gov.cn/meetings/"),
        "{}",
        m.body
    );
    let [(name, bytes)] = m.attachments.as_slice() else {
        panic!(
            "one attachment: {:?}",
            m.attachments.iter().map(|a| &a.0).collect::<Vec<_>>()
        );
    };
    assert!(
        name.ends_with(".docx") && name.contains("纪要〔2024〕1号"),
        "{name}"
    );
    let text = docx_text(bytes);
    assert!(text.contains("8月20日前完成校舍竣工验收") && text.contains("二、议定事项"));
    assert!(
        smtp.to("absent@example.gov.cn", &["会议纪要"]).is_empty(),
        "a unit that did not attend is not sent the minutes"
    );
}

on_both!(
    a_meeting_through_the_web,
    the_minutes_reach_the_attendees_by_email
);

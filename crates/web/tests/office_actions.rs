//! The office's one-click acts, on both databases: 催报 from the dashboard's not-reported list
//! (one unit, then every unit listed; once per unit and period; a unit nobody can be reached
//! at is said so), delivered by a real SMTP server; and the printable 督办单, as an A4 page and
//! as a Word document read back with docx-rs.

mod common;
#[path = "support/sinks.rs"]
#[allow(dead_code)]
mod sinks;

use axum::http::StatusCode;
use common::*;
use minsheng_domain::supervision::ReminderStep;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::{ContactLevel, NewContact};
use minsheng_web::jobs::{MailConfig, Outbox, Runner};
use sinks::SmtpSink;

/// Publishes the seed's plan, its work starting on `start` when given.
async fn publish(app: &App, start: Option<&str>) {
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    if let Some(start) = start {
        let mut settings = app.store.plan_settings(PlanId(1)).await.unwrap();
        settings.start_on = Some(d(start));
        app.store
            .set_plan_settings(PlanId(1), &settings)
            .await
            .unwrap();
    }
}

async fn remind_from_the_dashboard(app: App) {
    let smtp = SmtpSink::start().await;
    let ids = ids(&app).await;
    let store = app.store.clone();
    publish(&app, Some("2024-03-04")).await;
    store
        .add_contact(
            &NewContact {
                unit: Some(ids.lead),
                leader: None,
                level: Some(ContactLevel::Liaison),
                name: "联络员".into(),
                email: Some("liaison@example.gov.cn".into()),
                phone: None,
                webhook: None,
                work: Default::default(),
            },
            app.clock.now().at,
        )
        .await
        .unwrap();
    // The week of 03-04 has closed (due Friday 03-08); nobody has reported.
    app.clock.set(d("2024-03-12"));
    let (st, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::OK);
    let button = format!("id=\"remind-{}\"", ids.lead.0);
    assert!(
        page.contains(&button) && page.contains("id=\"remind-all\""),
        "{page}"
    );
    // A unit may not remind.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let (st, _) = form(&app, "/plans/1/remind", &[("period", "2024-03-04")]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // The office (a form naming a unit is sent as the office, not as that unit).
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    // The office reminds the unit: recorded as its own step, sent to the liaison.
    let unit = ids.lead.0.to_string();
    let (st, _) = form(
        &app,
        "/plans/1/remind",
        &[("period", "2024-03-04"), ("unit", &unit)],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let sent = store
        .reminders(PlanId(1), Some(ReminderStep::Office))
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].unit_id, sent[0].recipients), (ids.lead.0, 1));
    let runner = Runner::new(
        store.clone(),
        app.clock.clone(),
        Outbox {
            mail: Some(MailConfig {
                url: smtp.url(),
                from: "民生实事办 <noreply@example.gov.cn>".into(),
            }),
            base_url: "https://ms.example.gov.cn".into(),
            ..Outbox::default()
        },
    );
    runner.pass().await.unwrap();
    let mails = smtp.to(
        "liaison@example.gov.cn",
        &["办公室催报", "发展软环境保障局"],
    );
    assert_eq!(
        mails.len(),
        1,
        "{:?}",
        smtp.to("liaison@example.gov.cn", &[])
    );
    assert!(
        mails[0].body.contains("民生实事办公室提醒"),
        "{}",
        mails[0].body
    );
    // Pressed again: nothing more.
    form(
        &app,
        "/plans/1/remind",
        &[("period", "2024-03-04"), ("unit", &unit)],
    )
    .await;
    runner.pass().await.unwrap();
    assert_eq!(smtp.to("liaison@example.gov.cn", &["办公室催报"]).len(), 1);
    // Every unit listed: the others have no contact, and the list says nobody was reached.
    let (st, _) = form(&app, "/plans/1/remind", &[("period", "2024-03-04")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let sent = store
        .reminders(PlanId(1), Some(ReminderStep::Office))
        .await
        .unwrap();
    assert!(sent.len() > 1, "{sent:?}");
    assert_eq!(sent.iter().filter(|r| r.unit_id == ids.lead.0).count(), 1);
    let (_, _, page) = call(&app, "GET", "/plans/1/dashboard?reminded=3", None).await;
    assert!(page.contains("id=\"reminded\""), "{page}");
    assert!(
        page.contains(&format!("id=\"reminded-{}\"", ids.lead.0)),
        "{page}"
    );
    assert!(
        !page.contains(&button) && !page.contains("id=\"remind-all\""),
        "{page}"
    );
    assert_eq!(
        page.matches("class=\"notice warn nobody\"").count(),
        sent.len() - 1,
        "{page}"
    );
    // Audited as the office's act.
    let log = store
        .audit_entries(&minsheng_store::AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "reminder.send" && e.actor == office)
    );
}

async fn a_printable_order(app: App) {
    let ids = ids(&app).await;
    publish(&app, None).await;
    let item = ids.enrol.0.to_string();
    // An office account with a name of its own: the sheet names its signer by it.
    let signer = "李督办";
    app.store
        .create_user(
            &minsheng_store::accounts::NewUser {
                username: "li.office".into(),
                display_name: signer.into(),
                role: minsheng_domain::access::UserRole::Coordinator,
                password: PASSWORD.into(),
                must_change_password: false,
                units: Vec::new(),
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            app.clock.now().at,
        )
        .await
        .unwrap();
    app.act_as(Some("li.office"));
    let (st, body) = form(
        &app,
        &format!("/items/{item}/orders"),
        &[
            ("requirement", "请于月底前完成招生方案并报送"),
            ("deadline", "2024-03-29"),
            ("unit", &ids.lead.0.to_string()),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let o = app
        .store
        .orders(&minsheng_store::OrderFilter {
            plan: Some(PlanId(1)),
            ..Default::default()
        })
        .await
        .unwrap()
        .remove(0);
    let (_, _, page) = call(&app, "GET", &format!("/orders/{}", o.id), None).await;
    assert!(
        page.contains("id=\"order-print\"") && page.contains("id=\"order-docx\""),
        "{page}"
    );
    let (st, _, print) = call(&app, "GET", &format!("/orders/{}/print", o.id), None).await;
    assert_eq!(st, StatusCode::OK);
    for want in [
        "督办〔2024〕1号",
        &format!("签发人：<span id=\"sheet-signer\">{signer}</span>"),
        "2024年3月29日前",
        "发展软环境保障局",
        "济宁高新区民生实事工作领导小组办公室",
        "请于月底前完成招生方案并报送",
    ] {
        assert!(print.contains(want), "{want} not in {print}");
    }
    let (st, bytes) = get_bytes(&app, &format!("/orders/{}/docx", o.id)).await;
    assert_eq!(st, StatusCode::OK);
    let text = docx_text(&bytes);
    for want in [
        "济宁高新区民生实事工作领导小组办公室",
        "督办〔2024〕1号",
        &format!("签发人：{signer}"),
        "民生实事督办单",
        "发展软环境保障局：",
        "2024年3月29日前",
        "请于月底前完成招生方案并报送",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    // A unit outside the order may not print it.
    let other = other_unit(&app, &ids).await;
    let stranger = app.unit_user(other).await;
    app.act_as(Some(&stranger));
    let (st, _) = get_bytes(&app, &format!("/orders/{}/docx", o.id)).await;
    assert!(
        st == StatusCode::FORBIDDEN || st == StatusCode::NOT_FOUND,
        "{st}"
    );
}

async fn the_ledger_downloads_from_the_dashboard(app: App) {
    use calamine::{Data, Reader, Xlsx};
    let ids = ids(&app).await;
    publish(&app, None).await;
    let (_, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert!(page.contains("href=\"/plans/1/ledger.xlsx\""), "{page}");
    let (st, bytes) = get_bytes(&app, "/plans/1/ledger.xlsx").await;
    assert_eq!(st, StatusCode::OK);
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names()[0], "汇总");
    let sum = wb.worksheet_range("汇总").unwrap();
    let Some(Data::String(head)) = sum.get_value((0, 0)) else {
        panic!("no heading")
    };
    assert!(
        head.contains("济宁高新区") && head.ends_with("台账（截至2024-03-06）"),
        "{head}"
    );
    // Every item of the list is on a category sheet.
    let mut cells = String::new();
    for n in wb.sheet_names() {
        if !["汇总", "滞后项目", "部门排名", "督办"].contains(&n.as_str()) {
            for c in wb.worksheet_range(&n).unwrap().cells() {
                cells.push_str(&c.2.to_string());
                cells.push('|');
            }
        }
    }
    let detail = app.store.plan_detail(PlanId(1), None).await.unwrap();
    for i in &detail.items {
        let t = i.item.display_title();
        assert!(cells.contains(&t), "{t} not in the workbook");
    }
    // A unit may not: it reads its own items, not the plan's ledger.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let (st, _) = get_bytes(&app, "/plans/1/ledger.xlsx").await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

async fn the_reminder_record_is_paged(app: App) {
    let store = app.store.clone();
    publish(&app, Some("2024-03-04")).await;
    app.clock.set(d("2024-04-15"));
    let ledger = store.plan_ledger(PlanId(1), d("2024-04-15")).await.unwrap();
    let mut units: Vec<_> = ledger
        .items
        .iter()
        .flat_map(|i| i.reporters.clone())
        .collect();
    units.sort();
    units.dedup();
    for week in [
        "2024-03-04",
        "2024-03-11",
        "2024-03-18",
        "2024-03-25",
        "2024-04-01",
    ] {
        for u in &units {
            store
                .remind_now(PlanId(1), *u, d(week), app.clock.now())
                .await
                .unwrap();
        }
    }
    let total = store.reminders(PlanId(1), None).await.unwrap().len();
    assert!(total > 40, "{total}");
    let rows = |page: &str| {
        page.split("class=\"grid reminders")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap()
            .matches("<tr><td")
            .count()
    };
    let (_, _, first) = call(&app, "GET", "/supervision", None).await;
    assert_eq!(rows(&first), 20);
    assert!(
        first.contains(&format!("共 {total} 条"))
            && first.contains("class=\"older\"")
            && !first.contains("class=\"newer\""),
        "{first}"
    );
    // The newest first: the last week's reminders lead.
    assert!(
        first
            .split("class=\"grid reminders")
            .nth(1)
            .unwrap()
            .contains("2024-04-01")
    );
    let last = (total - 1) / 20;
    let (_, _, oldest) = call(
        &app,
        "GET",
        &format!("/supervision?plan=1&page={last}"),
        None,
    )
    .await;
    assert_eq!(rows(&oldest), total - 20 * last);
    assert!(
        oldest.contains("class=\"newer\"") && !oldest.contains("class=\"older\""),
        "{oldest}"
    );
    assert!(oldest.contains("2024-03-04"));
}

on_both!(
    the_reminder_record_is_paged,
    remind_from_the_dashboard,
    a_printable_order,
    the_ledger_downloads_from_the_dashboard
);

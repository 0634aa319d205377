//! A quarterly bulletin for seed list 003 (重庆高新区, 20 items, 8 lead units) after a quarter
//! of simulated weekly reports, checked against numbers worked out by hand below; then issued
//! (numbered, frozen), downloaded as DOCX and XLSX and read back with docx-rs and calamine.
//!
//! The simulation (work starts 2024-07-01; weekly, due Fridays; Q3 = 13 periods, the last
//! due 09-27; figures as of 09-30, when the linear plan expects 91/183 = 49.7%):
//!
//! | unit | items | reports | values |
//! |---|---|---|---|
//! | 建设局 | 1, 20 | all 13 weeks, on the due day | item 1: 1 of 1 个, 22700 of 22700 m² (100%); item 20 (no targets): 60% |
//! | 城市建设事务中心 | 2, 3, 4, 5, 14, 17 | items 2 and 3 every week, a day late; 4, 5, 14, 17 never | item 2: 2/5, 80000/160000, 1/2, 3/6 (47.5%); item 3: 0/3, 0/2 (0%) |
//! | 生态环境局 | 6, 19 | item 6 all weeks on time; 19 never | item 6: 4 of 16 处 (25%) |
//! | 公共服务局, 政务服务和社会事务中心, 统战部, 市场监督管理局, 公安分局 | the other 10 | never | — |
//!
//! Orders: item 3 (deadline 08-30, answered 08-28, closed) and item 4 (deadline 09-10, never
//! answered: open and overdue).
//!
//! By hand:
//! - lights: green 1, 2, 20 (gap ≤ 10); yellow 6 (gap 24.7); red 3 and the 15 unreported
//!   (gap 49.7 > 30) → 3 / 1 / 16; statuses: 5 in progress, 15 not started.
//! - targets with pseudo-targets for the 4 items without any: 46 + 4 = 50; capped ratios sum
//!   to 2.6 (建设局) + 1.9 (城建中心: .4+.5+.5+.5) + .25 (生态) = 4.75 → completion 9.5%;
//!   attained: item 1's two → 2/50 = 4.0%.
//! - ranking (weights 30/40/20/10; orders only where there are any):
//!   建设局: timeliness 26/26, attainment 2.6/3, no overdue → (30 + 34.667 + 20) / 90 = 94.1;
//!   生态环境局: 13/26, .25/11, → (15 + .909 + 20) / 90 = 39.9;
//!   城市建设事务中心: 0/78, 1.9/10, orders 1/2 → (0 + 7.6 + 20 + 5) / 100 = 32.6;
//!   the five others: (0 + 0 + 20) / 90 = 22.2, sharing rank 4.
//! - not reported: 城市建设事务中心 52 (4 items × 13), 公共服务局 39, the others 26 or 13.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use common::*;
use minsheng_domain::ledger::{ReportContent, TargetValue};
use minsheng_domain::supervision::OrderAction;
use minsheng_domain::{ItemId, PlanId, PlanState, UnitId};
use minsheng_store::{NewOrder, Now, ReportWrite, Store};

const SEED3: &str = "003_2db18a6bad31dc1d.txt";

fn at(day: NaiveDate) -> Now {
    Now {
        today: day,
        at: day.and_hms_opt(2, 0, 0).unwrap().and_utc(),
    }
}

struct Plan {
    items: Vec<(String, ItemId, Vec<minsheng_domain::TargetId>, UnitId)>,
}

impl Plan {
    fn item(&self, seq: &str) -> &(String, ItemId, Vec<minsheng_domain::TargetId>, UnitId) {
        self.items.iter().find(|i| i.0 == seq).unwrap()
    }
}

async fn file_quarter(
    store: &Store,
    plan: &Plan,
    seq: &str,
    values: &[f64],
    percent: Option<f64>,
    late: bool,
) {
    let (_, item, targets, unit) = plan.item(seq);
    let mut week = d("2024-07-01");
    while week <= d("2024-09-23") {
        let due = week + Duration::days(4);
        let day = if late { due + Duration::days(1) } else { due };
        let w = ReportWrite {
            content: ReportContent {
                values: targets
                    .iter()
                    .zip(values)
                    .map(|(t, v)| TargetValue {
                        target_id: *t,
                        value: *v,
                    })
                    .collect(),
                percent,
                progress: "按计划推进".into(),
                problems: if seq == "3" {
                    "用地手续未办结".into()
                } else {
                    String::new()
                },
                ..ReportContent::default()
            },
            revision: None,
            submit: true,
            correction_reason: None,
            ..ReportWrite::default()
        };
        store
            .save_report(*item, *unit, week, &w, at(day))
            .await
            .unwrap();
        week += Duration::days(7);
    }
}

async fn quarterly(app: App) {
    let store = app.store.clone();
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let mut settings = store.plan_settings(PlanId(1)).await.unwrap();
    settings.start_on = Some(d("2024-07-01"));
    store.set_plan_settings(PlanId(1), &settings).await.unwrap();
    let detail = store.plan_detail(PlanId(1), None).await.unwrap();
    assert_eq!(detail.items.len(), 20);
    let plan = Plan {
        items: detail
            .items
            .iter()
            .map(|i| {
                (
                    i.item.seq.clone(),
                    i.item.id,
                    i.targets.iter().map(|t| t.id).collect(),
                    i.lead_units[0].id,
                )
            })
            .collect(),
    };
    file_quarter(&store, &plan, "1", &[1.0, 22700.0], None, false).await;
    file_quarter(&store, &plan, "20", &[], Some(60.0), false).await;
    file_quarter(&store, &plan, "2", &[2.0, 80000.0, 1.0, 3.0], None, true).await;
    file_quarter(&store, &plan, "3", &[0.0, 0.0], None, true).await;
    file_quarter(&store, &plan, "6", &[4.0], None, false).await;
    let order = |seq: &str, deadline: &str| NewOrder {
        item: plan.item(seq).1,
        unit: None,
        requirement: "加快推进".into(),
        deadline: d(deadline),
        origin: "manual".into(),
    };
    let o3 = store
        .issue_order(&order("3", "2024-08-30"), at(d("2024-08-20")))
        .await
        .unwrap();
    store
        .act_on_order(
            o3,
            OrderAction::Answer,
            "已协调用地",
            None,
            at(d("2024-08-28")),
        )
        .await
        .unwrap();
    store
        .act_on_order(o3, OrderAction::Close, "", None, at(d("2024-09-02")))
        .await
        .unwrap();
    store
        .issue_order(&order("4", "2024-09-10"), at(d("2024-09-01")))
        .await
        .unwrap();

    // The coordinator drafts the Q3 bulletin on 10-08.
    app.clock.set(d("2024-10-08"));
    let (st, _) = form(
        &app,
        "/plans/1/bulletins",
        &[("kind", "quarterly"), ("date", "2024-09-15")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let b = store.bulletins(PlanId(1)).await.unwrap()[0].clone();
    let data = store.bulletin_content(&b, app.clock.today()).await.unwrap();
    assert_eq!(
        (data.range.0, data.range.1, data.as_of),
        (d("2024-07-01"), d("2024-09-30"), d("2024-09-30"))
    );
    assert_eq!(data.range_label, "2024年第三季度");
    assert_eq!(
        (data.items, data.targets, data.quantified_targets),
        (20, 50, 46)
    );
    let count =
        |v: &[minsheng_store::Share], c: &str| v.iter().find(|s| s.code == c).unwrap().count;
    assert_eq!(
        [
            count(&data.by_light, "green"),
            count(&data.by_light, "yellow"),
            count(&data.by_light, "red")
        ],
        [3, 1, 16]
    );
    assert_eq!(
        [
            count(&data.by_status, "in_progress"),
            count(&data.by_status, "not_started")
        ],
        [5, 15]
    );
    let share = data
        .by_light
        .iter()
        .find(|s| s.code == "red")
        .unwrap()
        .share;
    assert!((share - 0.8).abs() < 1e-9);
    assert!(
        (data.completion_rate.unwrap() - 0.095).abs() < 1e-9,
        "{:?}",
        data.completion_rate
    );
    assert!((data.attainment_rate.unwrap() - 0.04).abs() < 1e-9);
    // Lagging: 17 items, the 16 red first (list order), then item 6 yellow; item 3's reason.
    let lag: Vec<&str> = data.lagging.iter().map(|l| l.seq.as_str()).collect();
    assert_eq!(lag.len(), 17);
    assert_eq!(lag.last(), Some(&"6"));
    assert!(!lag.contains(&"1") && !lag.contains(&"2") && !lag.contains(&"20"));
    assert_eq!(
        data.lagging
            .iter()
            .find(|l| l.seq == "3")
            .unwrap()
            .explanation,
        "用地手续未办结"
    );
    // Not reported.
    let missing = |u: &str| {
        data.not_reported
            .iter()
            .find(|m| m.unit == u)
            .map(|m| m.missing)
    };
    assert_eq!(missing("城市建设事务中心"), Some(52));
    assert_eq!(missing("公共服务局"), Some(39));
    assert_eq!(missing("生态环境局"), Some(13));
    assert_eq!(missing("建设局"), None);
    // Open orders: only item 4's, overdue.
    assert_eq!(data.open_orders.len(), 1);
    assert!(data.open_orders[0].overdue && data.open_orders[0].seq == "4");
    // Ranking.
    let r: Vec<(usize, &str, f64)> = data
        .ranking
        .iter()
        .map(|r| (r.rank, r.facts.unit.as_str(), r.score))
        .collect();
    assert_eq!(r[0], (1, "建设局", 94.1));
    assert_eq!(r[1], (2, "生态环境局", 39.9));
    assert_eq!(r[2], (3, "城市建设事务中心", 32.6));
    assert_eq!(r.len(), 8);
    assert!(r[3..].iter().all(|x| x.0 == 4 && x.2 == 22.2), "{r:?}");
    let city = &data.ranking[2];
    assert_eq!(
        (
            city.facts.reports_due,
            city.facts.reports_on_time,
            city.facts.orders_due,
            city.facts.orders_on_time
        ),
        (78, 0, 2, 1)
    );

    // The page shows the same.
    let (st, html) = get_bytes(&app, &format!("/bulletins/{}", b.id)).await;
    let html = String::from_utf8(html).unwrap();
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("本期通报重庆高新区民生实事项目 20 项、量化指标 46 个"),
        "scope line"
    );
    // Each chart laid out for a desktop and for a phone.
    assert_eq!(html.matches("<svg class=\"chart bars wide\"").count(), 3);
    assert_eq!(html.matches("<svg class=\"chart bars narrow\"").count(), 3);
    assert!(html.contains("94.1") && html.contains("（草稿，签发时编号）"));

    // Issue: numbered, frozen with a hash, periods locked.
    let (st, _) = form(&app, &format!("/bulletins/{}/issue", b.id), &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let issued = store.bulletin(b.id).await.unwrap();
    assert_eq!(issued.number_label(), "〔2024〕第1期");
    let hash = issued.content_hash.clone().unwrap();
    assert!(
        store
            .period_locked(PlanId(1), d("2024-07-01"))
            .await
            .unwrap()
    );
    // A late report afterwards is an amendment with a reason and does not change the bulletin.
    let (_, item19, targets19, unit19) = plan.item("19").clone();
    let late = ReportWrite {
        content: ReportContent {
            values: vec![TargetValue {
                target_id: targets19[0],
                value: 93000.0,
            }],
            ..ReportContent::default()
        },
        revision: None,
        submit: true,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let refused = store
        .save_report(item19, unit19, d("2024-09-23"), &late, at(d("2024-10-09")))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("锁定"), "{refused}");
    let with_reason = ReportWrite {
        correction_reason: Some("补报：数据迟交".into()),
        ..late
    };
    let r = store
        .save_report(
            item19,
            unit19,
            d("2024-09-23"),
            &with_reason,
            at(d("2024-10-09")),
        )
        .await
        .unwrap();
    assert!(r.amendment);
    assert_eq!(store.amendments(PlanId(1)).await.unwrap().len(), 1);
    let again = store
        .bulletin_content(&store.bulletin(b.id).await.unwrap(), d("2024-10-09"))
        .await
        .unwrap();
    assert_eq!(
        again,
        store
            .bulletin_content(&issued, d("2024-10-08"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.bulletin(b.id).await.unwrap().content_hash.unwrap(),
        hash
    );
    assert_eq!(
        missing("生态环境局"),
        again
            .not_reported
            .iter()
            .find(|m| m.unit == "生态环境局")
            .map(|m| m.missing)
    );

    // DOCX: opens with docx-rs and says the same.
    let (st, docx) = get_bytes(&app, &format!("/bulletins/{}/docx", b.id)).await;
    assert_eq!(st, StatusCode::OK);
    let text = docx_text(&docx);
    for needle in [
        "〔2024〕第1期",
        "本期通报重庆高新区民生实事项目 20 项、量化指标 46 个",
        "红灯 16 项（占 80.0%）",
        "指标完成率 9.5%",
        "城市建设事务中心：未报送 52 次",
        "建设局94.1",
        "— ",
    ] {
        assert!(text.contains(needle), "DOCX lacks {needle}: {text}");
    }
    // XLSX: opens with calamine, same counts and ranking.
    let (st, xlsx) = get_bytes(&app, &format!("/bulletins/{}/xlsx", b.id)).await;
    assert_eq!(st, StatusCode::OK);
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(
        names,
        vec!["汇总", "未分类", "滞后项目", "部门排名", "督办"]
    );
    let sum = wb.worksheet_range("汇总").unwrap();
    let row_of = |label: &str| {
        sum.rows()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap()
            .to_vec()
    };
    assert_eq!(row_of("红灯")[1], Data::Float(16.0));
    assert_eq!(row_of("未启动")[1], Data::Float(15.0));
    assert_eq!(row_of("项目总数")[1], Data::Float(20.0));
    let ledger = wb.worksheet_range("未分类").unwrap();
    assert_eq!(
        ledger.height(),
        1 + 50,
        "one row per target, one per item without targets"
    );
    let rank = wb.worksheet_range("部门排名").unwrap();
    let first = rank.rows().nth(1).unwrap();
    assert_eq!(
        (first[1].clone(), first[2].clone()),
        (Data::String("建设局".into()), Data::Float(94.1))
    );
    assert_eq!(wb.worksheet_range("滞后项目").unwrap().height(), 1 + 17);

    a_leader_reads_the_dashboard_and_the_bulletin(&app, &b).await;
}

/// A leader in charge of one item of the plan opens its dashboard (the item marked as theirs,
/// no office controls) and the issued bulletin from it; a leader of none is refused.
async fn a_leader_reads_the_dashboard_and_the_bulletin(app: &App, b: &minsheng_store::Bulletin) {
    use minsheng_domain::access::UserRole;
    let store = &app.store;
    let region = store.regions().await.unwrap()[0].id;
    let item = store.plan_detail(PlanId(1), None).await.unwrap().items[3]
        .item
        .clone();
    let li = store
        .save_leader(None, region, "李分管", Some("副区长"))
        .await
        .unwrap();
    store.assign_leader(item.id, li).await.unwrap();
    let leader = app.user("li", UserRole::Leader, &[], Some(li), &[]).await;
    let idle = store
        .save_leader(None, region, "赵副区长", None)
        .await
        .unwrap();
    let none = app
        .user("zhao", UserRole::Leader, &[], Some(idle), &[])
        .await;

    app.act_as(Some(&leader));
    let (st, _, page) = call(app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"mine-note\""), "{page}");
    assert_eq!(
        page.matches("<tr data-item=").count(),
        20,
        "every item listed"
    );
    assert_eq!(
        page.matches("class=\"mine\"").count(),
        1,
        "one marked as theirs"
    );
    assert!(
        page.contains(&format!("href=\"/bulletins/{}/docx\"", b.id)),
        "issued bulletin linked"
    );
    assert!(
        !page.contains("保存设置") && !page.contains("/lock\""),
        "no office controls"
    );
    let (_, _, only) = call(app, "GET", "/plans/1/dashboard?mine=1", None).await;
    assert_eq!(only.matches("<tr data-item=").count(), 1, "only theirs");
    assert!(only.contains(&format!("data-item=\"{}\"", item.id.0)));
    let (st, docx) = get_bytes(app, &format!("/bulletins/{}/docx", b.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        docx_text(&docx).contains("重庆高新区"),
        "the bulletin names its plan"
    );
    let (_, _, dispatch) = call(app, "GET", "/dispatch", None).await;
    assert!(
        dispatch.contains("href=\"/plans/1/dashboard?mine=1\""),
        "{dispatch}"
    );

    app.act_as(Some(&none));
    let (st, _, page) = call(app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{page}");
    assert!(page.contains("没有您分管的项目"), "{page}");
    app.act_as(None);
}

#[tokio::test]
async fn quarterly_bulletin_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    let Some(app) = app_with(store, dir, SEED3, "重庆高新区").await else {
        return;
    };
    quarterly(app).await;
}

#[tokio::test]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn quarterly_bulletin_on_postgres() {
    let Some(app) = pg_app_with("bulletin", SEED3, "重庆高新区").await else {
        return;
    };
    quarterly(app).await;
}

//! The reminder ladder end to end, with a real SMTP server and a real HTTP receiver on
//! loopback: a unit that does not report gets the early reminder, the due-day reminder, the
//! overdue reminder, then its head, its leader in charge and the bulletin are told — each step
//! exactly once, including when the server stops in the middle and starts again.

mod common;
#[path = "support/sinks.rs"]
mod sinks;

use common::on_both;
use common::*;
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::{PlanId, PlanState, UnitId};
use minsheng_store::{ContactLevel, NewContact, ReportWrite, Store, WebhookKind};
use minsheng_web::jobs::{MailConfig, Outbox, Runner};
use sinks::{HttpReceiver, SmtpSink};

const WEEK: &str = "2024年第10周";
const UNIT: &str = "发展软环境保障局";

struct Rig {
    smtp: SmtpSink,
    http: HttpReceiver,
}

impl Rig {
    fn runner(&self, store: &Store, app: &App) -> Runner {
        Runner::new(
            store.clone(),
            app.clock.clone(),
            Outbox {
                mail: Some(MailConfig {
                    url: self.smtp.url(),
                    from: "民生实事专班 <noreply@example.gov.cn>".into(),
                }),
                base_url: "https://ms.example.gov.cn".into(),
                ..Outbox::default()
            },
        )
    }

    fn counts(&self) -> [usize; 6] {
        [
            self.smtp.to("liaison@example.gov.cn", &[WEEK, UNIT]).len(),
            self.smtp.to("head@example.gov.cn", &[WEEK, UNIT]).len(),
            self.smtp.to("leader@example.gov.cn", &[WEEK, UNIT]).len(),
            self.http.at("/generic", &[WEEK, UNIT]).len(),
            self.http.at("/wecom", &[WEEK, UNIT]).len(),
            self.http.at("/dingtalk", &[WEEK, UNIT]).len(),
        ]
    }
}

/// Runs the ladder on `app`; `reopen` gives a store as a restarted server would open it.
async fn ladder(app: App, reopen: impl AsyncFn(&App) -> Store) {
    let rig = Rig {
        smtp: SmtpSink::start().await,
        http: HttpReceiver::start().await,
    };
    let ids = ids(&app).await;
    let store = app.store.clone();
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let mut settings = store.plan_settings(PlanId(1)).await.unwrap();
    settings.start_on = Some(d("2024-03-04"));
    store.set_plan_settings(PlanId(1), &settings).await.unwrap();
    let now = app.clock.now().at;
    let contact =
        |level, unit: Option<UnitId>, leader, email: &str, hook: (WebhookKind, &str)| NewContact {
            unit,
            leader,
            level: Some(level),
            name: "联系人".into(),
            email: Some(email.into()),
            phone: Some("13800000000".into()),
            webhook: Some((hook.0, rig.http.url(hook.1))),
            work: Default::default(),
        };
    store
        .add_contact(
            &contact(
                ContactLevel::Liaison,
                Some(ids.lead),
                None,
                "liaison@example.gov.cn",
                (WebhookKind::Generic, "/generic"),
            ),
            now,
        )
        .await
        .unwrap();
    store
        .add_contact(
            &contact(
                ContactLevel::Head,
                Some(ids.lead),
                None,
                "head@example.gov.cn",
                (WebhookKind::Wecom, "/wecom"),
            ),
            now,
        )
        .await
        .unwrap();
    // A leader in charge of the unit's first item, with a DingTalk robot.
    let ledger = store.plan_ledger(PlanId(1), d("2024-03-06")).await.unwrap();
    let mine: Vec<_> = ledger
        .items
        .iter()
        .filter(|i| i.reporters.contains(&ids.lead))
        .collect();
    assert!(mine.len() >= 2, "the unit leads several items");
    let region = ledger.plan.region_id;
    let leader = store
        .save_leader(None, region, "王分管", Some("副主任"))
        .await
        .unwrap();
    store
        .assign_leader(mine[1].detail.item.id, leader)
        .await
        .unwrap();
    store
        .add_contact(
            &contact(
                ContactLevel::Leader,
                None,
                Some(leader),
                "leader@example.gov.cn",
                (WebhookKind::Dingtalk, "/dingtalk"),
            ),
            now,
        )
        .await
        .unwrap();
    // The unit files one item on time; the others stay missing.
    let filed = mine[0].detail.item.id;
    let filed_seq = format!("第{}项", mine[0].detail.item.seq);
    let missing_seq = format!("第{}项", mine[1].detail.item.seq);
    store
        .save_report(
            filed,
            ids.lead,
            d("2024-03-04"),
            &ReportWrite {
                content: ReportContent {
                    percent: Some(10.0),
                    progress: "已启动".into(),
                    ..ReportContent::default()
                },
                revision: None,
                submit: true,
                correction_reason: None,
                ..ReportWrite::default()
            },
            app.clock.now(),
        )
        .await
        .unwrap();

    let runner = rig.runner(&store, &app);
    // Wednesday: nothing due yet.
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [0, 0, 0, 0, 0, 0]);
    // Thursday: due tomorrow → the liaison, by e-mail and robot.
    app.clock.set(d("2024-03-07"));
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [1, 0, 0, 1, 0, 0]);
    let m = &rig.smtp.to("liaison@example.gov.cn", &[WEEK, UNIT])[0];
    assert!(
        m.subject.contains("即将到期提醒") && m.subject.contains("发展软环境保障局"),
        "{}",
        m.subject
    );
    assert!(
        m.body.contains(&missing_seq) && !m.body.contains(&filed_seq),
        "{}",
        m.body
    );
    assert!(
        m.body.contains("2024-03-08")
            && m.body.contains("https://ms.example.gov.cn/workbench?unit="),
        "{}",
        m.body
    );
    let hook = &rig.http.at("/generic", &[WEEK, UNIT])[0];
    assert_eq!(hook["kind"], "remind.before");
    assert!(hook["text"].as_str().unwrap().contains(&missing_seq));
    // The same day again: nothing more.
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [1, 0, 0, 1, 0, 0]);
    // Friday, the due day.
    app.clock.set(d("2024-03-08"));
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [2, 0, 0, 2, 0, 0]);
    assert_eq!(
        rig.smtp
            .to("liaison@example.gov.cn", &[WEEK, UNIT, "今日截止"])
            .len(),
        1
    );

    // Saturday: the overdue reminder is enqueued, a runner takes it and the server dies before
    // running it.
    app.clock.set(d("2024-03-09"));
    // (One job per unit that has not reported; the other units have no contacts.)
    let plans = store.published_plans().await.unwrap();
    assert!(
        store
            .schedule_reminders(&plans, app.clock.now())
            .await
            .unwrap()
            >= 1
    );
    let mut taken = 0;
    while let Some(job) = store.claim_job(app.clock.now().at).await.unwrap() {
        assert_eq!(job.kind, "remind");
        taken += 1;
    }
    assert!(taken >= 1);
    drop(runner);
    // Restart: the job is still leased to the dead runner, so nothing is sent twice…
    let store = reopen(&app).await;
    let runner = rig.runner(&store, &app);
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [2, 0, 0, 2, 0, 0]);
    // …and once the lease runs out it is run, once.
    app.clock.advance(chrono::Duration::minutes(6));
    runner.pass().await.unwrap();
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [3, 0, 0, 3, 0, 0]);
    assert!(
        rig.smtp
            .to("liaison@example.gov.cn", &[WEEK, UNIT, "逾期催报"])[0]
            .body
            .contains("立即补报")
    );

    // Sunday: escalation to the unit head (e-mail and 企业微信 robot), with two servers
    // running their passes at the same moment: each step still goes out once.
    app.clock.set(d("2024-03-10"));
    let second = rig.runner(&reopen(&app).await, &app);
    let (a, b) = tokio::join!(runner.pass(), second.pass());
    a.unwrap();
    b.unwrap();
    assert_eq!(rig.counts(), [3, 1, 0, 3, 1, 0]);
    let wecom = &rig.http.at("/wecom", &[WEEK, UNIT])[0];
    assert_eq!(wecom["msgtype"], "text");
    assert!(
        wecom["text"]["content"]
            .as_str()
            .unwrap()
            .contains("单位负责人")
    );
    assert_eq!(wecom["text"]["mentioned_mobile_list"][0], "13800000000");

    // Downtime over Monday; on Tuesday the leader step is caught up, once.
    app.clock.set(d("2024-03-12"));
    let store = reopen(&app).await;
    let runner = rig.runner(&store, &app);
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [3, 1, 1, 3, 1, 1]);
    let ding = &rig.http.at("/dingtalk", &[WEEK, UNIT])[0];
    assert_eq!(ding["msgtype"], "text");
    assert_eq!(ding["at"]["atMobiles"][0], "13800000000");
    let lm = &rig.smtp.to("leader@example.gov.cn", &[WEEK, UNIT])[0];
    assert!(
        lm.subject.contains("分管领导") && lm.body.contains(&missing_seq),
        "{}",
        lm.body
    );

    // Thursday: named for the bulletin; the head is told, and the bulletin lists the unit.
    app.clock.set(d("2024-03-14"));
    runner.pass().await.unwrap();
    assert_eq!(rig.counts(), [3, 2, 1, 3, 2, 1]);
    assert!(
        rig.smtp
            .to("head@example.gov.cn", &[WEEK, UNIT, "列入通报"])[0]
            .body
            .contains("下期通报")
    );
    let data = store
        .bulletin_data(
            PlanId(1),
            minsheng_domain::supervision::BulletinKind::Quarterly,
            (d("2024-01-01"), d("2024-03-31")),
            d("2024-03-14"),
        )
        .await
        .unwrap();
    let named = data
        .not_reported
        .iter()
        .find(|m| m.unit == "发展软环境保障局")
        .unwrap();
    assert!(named.escalated);
    // The period is closed and frozen on the same day.
    assert!(
        store
            .period_locked(PlanId(1), d("2024-03-04"))
            .await
            .unwrap()
    );

    // Nothing is ever sent twice: another pass, another restart.
    let store = reopen(&app).await;
    rig.runner(&store, &app).pass().await.unwrap();
    assert_eq!(rig.counts(), [3, 2, 1, 3, 2, 1]);
    // Even with every done job pruned, a step already taken is not taken again.
    let pruned = store
        .prune_jobs(app.clock.now().at + chrono::Duration::days(1))
        .await
        .unwrap();
    assert!(pruned > 10, "{pruned}");
    rig.runner(&store, &app).pass().await.unwrap();
    assert_eq!(rig.counts(), [3, 2, 1, 3, 2, 1]);
    // In-app notifications for the unit: one per step addressed to it.
    let notes = store
        .notifications_for(&[ids.lead], None, 100)
        .await
        .unwrap();
    let week: Vec<_> = notes.iter().filter(|n| n.title.contains(WEEK)).collect();
    assert_eq!(week.len(), 5, "before, due, overdue, head, bulletin");
    // Every delivery was recorded as sent.
    let failed = store.jobs(Some("failed"), 10).await.unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    // The office reads the ladder's record with the items named as people write them.
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    let (_, _, page) = call(&app, "GET", "/supervision", None).await;
    let log = page
        .split("class=\"grid reminders phone-cards\"")
        .nth(1)
        .expect("the record");
    let log = log.split("</table>").next().unwrap();
    assert!(log.contains("第") && log.contains("项"), "{log}");
    assert!(!log.contains('['), "no raw JSON list: {log}");
}

#[tokio::test]
async fn ladder_on_sqlite_with_restarts() {
    let app = app().await.expect("the SQLite test app");
    ladder(app, async |app: &App| {
        Store::open(app._dir.path(), None).await.unwrap()
    })
    .await;
}

#[tokio::test]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn ladder_on_postgres() {
    let Some(app) = pg_app("ladder").await else {
        return;
    };
    // A restarted server on PostgreSQL holds nothing but its pool: a new runner over the same
    // database is what it would have.
    ladder(app, async |app: &App| app.store.clone()).await;
}

async fn a_robot_that_refuses_is_retried_then_marked_failed(app: App) {
    let http = HttpReceiver::start().await;
    let store = app.store.clone();
    let ids = ids(&app).await;
    store
        .add_contact(
            &NewContact {
                unit: Some(ids.lead),
                level: Some(ContactLevel::Liaison),
                name: "联络员".into(),
                webhook: Some((
                    WebhookKind::Feishu,
                    format!("http://127.0.0.1:{}/nowhere", portpicker()),
                )),
                ..NewContact::default()
            },
            app.clock.now().at,
        )
        .await
        .unwrap();
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let runner = Runner::new(store.clone(), app.clock.clone(), Outbox::default());
    runner.pass().await.unwrap();
    let queued = store.jobs(Some("queued"), 100).await.unwrap();
    let hook = queued
        .iter()
        .find(|j| j.kind == "deliver")
        .expect("a delivery waits for retry");
    assert_eq!(hook.attempts, 1);
    assert!(
        hook.last_error.as_deref().unwrap().contains("无法访问"),
        "{:?}",
        hook.last_error
    );
    for _ in 0..5 {
        app.clock.advance(chrono::Duration::minutes(70));
        runner.pass().await.unwrap();
    }
    let failed = store.jobs(Some("failed"), 100).await.unwrap();
    assert!(failed.iter().any(|j| j.id == hook.id && j.attempts == 5));
    drop(http);
}

/// A loopback port with nothing listening on it.
fn portpicker() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn the_office_sets_the_ladder_and_the_weights_and_bad_values_change_nothing() {
    use axum::http::StatusCode;
    let Some(app) = app().await else { return };
    let base = [
        ("cadence", "weekly"),
        ("due_day", "5"),
        ("grace_days", "1"),
        ("yellow_gap", "10"),
        ("red_gap", "30"),
        ("blue_days", "15"),
        ("causes", "资金、其他"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        base.iter().chain(extra).copied().collect()
    };
    let ok = with(&[
        ("r_before", "2"),
        ("r_head", "2"),
        ("r_leader", "4"),
        ("r_bulletin", "6"),
    ]);
    let (st, _) = form(&app, "/plans/1/settings", &ok).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let r = app.store.plan_settings(PlanId(1)).await.unwrap().reminders;
    assert_eq!(
        (
            r.before_days,
            r.head_after_days,
            r.leader_after_days,
            r.bulletin_after_days
        ),
        (2, 2, 4, 6)
    );
    let bad = with(&[
        ("r_before", "2"),
        ("r_head", "5"),
        ("r_leader", "2"),
        ("r_bulletin", "6"),
    ]);
    let (st, body) = form(&app, "/plans/1/settings", &bad).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(body.contains("提级顺序"), "{body}");
    assert_eq!(
        app.store
            .plan_settings(PlanId(1))
            .await
            .unwrap()
            .reminders
            .head_after_days,
        2
    );

    let weights = [
        ("timeliness", "50"),
        ("attainment", "30"),
        ("overdue", "10"),
        ("orders", "10"),
        ("satisfaction", "0"),
    ];
    let (st, _) = form(&app, "/plans/1/scores", &weights).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .plan_settings(PlanId(1))
            .await
            .unwrap()
            .weights
            .timeliness,
        50.0
    );
    let (st, body) = form(
        &app,
        "/plans/1/scores",
        &[
            ("timeliness", "很多"),
            ("attainment", "1"),
            ("overdue", "1"),
            ("orders", "1"),
            ("satisfaction", "1"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(body.contains("不是数字"), "{body}");
    let (st, _) = form(
        &app,
        "/plans/1/scores",
        &[
            ("timeliness", "0"),
            ("attainment", "0"),
            ("overdue", "0"),
            ("orders", "0"),
            ("satisfaction", "0"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.store
            .plan_settings(PlanId(1))
            .await
            .unwrap()
            .weights
            .timeliness,
        50.0
    );
    // Satisfaction results from a 测评表: a bad line saves nothing.
    let (st, body) = form(
        &app,
        "/plans/1/ratings",
        &[("ratings", "1,120,20,5\n99,1,1,1")],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(body.contains("没有序号为 99"), "{body}");
    assert!(app.store.ratings(PlanId(1)).await.unwrap().is_empty());
    let (st, _) = form(
        &app,
        "/plans/1/ratings",
        &[("ratings", "1,120,20,5\n2，30，10，10")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(app.store.ratings(PlanId(1)).await.unwrap().len(), 2);
}

on_both!(a_robot_that_refuses_is_retried_then_marked_failed,);

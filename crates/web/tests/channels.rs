//! Channels beyond e-mail and robots: the SMS rung of the reminder ladder (with its daily cap
//! and the delivery report) and signed outbound event webhooks, through local receivers.

mod common;
#[path = "support/sms_receivers.rs"]
mod sms_receivers;

use common::on_both;
use common::*;
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::{ItemId, PlanId, PlanState, UnitId};
use minsheng_store::{ContactLevel, NewContact, ReportWrite};
use minsheng_web::jobs::{Outbox, Runner};

/// `unit` files this week's report on `item`.
async fn file(app: &App, item: ItemId, unit: UnitId) {
    app.store
        .save_report(
            item,
            unit,
            d("2024-03-04"),
            &ReportWrite {
                content: ReportContent {
                    percent: Some(20.0),
                    progress: "推进中".into(),
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
}

/// E-mail fails (no SMTP server here), so each person with a phone is reached by SMS instead —
/// once, however many of their channels failed; a person with only a phone gets the SMS at
/// once; a unit's SMS stop at its daily cap; the delivery report says which channel reached
/// whom and why the others did not.
async fn a_failed_channel_moves_down_the_ladder_to_sms_within_the_cap(app: App) {
    let (gateway, inbox) = sms_receivers::gateway_receiver("test-secret", false).await;
    let store = app.store.clone();
    let ids = ids(&app).await;
    let person = |name: &str, email: Option<&str>, phone: &str| NewContact {
        unit: Some(ids.lead),
        level: Some(ContactLevel::Liaison),
        name: name.into(),
        email: email.map(Into::into),
        phone: Some(phone.into()),
        ..NewContact::default()
    };
    for c in [
        person("张联络", Some("zhang@example.gov.cn"), "13800000001"),
        person("李联络", None, "13800000002"),
        person("王联络", None, "13800000003"),
    ] {
        store.add_contact(&c, app.clock.now().at).await.unwrap();
    }
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let sms = sms_receivers::gateway_sender(gateway);
    let runner = Runner::new(
        store.clone(),
        app.clock.clone(),
        Outbox {
            base_url: "https://ms.example.gov.cn".into(),
            sms,
            sms_daily_cap: 2,
            ..Outbox::default()
        },
    );
    runner.pass().await.unwrap();
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "two of three within the cap: {got:?}");
    for (_, code, text) in &got {
        assert!(code.is_empty());
        assert!(
            text.starts_with("【示范区民生实事专班】")
                && text.contains("https://ms.example.gov.cn/"),
            "{text}"
        );
    }
    let report = store.delivery_report(50).await.unwrap();
    let email = report
        .iter()
        .find(|r| r.channel == "email")
        .expect("the e-mail was tried");
    assert!(
        !email.ok && email.detail.contains("--smtp-url"),
        "{email:?}"
    );
    let sms: Vec<_> = report.iter().filter(|r| r.channel == "sms").collect();
    assert_eq!(sms.iter().filter(|r| r.ok).count(), 2, "{sms:?}");
    assert!(
        sms.iter()
            .any(|r| !r.ok && r.detail.contains("今日短信已达上限 2 条")),
        "{sms:?}"
    );
    // Zhang's e-mail retries; Zhang's SMS is not sent a second time.
    app.clock.advance(chrono::Duration::minutes(5));
    runner.pass().await.unwrap();
    let zhang = inbox
        .lock()
        .unwrap()
        .iter()
        .filter(|(to, _, _)| to == "+8613800000001")
        .count();
    assert!(zhang <= 1, "one SMS per person and notice");
    // The administrator reads it on the jobs page.
    let admin = app
        .user(
            "sysadmin",
            minsheng_domain::access::UserRole::Admin,
            &[],
            None,
            &[],
        )
        .await;
    app.act_as(Some(&admin));
    let (_, _, page) = call(&app, "GET", "/admin/jobs", None).await;
    assert!(page.contains("id=\"delivery-report\""), "{page}");
    assert!(page.contains("今日短信已达上限"), "{page}");
    assert!(
        page.contains("发送消息") && !page.contains(">deliver<") && !page.contains(">done<"),
        "job kinds and states in words"
    );
}

/// A system that wants to be told: events reach an outbound webhook signed, in order, each
/// once it is taken; one refused is told again at the next pass, and nothing after it jumps
/// the queue.
async fn events_reach_a_webhook_signed_in_order_and_are_retried(app: App) {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Seen {
        refuse: Arc<Mutex<usize>>,
        got: Arc<Mutex<Vec<(i64, String)>>>,
        bad_signatures: Arc<Mutex<usize>>,
    }
    async fn receive(
        axum::extract::State(seen): axum::extract::State<Seen>,
        headers: axum::http::HeaderMap,
        body: String,
    ) -> axum::http::StatusCode {
        use hmac::{KeyInit, Mac};
        let h = |k: &str| {
            headers
                .get(k)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let mut mac =
            <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(b"event-secret").unwrap();
        mac.update(format!("{}.{body}", h("x-minsheng-timestamp")).as_bytes());
        if h("x-minsheng-signature") != hex::encode(mac.finalize().into_bytes()) {
            *seen.bad_signatures.lock().unwrap() += 1;
            return axum::http::StatusCode::UNAUTHORIZED;
        }
        {
            let mut refuse = seen.refuse.lock().unwrap();
            if *refuse > 0 {
                *refuse -= 1;
                return axum::http::StatusCode::SERVICE_UNAVAILABLE;
            }
        }
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["id"].to_string(), h("x-minsheng-delivery"));
        assert_eq!(v["kind"].as_str().unwrap(), h("x-minsheng-event"));
        seen.got.lock().unwrap().push((
            v["id"].as_i64().unwrap(),
            v["kind"].as_str().unwrap().to_string(),
        ));
        axum::http::StatusCode::OK
    }
    let seen = Seen::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/events", listener.local_addr().unwrap());
    let router = axum::Router::new()
        .route("/events", axum::routing::post(receive))
        .with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let store = app.store.clone();
    let ids = ids(&app).await;
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let runner = Runner::new(
        store.clone(),
        app.clock.clone(),
        Outbox {
            events: vec![minsheng_web::jobs::EventHook {
                url,
                secret: "event-secret".into(),
            }],
            ..Outbox::default()
        },
    );
    runner.pass().await.unwrap();
    // Three reports filed; the receiver refuses twice before it takes anything.
    let ledger = store.plan_ledger(PlanId(1), d("2024-03-06")).await.unwrap();
    let mine: Vec<_> = ledger
        .items
        .iter()
        .filter(|i| i.reporters.contains(&ids.lead))
        .take(3)
        .collect();
    assert_eq!(mine.len(), 3);
    for it in &mine {
        file(&app, it.detail.item.id, ids.lead).await;
    }
    *seen.refuse.lock().unwrap() = 2;
    for _ in 0..4 {
        runner.pass().await.unwrap();
    }
    let got = seen.got.lock().unwrap().clone();
    // Filing may change lights too (light.changed): all in order, none skipped.
    let filed = got.iter().filter(|(_, k)| k == "report.filed").count();
    assert_eq!(filed, 3, "{got:?}");
    assert!(
        got.iter()
            .all(|(_, k)| k == "report.filed" || k == "light.changed")
    );
    assert!(
        got.windows(2).all(|w| w[1].0 == w[0].0 + 1),
        "in order, none skipped: {got:?}"
    );
    assert_eq!(*seen.bad_signatures.lock().unwrap(), 0);
    // Told once: further passes send nothing again.
    let told = got.len();
    runner.pass().await.unwrap();
    assert_eq!(seen.got.lock().unwrap().len(), told);
}

/// An item's light that changes is told once as `light.changed`, with what it was and is;
/// lights seen for the first time are not announced.
async fn a_change_of_light_is_told_once(app: App) {
    let store = app.store.clone();
    let ids = ids(&app).await;
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let runner = Runner::new(store.clone(), app.clock.clone(), Outbox::default());
    runner.pass().await.unwrap();
    let lights = |events: Vec<minsheng_store::Event>| -> Vec<serde_json::Value> {
        events
            .into_iter()
            .filter(|e| e.kind == "light.changed")
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect()
    };
    let first = store.last_event().await.unwrap();
    assert!(
        lights(store.events_between(0, first, 1000).await.unwrap()).is_empty(),
        "first sight is recorded, not told"
    );
    // The item's whole target reported done: its light moves.
    let ledger = store.plan_ledger(PlanId(1), d("2024-03-06")).await.unwrap();
    let it = ledger
        .items
        .iter()
        .find(|i| i.reporters.contains(&ids.lead) && i.detail.targets.len() == 1)
        .expect("an item of the unit with one target");
    let before = it.assessment.light;
    let t = &it.detail.targets[0];
    app.store
        .save_report(
            it.detail.item.id,
            ids.lead,
            d("2024-03-04"),
            &ReportWrite {
                content: ReportContent {
                    values: vec![minsheng_domain::ledger::TargetValue {
                        target_id: t.id,
                        value: t.value,
                    }],
                    progress: "已完成".into(),
                    ..ReportContent::default()
                },
                submit: true,
                ..ReportWrite::default()
            },
            app.clock.now(),
        )
        .await
        .unwrap();
    let after = store
        .plan_ledger(PlanId(1), d("2024-03-06"))
        .await
        .unwrap()
        .items
        .iter()
        .find(|i| i.detail.item.id == it.detail.item.id)
        .unwrap()
        .assessment
        .light;
    assert_ne!(before, after, "the report moves the light");
    runner.pass().await.unwrap();
    runner.pass().await.unwrap();
    let told = lights(
        store
            .events_between(first, store.last_event().await.unwrap(), 1000)
            .await
            .unwrap(),
    );
    let mine: Vec<_> = told
        .iter()
        .filter(|e| e["item"] == it.detail.item.id.0)
        .collect();
    assert_eq!(mine.len(), 1, "told once: {told:?}");
    assert_eq!(mine[0]["from"], before.code());
    assert_eq!(mine[0]["to"], after.code());
    assert_eq!(mine[0]["plan"], 1);
}

on_both!(
    a_failed_channel_moves_down_the_ladder_to_sms_within_the_cap,
    events_reach_a_webhook_signed_in_order_and_are_retried,
    a_change_of_light_is_told_once,
);

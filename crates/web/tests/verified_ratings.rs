//! Ratings one person cannot stuff: a campaign asks citizens to verify a mobile number by SMS,
//! round trips through local receivers shaped like Aliyun's, Tencent Cloud's and a generic
//! gateway's APIs (each checking the request's signature as the platform would), one rating per
//! verified number per item whatever browser or pass, limits on codes and tries, a platform's
//! refusal told plainly and not counted, and numbers stored only as keyed hashes.

mod common;
#[path = "support/sms_receivers.rs"]
mod receivers;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, ids, on_both, test_auth, urlencode};
use http_body_util::BodyExt;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::files::FileStore;
use minsheng_web::sms::{Sms, SmsConfig};
use minsheng_web::{AppState, router};
use tower::ServiceExt;

/// An anonymous visitor's request with the cookies kept so far.
struct Visitor {
    agent: String,
    cookies: Vec<(String, String)>,
}

struct Answer {
    status: StatusCode,
    location: String,
    body: String,
}

impl Visitor {
    fn new(agent: &str) -> Self {
        Visitor {
            agent: agent.into(),
            cookies: Vec::new(),
        }
    }

    async fn send(
        &mut self,
        app: &App,
        method: &str,
        uri: &str,
        fields: &[(&str, &str)],
    ) -> Answer {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "localhost")
            .header(header::USER_AGENT, &self.agent)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        for c in res.headers().get_all(header::SET_COOKIE) {
            let first = c.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = first.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !v.is_empty() {
                self.cookies.push((k.into(), v.into()));
            }
        }
        Answer {
            status: res.status(),
            location: res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default(),
            body: String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
                .into_owned(),
        }
    }
}

impl Visitor {
    async fn ask_code(&mut self, app: &App, c: i64, item: i64, phone: &str) -> Answer {
        let uri = format!("/public/campaigns/{c}/code");
        self.send(
            app,
            "POST",
            &uri,
            &[("phone", phone), ("item", &item.to_string())],
        )
        .await
    }

    async fn type_code(&mut self, app: &App, c: i64, item: i64, code: &str) -> Answer {
        let uri = format!("/public/campaigns/{c}/verify");
        self.send(
            app,
            "POST",
            &uri,
            &[("code", code), ("item", &item.to_string())],
        )
        .await
    }
}

/// The app sending codes through `sms`.
fn with_sms(app: &mut App, sms: Option<Sms>) {
    app.router = router(
        AppState::new(
            app.store.clone(),
            FileStore::new(app._dir.path().join("files")),
            app.clock.clone(),
        )
        .with_auth(test_auth())
        .with_sms(sms),
    );
}

fn config(provider: &str, endpoint: &str) -> Sms {
    SmsConfig {
        provider: provider.into(),
        key_id: "LTAItestkey".into(),
        secret: "test-secret".into(),
        sign_name: "示范区人民政府".into(),
        template: "SMS_100000001".into(),
        notice_template: "SMS_100000002".into(),
        app_id: "1400006666".into(),
        region: String::new(),
        endpoint: endpoint.into(),
    }
    .sender()
    .unwrap()
    .unwrap()
}

/// Verifies `phone` as `v` through the app (codes arriving in `inbox`); the code sent.
async fn verify(
    app: &App,
    v: &mut Visitor,
    c: i64,
    item: i64,
    phone: &str,
    inbox: &receivers::Inbox,
) {
    let before = inbox.lock().unwrap().len();
    let sent = v.ask_code(app, c, item, phone).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location, format!("/public/items/{item}?code=1#rate"));
    let (to, code, _) = inbox.lock().unwrap()[before].clone();
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(to, format!("+86{}", &digits[digits.len() - 11..]));
    assert_eq!(code.len(), 6);
    let page = v
        .send(app, "GET", &format!("/public/items/{item}"), &[])
        .await;
    assert!(page.body.contains("id=\"code-form\""), "{}", page.body);
    assert!(page.body.contains(&digits[digits.len() - 4..]));
    let ok = v.type_code(app, c, item, &code).await;
    assert_eq!(
        ok.location,
        format!("/public/items/{item}?verified=1#rate"),
        "{}",
        ok.body
    );
}

async fn rate(app: &App, v: &mut Visitor, c: i64, item: i64, choice: &str) -> Answer {
    v.send(
        app,
        "POST",
        &format!("/public/items/{item}/rate"),
        &[("campaign", &c.to_string()), ("choice", choice)],
    )
    .await
}

async fn a_verified_campaign_counts_one_rating_per_number(app: App) {
    let mut app = app;
    let ids = ids(&app).await;
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    // Without an SMS service the office cannot ask for verified numbers.
    let fields = [
        ("title", "2024年度测评"),
        ("opens", "2024-03-01T09:00"),
        ("closes", "2024-03-13T18:00"),
        ("verify", "1"),
    ];
    let (st, body) = common::form(&app, "/plans/1/campaigns", &fields).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(body.contains("--sms-provider"), "{body}");
    let (aliyun, ali_inbox) = receivers::aliyun_receiver("LTAItestkey", "test-secret", false).await;
    with_sms(&mut app, Some(config("aliyun", &aliyun)));
    let (st, _) = common::form(&app, "/plans/1/campaigns", &fields).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let c = app.store.campaigns(PlanId(1)).await.unwrap()[0].id;
    assert!(app.store.campaign(c).await.unwrap().verify_phone);
    let (school, canteen) = (ids.school.0, ids.canteen.0);

    // A visitor is asked for a number, and cannot rate without one.
    let mut v = Visitor::new("phone/1");
    let page = v
        .send(&app, "GET", &format!("/public/items/{school}"), &[])
        .await;
    assert!(page.body.contains("id=\"phone-form\""));
    assert!(!page.body.contains("id=\"rate-form\""));
    let refused = rate(&app, &mut v, c, school, "unsatisfied").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("请先输入手机号"), "{}", refused.body);
    let bad = v.ask_code(&app, c, school, "12345").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("11 位"), "{}", bad.body);

    // Through Aliyun: the code arrives, a wrong one costs a try, the right one verifies.
    let sent = v.ask_code(&app, c, school, "138 0013 8000").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let code = ali_inbox.lock().unwrap()[0].1.clone();
    let again = v.ask_code(&app, c, school, "13800138000").await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "one code a minute"
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let w = v.type_code(&app, c, school, wrong).await;
    assert_eq!(w.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(w.body.contains("还可再试 4 次"), "{}", w.body);
    let ok = v.type_code(&app, c, school, &code).await;
    assert_eq!(
        ok.location,
        format!("/public/items/{school}?verified=1#rate")
    );
    let page = v
        .send(&app, "GET", &format!("/public/items/{school}"), &[])
        .await;
    assert!(page.body.contains("id=\"verified-as\"") && page.body.contains("8000"));
    assert_eq!(
        rate(&app, &mut v, c, school, "satisfied").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        rate(&app, &mut v, c, canteen, "basic").await.status,
        StatusCode::SEE_OTHER
    );
    let twice = rate(&app, &mut v, c, school, "unsatisfied").await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);

    // The same number from another browser and a new pass is still the same person.
    app.clock.advance(chrono::Duration::minutes(2));
    let mut other = Visitor::new("another/2");
    verify(&app, &mut other, c, school, "+86 138-0013-8000", &ali_inbox).await;
    assert_eq!(
        rate(&app, &mut other, c, school, "unsatisfied")
            .await
            .status,
        StatusCode::CONFLICT
    );

    // Tencent Cloud and a generic gateway carry codes just as well.
    let (tencent, tc_inbox) =
        receivers::tencent_receiver("LTAItestkey", "test-secret", false).await;
    with_sms(&mut app, Some(config("tencent", &tencent)));
    let mut t = Visitor::new("phone/3");
    verify(&app, &mut t, c, school, "13900139000", &tc_inbox).await;
    assert_eq!(
        rate(&app, &mut t, c, school, "basic").await.status,
        StatusCode::SEE_OTHER
    );
    let (gw, gw_inbox) = receivers::gateway_receiver("test-secret", false).await;
    with_sms(&mut app, Some(config("gateway", &gw)));
    let mut g = Visitor::new("phone/4");
    verify(&app, &mut g, c, school, "15000150000", &gw_inbox).await;
    assert_eq!(
        rate(&app, &mut g, c, school, "unsatisfied").await.status,
        StatusCode::SEE_OTHER
    );
    let results = app.store.campaign_results(c).await.unwrap();
    let row = results.iter().find(|r| r.item_id == school).unwrap();
    assert_eq!(
        (
            row.citizens.satisfied,
            row.citizens.basic,
            row.citizens.unsatisfied
        ),
        (1, 1, 1),
        "three numbers, three ratings"
    );

    // A platform that refuses (over its flow limit) is named, and the refused code counts
    // against nothing: the next request goes out at once.
    let (busy, _) = receivers::aliyun_receiver("LTAItestkey", "test-secret", true).await;
    with_sms(&mut app, Some(config("aliyun", &busy)));
    let mut b = Visitor::new("phone/5");
    let refused = b.ask_code(&app, c, school, "18600186000").await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        refused.body.contains("isv.BUSINESS_LIMIT_CONTROL"),
        "{}",
        refused.body
    );
    let (fine, inbox) = receivers::aliyun_receiver("LTAItestkey", "test-secret", false).await;
    with_sms(&mut app, Some(config("aliyun", &fine)));
    verify(&app, &mut b, c, school, "18600186000", &inbox).await;
    // A wrong secret is refused by the platform as a bad signature.
    let (strict, _) = receivers::aliyun_receiver("LTAItestkey", "another-secret", false).await;
    with_sms(&mut app, Some(config("aliyun", &strict)));
    let res = b.ask_code(&app, c, school, "18700187000").await;
    assert!(res.body.contains("SignatureDoesNotMatch"), "{}", res.body);

    // Five wrong tries void a code.
    with_sms(&mut app, Some(config("aliyun", &fine)));
    let mut x = Visitor::new("phone/6");
    x.ask_code(&app, c, school, "18800188000").await;
    let code = inbox.lock().unwrap().last().unwrap().1.clone();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        x.type_code(&app, c, school, wrong).await;
    }
    let late = x.type_code(&app, c, school, &code).await;
    assert!(
        late.body.contains("已作废") || late.body.contains("已过期"),
        "{}",
        late.body
    );

    // No number is stored in clear: on SQLite, none of them is anywhere in the database
    // files (the database and its write-ahead log).
    let file = app._dir.path().join("minsheng.db");
    if file.exists() {
        let mut bytes = std::fs::read(&file).unwrap();
        bytes.extend(std::fs::read(app._dir.path().join("minsheng.db-wal")).unwrap_or_default());
        for n in ["13800138000", "13900139000", "15000150000", "18600186000"] {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{n} stored in clear"
            );
        }
        assert!(
            bytes.windows(4).any(|w| w == b"8000"),
            "the check reads the data"
        );
    }
}

on_both!(a_verified_campaign_counts_one_rating_per_number);

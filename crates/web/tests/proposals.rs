//! Proposals (征集): a citizen proposes without an account and gets a code, follows the fate
//! by it (never seeing anyone's contact), is limited to three a day; the office screens into
//! candidates with cost and feasibility or declines with a reason.

mod common;

use axum::http::{StatusCode, header};
use common::on_both;
use common::*;

async fn a_proposal_from_the_form_to_its_fate(app: App) {
    let region = app.store.regions().await.unwrap()[0].id.0.to_string();
    app.act_as(Some("anonymous"));
    let fields = |title: &'static str| {
        vec![
            ("region", region.clone()),
            ("year", "2025".to_string()),
            ("title", title.to_string()),
            ("content", "在北湖小区增设公共充电桩20个".to_string()),
            ("location", "北湖小区".to_string()),
            ("name", "李四".to_string()),
            ("phone", "13900001111".to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = send(
                app,
                axum::http::Request::post("/public/proposals")
                    .header(header::HOST, "localhost")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
                axum::body::Body::from(
                    f.iter()
                        .map(|(k, v)| format!("{k}={}", urlencode(v)))
                        .collect::<Vec<_>>()
                        .join("&"),
                ),
            )
            .await;
            let loc = res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            (res.status(), loc)
        }
    };
    // A year that is not this year's or next year's list is refused, never stored or
    // silently turned into another.
    for year in ["-5", "2999", "99999999999", "明年"] {
        let mut f = fields("增设充电桩");
        f[1].1 = year.to_string();
        let (st, loc) = post(f).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{year}: {loc}");
    }
    assert!(app.store.proposals().await.unwrap().is_empty());
    let (st, fate) = post(fields("增设充电桩")).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert!(fate.starts_with("/public/proposals/JY"), "{fate}");
    let (st, _, html) = call(&app, "GET", &fate, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("增设充电桩") && html.contains("已受理"));
    assert!(
        !html.contains("李四") && !html.contains("13900001111"),
        "no contact shown"
    );
    let (st, _, _) = call(&app, "GET", "/public/proposals/JYWRONGCODE1", None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    // Bad input, and the daily limit.
    let mut bad = fields("增设充电桩");
    bad[6].1 = "12345".into();
    assert_eq!(post(bad).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(post(fields("第二条建议")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(post(fields("第三条建议")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        post(fields("第四条建议")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Naming another browser each time gets round the per-client limit only up to the
    // address's own cap.
    let mut stored = 3;
    for k in 0..20 {
        let body = fields("换浏览器的建议")
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let res = send(
            &app,
            axum::http::Request::post("/public/proposals")
                .header(header::HOST, "localhost")
                .header(header::USER_AGENT, format!("probe/{k}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            axum::body::Body::from(body),
        )
        .await;
        if res.status() == StatusCode::SEE_OTHER {
            stored += 1;
        }
    }
    assert_eq!(stored, minsheng_store::ORIGIN_PROPOSALS_PER_DAY);
    assert_eq!(
        app.store.proposals().await.unwrap().len() as i64,
        minsheng_store::ORIGIN_PROPOSALS_PER_DAY
    );

    // The office screens: declining needs a reason; the proposer sees the outcome.
    app.act_as(None);
    let (_, _, list) = call(&app, "GET", "/proposals", None).await;
    assert!(list.contains("13900001111"), "the office sees the contact");
    let id = app
        .store
        .proposals()
        .await
        .unwrap()
        .iter()
        .find(|p| p.title == "增设充电桩")
        .unwrap()
        .id;
    let (st, _) = form(
        &app,
        &format!("/proposals/{id}/screen"),
        &[("decision", "declined")],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let (st, _) = form(
        &app,
        &format!("/proposals/{id}/screen"),
        &[
            ("decision", "candidate"),
            ("cost", "约60万元"),
            ("feasibility", "用地已落实"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    app.act_as(Some("anonymous"));
    let (_, _, html) = call(&app, "GET", &fate, None).await;
    assert!(
        html.contains("已列入候选项目") && html.contains("约60万元") && html.contains("用地已落实")
    );
}

on_both!(a_proposal_from_the_form_to_its_fate,);

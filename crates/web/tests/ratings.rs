//! Satisfaction campaigns: citizens rate items on their public pages once per client, deputies
//! once per account, staff not at all; closed campaigns take no ratings; the 测评表 counts by
//! voter kind, and applied results reach year-end scoring.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::ORIGIN_RATINGS;

async fn a_campaign_from_start_to_scoring(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    // The office starts a campaign open from the day before to a week ahead (China time).
    let (st, body) = form(
        &app,
        "/plans/1/campaigns",
        &[
            ("title", "2024年度测评"),
            ("opens", "2024-03-05T09:00"),
            ("closes", "2024-03-04T09:00"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    let (st, _) = form(
        &app,
        "/plans/1/campaigns",
        &[
            ("title", "2024年度测评"),
            ("opens", "2024-03-01T09:00"),
            ("closes", "2024-03-13T18:00"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let c = s.campaigns(PlanId(1)).await.unwrap()[0].id;
    let rate = format!("/public/items/{}/rate", ids.school.0);
    let campaign = c.to_string();
    // A citizen's page offers the rating; one rating per item per client.
    app.act_as(Some("anonymous"));
    let (_, _, html) = call(
        &app,
        "GET",
        &format!("/public/items/{}", ids.school.0),
        None,
    )
    .await;
    assert!(html.contains("id=\"rate\"") && html.contains("2024年度测评"));
    let (st, _) = form(
        &app,
        &rate,
        &[("campaign", &campaign), ("choice", "satisfied")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body) = form(
        &app,
        &rate,
        &[("campaign", &campaign), ("choice", "unsatisfied")],
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("只能评价一次"), "{body}");
    let (st, _) = form(
        &app,
        &format!("/public/items/{}/rate", ids.enrol.0),
        &[("campaign", &campaign), ("choice", "basic")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "another item is another rating");
    // Twenty-five ratings of one item from one address, each naming another browser: the
    // address's cap holds, whatever the User-Agent says.
    let mut answers = std::collections::BTreeMap::new();
    for k in 0..25 {
        let res = send(
            &app,
            axum::http::Request::post(format!("/public/items/{}/rate", ids.canteen.0))
                .header(axum::http::header::HOST, "localhost")
                .header(axum::http::header::USER_AGENT, format!("probe/{k}"))
                .header(
                    axum::http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                ),
            axum::body::Body::from(format!("campaign={campaign}&choice=unsatisfied")),
        )
        .await;
        *answers.entry(res.status()).or_insert(0) += 1;
    }
    assert_eq!(
        answers.get(&StatusCode::SEE_OTHER),
        Some(&(ORIGIN_RATINGS as i32)),
        "{answers:?}"
    );
    assert_eq!(
        answers.get(&StatusCode::TOO_MANY_REQUESTS),
        Some(&(25 - ORIGIN_RATINGS as i32)),
        "{answers:?}"
    );
    // Two deputies vote once each; a unit's staff may not rate.
    for name in ["dep1", "dep2"] {
        let d = app
            .user(name, UserRole::Deputy, &[], None, &[ids.school])
            .await;
        app.act_as(Some(&d));
        let (st, _) = form(
            &app,
            &rate,
            &[
                ("campaign", &campaign),
                (
                    "choice",
                    if name == "dep1" {
                        "basic"
                    } else {
                        "unsatisfied"
                    },
                ),
            ],
        )
        .await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        let (st, _) = form(
            &app,
            &rate,
            &[("campaign", &campaign), ("choice", "satisfied")],
        )
        .await;
        assert_eq!(st, StatusCode::CONFLICT, "one vote per deputy");
    }
    let staff = app.unit_user(ids.lead).await;
    app.act_as(Some(&staff));
    let (st, _) = form(
        &app,
        &rate,
        &[("campaign", &campaign), ("choice", "satisfied")],
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // The 测评表: school 1 citizen 满意; deputies 1 基本满意 + 1 不满意 → overall 2/3.
    let results = s.campaign_results(c).await.unwrap();
    let school = results.iter().find(|r| r.item_id == ids.school.0).unwrap();
    assert_eq!((school.citizens.satisfied, school.citizens.total()), (1, 1));
    assert_eq!((school.deputies.basic, school.deputies.unsatisfied), (1, 1));
    assert!((school.all.rate().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    app.act_as(None);
    let (_, _, page) = call(&app, "GET", &format!("/campaigns/{c}"), None).await;
    assert!(page.contains("66.7%"), "overall rate on the 测评表");
    // The office is shown the burst on the canteen: five ratings from one network (the most
    // the cap lets through), and nothing on the school.
    assert!(page.contains("id=\"bursts\""), "{page}");
    assert!(page.contains("同一网络评价 5 次"), "{page}");
    assert_eq!(page.matches("⚠").count(), 1, "one item flagged");
    // Not applicable while open; closed, it takes no more ratings and reaches scoring.
    let (st, _) = form(&app, &format!("/campaigns/{c}/apply"), &[]).await;
    assert_eq!(st, StatusCode::CONFLICT);
    app.clock.set(d("2024-03-14"));
    app.act_as(Some("anonymous"));
    let (st, body) = form(
        &app,
        &format!("/public/items/{}/rate", ids.canteen.0),
        &[("campaign", &campaign), ("choice", "satisfied")],
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("测评未在进行"), "{body}");
    app.act_as(None);
    let (st, _) = form(&app, &format!("/campaigns/{c}/apply"), &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let ratings = s.ratings(PlanId(1)).await.unwrap();
    assert_eq!(ratings.get(&ids.school.0), Some(&(1, 1, 1)));
    assert_eq!(
        ratings.get(&ids.canteen.0),
        Some(&(0, 0, ORIGIN_RATINGS as u32)),
        "no more than the address's cap counts"
    );
    assert_eq!(ratings.len(), 3);
}

on_both!(a_campaign_from_start_to_scoring,);

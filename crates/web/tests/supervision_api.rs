//! The supervision API: a unit answers an order by JSON, the office closes it; wrong actions,
//! stale states and other units are refused with nothing written; bulletins as JSON.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::supervision::BulletinKind;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::NewOrder;
use serde_json::json;

async fn orders_and_bulletins_by_api(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let order = s
        .issue_order(
            &NewOrder {
                item: ids.school,
                unit: None,
                requirement: "加快进度".into(),
                deadline: d("2024-03-20"),
                origin: "manual".into(),
            },
            app.clock.now(),
        )
        .await
        .unwrap();
    let uri = format!("/api/v1/orders/{order}/steps");
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let (st, v, _) = call(&app, "POST", &uri, Some(json!({"action": "fly"}))).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let (st, v, _) = call(
        &app,
        "POST",
        &uri,
        Some(json!({"action": "answer", "note": ""})),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "an answer needs text: {v}");
    let (st, _, _) = call(&app, "POST", &uri, Some(json!({"action": "close"}))).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "a unit cannot close");
    let (st, v, _) = call(
        &app,
        "POST",
        &uri,
        Some(json!({"action": "answer", "note": "已开工", "state": "acknowledged"})),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "stale state: {v}");
    let (st, v, _) = call(
        &app,
        "POST",
        &uri,
        Some(json!({"action": "answer", "note": "已开工", "state": "issued"})),
    )
    .await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("answered"))
    );
    // The open order waits on the unit's workbench.
    let (st, _, html) = call(
        &app,
        "GET",
        &format!("/workbench?unit={}", ids.lead.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("督办〔2024〕1号") && html.contains("my-order"));
    // Another unit can neither read nor answer it.
    let other = other_unit(&app, &ids).await;
    let b = app.unit_user(other).await;
    app.act_as(Some(&b));
    let (st, _, _) = call(&app, "GET", &format!("/api/v1/orders/{order}"), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    app.act_as(None);
    let (st, v, _) = call(&app, "POST", &uri, Some(json!({"action": "close"}))).await;
    assert_eq!(
        (st, v["state"].as_str()),
        (StatusCode::OK, Some("closed")),
        "{v}"
    );
    let (_, v, _) = call(&app, "GET", &format!("/api/v1/orders/{order}"), None).await;
    let steps: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["issue", "answer", "close"]);
    assert_eq!(v["order"]["answer"], "已开工");
    let (_, v, _) = call(&app, "GET", "/api/v1/plans/1/orders", None).await;
    assert_eq!(v[0]["label"], "督办〔2024〕1号");

    // Bulletins: a draft is the office's; issued, it is anyone's.
    let id = s
        .create_bulletin(
            PlanId(1),
            BulletinKind::Monthly,
            d("2024-03-01"),
            app.clock.now(),
        )
        .await
        .unwrap();
    let (st, v, _) = call(&app, "GET", &format!("/api/v1/bulletins/{id}"), None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["content"]["items"], 27);
    assert_eq!(v["number"], "（草稿，签发时编号）");
    app.act_as(Some("anonymous"));
    let (st, _, _) = call(&app, "GET", &format!("/api/v1/bulletins/{id}"), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    app.act_as(None);
    s.issue_bulletin(id, app.clock.now()).await.unwrap();
    app.act_as(Some("anonymous"));
    let (st, v, _) = call(&app, "GET", &format!("/api/v1/bulletins/{id}"), None).await;
    assert_eq!(
        (st, v["number"].as_str()),
        (StatusCode::OK, Some("〔2024〕第1期"))
    );
    // The published plan's page lists it for the public, with links to public item pages.
    let (_, _, html) = call(&app, "GET", "/plans/1", None).await;
    assert!(html.contains("〔2024〕第1期") && html.contains(&format!("/bulletins/{id}")));
    assert!(html.contains("href=\"/public/items/"));
}

// On SQLite only: the test edits the database file behind the application's back.
#[tokio::test]
async fn an_issued_bulletin_shows_whether_its_frozen_content_still_matches_its_hash() {
    let app = common::app().await.expect("the SQLite test app");
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let id = s
        .create_bulletin(
            PlanId(1),
            BulletinKind::Monthly,
            d("2024-03-01"),
            app.clock.now(),
        )
        .await
        .unwrap();
    s.issue_bulletin(id, app.clock.now()).await.unwrap();
    let (_, _, html) = call(&app, "GET", &format!("/bulletins/{id}"), None).await;
    assert!(html.contains("id=\"intact\"") && !html.contains("id=\"tampered\""));
    // Someone edits the frozen JSON behind the application's back.
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app._dir.path().join("minsheng.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE bulletins SET content = replace(content, '\"items\":27', '\"items\":26') WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let (_, _, html) = call(&app, "GET", &format!("/bulletins/{id}"), None).await;
    assert!(html.contains("id=\"tampered\""), "the page warns");
}

on_both!(orders_and_bulletins_by_api,);

//! Access, route by route: every route of the access table × every role (and an anonymous
//! visitor), on SQLite and on PostgreSQL; and unit A against unit B's item by every route
//! that names an item, a report or a file.

mod common;
#[path = "support/routes.rs"]
mod routes;

use axum::body::Body;
use axum::http::{StatusCode, header};
use common::{App, d, on_both, report};
use http_body_util::BodyExt;
use minsheng_domain::access::grants;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::MilestoneInput;
use routes::{accounts, as_person, concrete, fixture};
use serde_json::json;
use std::collections::HashMap;
use tower::ServiceExt;

/// Whether the guard (not the handler) turned the request away.
fn denied(status: StatusCode, location: &str, body: &str) -> bool {
    status == StatusCode::FORBIDDEN
        || (status == StatusCode::UNAUTHORIZED && body.contains("请先登录"))
        || (status == StatusCode::SEE_OTHER && location.starts_with("/login?next="))
}

async fn every_route_for_every_role(app: App) {
    let f = fixture(&app).await;
    let people = accounts(&app, &f).await;
    // Signing out ends the session, so it goes last.
    let mut routes: Vec<_> = minsheng_web::ROUTES.to_vec();
    routes.sort_by_key(|(_, p, _)| *p == "/logout");
    let mut wrong = Vec::new();
    let mut counts: HashMap<bool, usize> = HashMap::new();
    for (method, pattern, perm) in &routes {
        let uri = concrete(pattern, &f);
        for (role, name) in &people {
            let mut req = as_person(&app, method, &uri, *role, name).await;
            let body = if *method == "GET" {
                Body::empty()
            } else if pattern.starts_with("/api/") {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from("{}")
            } else {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::empty()
            };
            let res = app
                .router
                .clone()
                .oneshot(req.body(body).unwrap())
                .await
                .unwrap();
            let status = res.status();
            let location = res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let text =
                String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
                    .into_owned();
            let want = grants(*role, *perm);
            let got = !denied(status, &location, &text);
            *counts.entry(want).or_default() += 1;
            if want != got || status.is_server_error() {
                wrong.push(format!(
                    "{method} {uri} as {name}: expected {}, got {status} {location}",
                    if want { "allowed" } else { "denied" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} checks wrong:\n{}",
        wrong.len(),
        routes.len() * people.len(),
        wrong.join("\n")
    );
    // Both outcomes occur, so the check can fail either way.
    assert!(counts[&true] > 50 && counts[&false] > 50, "{counts:?}");
}

/// Unit B's liaison tries unit A's school item by every route that names it, its reports or
/// its files, including by guessing ids in the API; nothing is shown and nothing is written.
async fn a_unit_cannot_reach_another_units_item(app: App) {
    let f = fixture(&app).await;
    let school = f.ids.school.0;
    let lead = f.ids.lead.0;
    let school_units = app.store.item_parties(f.ids.school).await.unwrap().units;
    let detail = app.store.plan_detail(PlanId(1), None).await.unwrap();
    let other = detail
        .items
        .iter()
        .flat_map(|i| i.lead_units.iter().map(|u| u.id))
        .find(|u| !school_units.contains(u))
        .unwrap();
    assert!(
        !app.store
            .item_parties(f.ids.school)
            .await
            .unwrap()
            .units
            .contains(&other)
    );
    let b = app.unit_user(other).await;
    app.act_as(Some(&b));
    let before = app.store.item_reports(f.ids.school).await.unwrap().len();
    let body = report(
        f.ids.lead,
        "2024-03-11",
        &[(f.ids.school_target, json!(5))],
        None,
    );
    let mut no_unit = body.clone();
    no_unit["unit_id"] = serde_json::Value::Null;
    let tries: Vec<(&str, String, Option<serde_json::Value>)> = vec![
        ("GET", format!("/items/{school}"), None),
        ("GET", format!("/items/{school}/report"), None),
        ("GET", format!("/items/{school}/report?unit={lead}"), None),
        ("GET", format!("/reports/{}", f.report), None),
        ("GET", format!("/reports/{}", f.draft), None),
        ("GET", format!("/files/{}", f.draft_file), None),
        ("GET", format!("/workbench?unit={lead}"), None),
        ("GET", format!("/api/v1/items/{school}/ledger"), None),
        ("GET", format!("/api/v1/items/{school}/reports"), None),
        ("GET", format!("/api/v1/reports/{}", f.draft), None),
        ("GET", format!("/api/v1/reports/{}", f.report), None),
        ("GET", format!("/api/v1/workbench?unit={lead}"), None),
        ("GET", format!("/orders/{}", f.order), None),
        (
            "PUT",
            format!("/api/v1/items/{school}/reports"),
            Some(body.clone()),
        ),
        (
            "PUT",
            format!("/api/v1/items/{school}/reports"),
            Some(no_unit),
        ),
        (
            "POST",
            format!("/api/v1/items/{school}/delays"),
            Some(
                json!({"unit_id": lead, "cause": "资金", "explanation": "x", "steps": [{"step": "y"}], "new_deadline": "2025-06-30"}),
            ),
        ),
        (
            "POST",
            format!("/api/v1/items/{school}/acceptance"),
            Some(json!({"unit_id": lead, "completed_on": "2024-03-10", "summary": "x"})),
        ),
        (
            "POST",
            format!("/api/v1/milestones/{}/done", f.milestone),
            Some(json!({"done_on": "2024-03-10"})),
        ),
    ];
    for (method, uri, body) in tries {
        let (st, v, _) = common::call(&app, method, &uri, body).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{method} {uri}: {v}");
    }
    for (uri, fields) in [
        (
            format!("/items/{school}/delays"),
            vec![
                ("unit", lead.to_string()),
                ("cause", "资金".into()),
                ("explanation", "x".into()),
                ("step1", "y".into()),
                ("new_deadline", "2025-06-30".into()),
            ],
        ),
        (
            format!("/items/{school}/replies"),
            vec![
                ("unit", lead.to_string()),
                ("reply_to", "1".into()),
                ("body", "x".into()),
            ],
        ),
        (
            format!("/milestones/{}/done", f.milestone),
            vec![("done_on", "2024-03-10".into())],
        ),
        (
            format!("/orders/{}/act", f.order),
            vec![("action", "answer".into()), ("note", "x".into())],
        ),
    ] {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (st, _) = common::form(&app, &uri, &fields).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "POST {uri}");
    }
    let (st, _, _) = common::post_form(
        &app,
        &format!("/items/{school}/report"),
        &[
            ("unit", &lead.to_string()),
            ("period", "2024-03-11"),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.item_reports(f.ids.school).await.unwrap().len(),
        before,
        "nothing written"
    );
    assert!(
        app.store
            .milestones(f.ids.school, d("2024-03-12"))
            .await
            .unwrap()[0]
            .milestone
            .done_on
            .is_none()
    );

    // A co-unit sees the item and its submitted reports, but not the lead unit's draft.
    app.store
        .assign_unit(
            f.ids.school,
            f.ids.streets,
            minsheng_domain::Role::Co,
            Some((f.ids.school_target, 3.0)),
        )
        .await
        .unwrap();
    let streets = app.unit_user(f.ids.streets).await;
    app.act_as(Some(&streets));
    let (st, _, _) = common::call(&app, "GET", &format!("/api/v1/reports/{}", f.draft), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v, _) = common::call(
        &app,
        "GET",
        &format!("/api/v1/items/{school}/reports"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let states: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["submitted"], "the draft is not listed");
    let (st, v, _) = common::call(
        &app,
        "PUT",
        &format!("/api/v1/items/{school}/reports"),
        Some(report(f.ids.lead, "2024-03-11", &[], None)),
    )
    .await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "a co-unit cannot file as the lead: {v}"
    );
}

#[tokio::test]
async fn a_co_unit_marks_only_its_own_milestones() {
    // Seed 004 names co-operating units.
    let dir = tempfile::tempdir().unwrap();
    let store = minsheng_store::Store::open(dir.path(), None).await.unwrap();
    let Some(app) = common::app_with(store, dir, "004_287702023e222ac5.txt", "济宁高新区").await
    else {
        return;
    };
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let detail = app.store.plan_detail(PlanId(1), None).await.unwrap();
    let it = detail
        .items
        .iter()
        .find(|i| !i.co_units.is_empty() && !i.lead_units.is_empty())
        .expect("an item with a co-unit");
    let (item, lead, co) = (it.item.id, it.lead_units[0].id, it.co_units[0].id);
    let milestone = |owner| MilestoneInput {
        title: "节点".into(),
        owner_unit_id: Some(owner),
        due_on: d("2024-06-30"),
        planned_percent: None,
    };
    let leads = app
        .store
        .add_milestone(item, &milestone(lead))
        .await
        .unwrap()
        .0;
    let own = app
        .store
        .add_milestone(item, &milestone(co))
        .await
        .unwrap()
        .0;
    let done = |m: i64| {
        (
            format!("/milestones/{m}/done"),
            format!("/api/v1/milestones/{m}/done"),
        )
    };
    let co_user = app.unit_user(co).await;
    app.act_as(Some(&co_user));
    // The lead unit's milestone: refused by page and API, nothing stored.
    let (page, api) = done(leads);
    let (st, _) = common::form(&app, &page, &[("done_on", "2024-03-05")]).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "POST {page}");
    let (st, v, _) = common::call(&app, "POST", &api, Some(json!({"done_on": "2024-03-05"}))).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "POST {api}: {v}");
    // Its own milestone: allowed.
    let (page, _) = done(own);
    let (st, body) = common::form(&app, &page, &[("done_on", "2024-03-05")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let state: Vec<(i64, bool)> = app
        .store
        .milestones(item, d("2024-03-06"))
        .await
        .unwrap()
        .iter()
        .map(|m| (m.milestone.id.0, m.milestone.done_on.is_some()))
        .collect();
    assert!(
        state.contains(&(leads, false)) && state.contains(&(own, true)),
        "{state:?}"
    );
    // The lead unit may mark both.
    let lead_user = app.unit_user(lead).await;
    app.act_as(Some(&lead_user));
    for m in [leads, own] {
        let (page, _) = done(m);
        let (st, _) = common::form(&app, &page, &[("done_on", "2024-03-05")]).await;
        assert_eq!(st, StatusCode::SEE_OTHER, "POST {page}");
    }
}

on_both!(
    every_route_for_every_role,
    a_unit_cannot_reach_another_units_item,
);

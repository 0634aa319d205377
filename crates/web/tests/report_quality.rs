//! The report form and the API guard quality with the report sheets' rules: a running total
//! below the last one is held until a correction's reason is given, a report in which nothing
//! moved until the unit says why, and a running total far ahead of the plan's pace until the
//! filer confirms it (how far is the plan's jump factor); each time the form comes back with
//! what was typed and the fields to answer, the API with 422 and what answers each question,
//! and nothing is filed meanwhile.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::{ReportContent, ReportState, TargetValue};
use minsheng_domain::{ItemId, PlanId, PlanState, TargetId, UnitId};
use minsheng_store::ReportWrite;
use serde_json::{Value, json};

async fn filed(app: &App, item: ItemId, unit: UnitId) -> Vec<minsheng_store::Report> {
    app.store
        .item_reports(item)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.unit_id == unit && r.state == ReportState::Submitted)
        .collect()
}

async fn last_week(app: &App, item: ItemId, unit: UnitId, target: TargetId, value: f64) {
    app.store
        .save_report(
            item,
            unit,
            d("2024-02-26"),
            &ReportWrite {
                content: ReportContent {
                    values: vec![TargetValue {
                        target_id: target,
                        value,
                    }],
                    progress: "施工中".into(),
                    ..ReportContent::default()
                },
                submit: true,
                ..ReportWrite::default()
            },
            app.clock.now(),
        )
        .await
        .unwrap();
}

async fn the_form_holds_a_doubtful_report_until_it_is_answered(app: App) {
    let ids = ids(&app).await;
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let (item, target) = (ids.enrol, ids.enrol_target);
    let goal = app
        .store
        .item_detail(item)
        .await
        .unwrap()
        .1
        .targets
        .iter()
        .find(|t| t.id == target)
        .unwrap()
        .value;
    let last = goal / 20.0;
    last_week(&app, item, ids.lead, target, last).await;
    let liaison = app
        .user("liaison", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&liaison));
    let uri = format!("/items/{}/report", item.0);
    let unit = ids.lead.0.to_string();
    let t = format!("t{}", target.0);
    let n = minsheng_domain::draft::plain;
    let post = |value: String, extra: Vec<(&'static str, &'static str)>| {
        let (app, uri, unit, t) = (&app, uri.clone(), unit.clone(), t.clone());
        async move {
            let mut fields: Vec<(&str, &str)> = vec![
                ("unit", &unit),
                ("period", "2024-03-04"),
                ("revision", "0"),
                (&t, &value),
                ("progress", "施工中"),
                ("action", "submit"),
            ];
            fields.extend(extra);
            let (st, body, _) = post_form(app, &uri, &fields, &[]).await;
            (st, body)
        }
    };

    // Below last week's figure: held, the typed value kept, the reason asked.
    let (st, body) = post(n(last / 2.0), vec![]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains(&format!("低于上期的 {}", n(last))), "{body}");
    assert!(body.contains("id=\"quality\"") && body.contains("id=\"correction_reason\""));
    // Said once at the top, each question a point of its own under 报送前核对.
    assert!(body.contains("尚未报送：有 1 处需要核对"), "{body}");
    assert!(
        body.contains("<ol class=\"questions\"><li>") && body.matches("低于上期的").count() == 1,
        "{body}"
    );
    assert!(
        body.contains(&format!("value=\"{}\"", n(last / 2.0))),
        "typed kept"
    );
    assert_eq!(filed(&app, item, ids.lead).await.len(), 1, "nothing filed");

    // The same figure and words as last week: asks why nothing moved.
    let (st, body) = post(n(last), vec![]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("没有任何变化"), "{body}");
    let (st, body) = post(n(last), vec![("no_progress", "雨季停工")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let now = filed(&app, item, ids.lead).await;
    assert_eq!(now.len(), 2);
    assert_eq!(now[1].no_progress.as_deref(), Some("雨季停工"));
    let (_, _, page) = call(&app, "GET", &format!("/items/{}", item.0), None).await;
    assert!(
        page.contains("本期无进展：雨季停工"),
        "the timeline says so"
    );
    assert_eq!(dashboard_state(&app, item).await, "已报送·无进展");
    app.act_as(Some(&liaison));

    // Far ahead of the plan's pace (three quarters of the year's goal in March): filed once
    // confirmed, as a correction of this week.
    let jump = n(goal * 0.75);
    let rev = now[1].revision.to_string();
    let asked: Vec<(&str, &str)> = vec![
        ("unit", &unit),
        ("period", "2024-03-04"),
        ("revision", &rev),
        (&t, &jump),
        ("progress", "主体完工"),
        ("correction_reason", "补录"),
        ("action", "submit"),
    ];
    let (st, body, _) = post_form(&app, &uri, &asked, &[]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("远超计划进度"), "{body}");
    assert!(body.contains("id=\"quality_ok\""), "{body}");
    // Made on an old revision, the write says so before any question is asked.
    let (st, body) = post(jump.clone(), vec![("correction_reason", "补录")]).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("已被他人修改") && !body.contains("远超计划进度"),
        "{body}"
    );
    let mut fields: Vec<(&str, &str)> = vec![
        ("unit", &unit),
        ("period", "2024-03-04"),
        ("revision", &rev),
        (&t, &jump),
        ("progress", "主体完工"),
        ("correction_reason", "补录"),
        ("quality_ok", "1"),
        ("action", "submit"),
    ];
    let (st, body, _) = post_form(&app, &uri, &fields, &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    fields.clear();
    let now = filed(&app, item, ids.lead).await;
    assert_eq!(now.len(), 3);
    assert_eq!(now[2].content.values[0].value, goal * 0.75);
    assert_eq!(
        dashboard_state(&app, item).await,
        "已报送",
        "progress again"
    );
}

/// The report state the office's dashboard shows for `item`.
async fn dashboard_state(app: &App, item: minsheng_domain::ItemId) -> String {
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    let (_, _, page) = call(app, "GET", "/plans/1/dashboard", None).await;
    let row = page
        .split(&format!("<tr data-item=\"{}\"", item.0))
        .nth(1)
        .expect("the item's row")
        .split("</tr>")
        .next()
        .unwrap();
    let state = row.rsplit("<span class=\"rs ").next().unwrap();
    state
        .split('>')
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

/// A report by API for the lead unit's week of 4 March 2024.
fn api_report(unit: UnitId, target: TargetId, value: f64, extra: &[(&str, Value)]) -> Value {
    let mut v = json!({
        "unit_id": unit.0,
        "period_start": "2024-03-04",
        "values": [{ "target_id": target.0, "value": value }],
        "progress": "施工中",
        "submit": true,
    });
    for (k, x) in extra {
        v[*k] = x.clone();
    }
    v
}

async fn the_api_answers_a_doubtful_report_with_what_it_asks(app: App) {
    let ids = ids(&app).await;
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let (item, target) = (ids.enrol, ids.enrol_target);
    let goal = goal_of(&app, item, target).await;
    let last = goal / 20.0;
    last_week(&app, item, ids.lead, target, last).await;
    let liaison = app
        .user("liaison", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&liaison));
    let uri = format!("/api/v1/items/{}/reports", item.0);
    let put = |body: Value| {
        let (app, uri) = (&app, uri.clone());
        async move { call(app, "PUT", &uri, Some(body)).await }
    };

    // Backwards: 422, the question named for a program, nothing filed.
    let (st, v, _) = put(api_report(ids.lead, target, last / 2.0, &[])).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "quality", "{v}");
    assert_eq!(v["error"]["asks"][0]["ask"], "correction_reason", "{v}");
    assert!(
        v["error"]["asks"][0]["message"]
            .as_str()
            .unwrap()
            .contains("低于上期"),
        "{v}"
    );
    assert_eq!(filed(&app, item, ids.lead).await.len(), 1, "nothing filed");

    // Nothing changed: asks for the reason, and files it once given.
    let (st, v, _) = put(api_report(ids.lead, target, last, &[])).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["asks"][0]["ask"], "no_progress", "{v}");
    let (st, v, _) = put(api_report(
        ids.lead,
        target,
        last,
        &[("no_progress", json!("材料未到场"))],
    ))
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let now = filed(&app, item, ids.lead).await;
    assert_eq!(now[1].no_progress.as_deref(), Some("材料未到场"));

    // Far ahead of the plan: confirmed by `confirm`, as a correction of the week.
    let extra = [
        ("correction_reason", json!("补录")),
        ("revision", json!(now[1].revision)),
    ];
    let (st, v, _) = put(api_report(ids.lead, target, goal * 0.75, &extra)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["asks"][0]["ask"], "confirm", "{v}");
    assert!(
        v["error"]["asks"][0]["message_en"]
            .as_str()
            .unwrap()
            .contains("ahead of the plan"),
        "{v}"
    );
    let mut confirmed = extra.to_vec();
    confirmed.push(("confirm", json!(true)));
    let (st, v, _) = put(api_report(ids.lead, target, goal * 0.75, &confirmed)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(filed(&app, item, ids.lead).await.len(), 3);
}

async fn the_plans_jump_factor_decides_how_far_ahead_is_asked(app: App) {
    let ids = ids(&app).await;
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let (item, target) = (ids.enrol, ids.enrol_target);
    let goal = goal_of(&app, item, target).await;
    last_week(&app, item, ids.lead, target, goal / 20.0).await;
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    // The dashboard's settings show the default; out of range is refused, nothing saved.
    let (_, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert!(
        page.contains("id=\"jump_factor\" name=\"jump_factor\" inputmode=\"decimal\" value=\"4\""),
        "{page}"
    );
    let settings = |factor: &'static str| {
        vec![
            ("cadence", "weekly"),
            ("due_day", "5"),
            ("grace_days", "0"),
            ("yellow_gap", "10"),
            ("red_gap", "30"),
            ("blue_days", "15"),
            ("causes", "资金、其他"),
            ("jump_factor", factor),
        ]
    };
    let (st, body) = form(&app, "/plans/1/settings", &settings("0.5")).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("1 到 50"), "{body}");
    let saved = || async {
        app.store
            .plan_settings(PlanId(1))
            .await
            .unwrap()
            .jump_factor
    };
    assert_eq!(saved().await, 4.0);
    // Forty periods' pace: three quarters of the goal in March is then not asked.
    let (st, body) = form(&app, "/plans/1/settings", &settings("40")).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(saved().await, 40.0);
    let liaison = app
        .user("liaison", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&liaison));
    let (st, v, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{}/reports", item.0),
        Some(api_report(ids.lead, target, goal * 0.75, &[])),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

async fn goal_of(app: &App, item: ItemId, target: TargetId) -> f64 {
    app.store
        .item_detail(item)
        .await
        .unwrap()
        .1
        .targets
        .iter()
        .find(|t| t.id == target)
        .unwrap()
        .value
}

on_both!(
    the_form_holds_a_doubtful_report_until_it_is_answered,
    the_api_answers_a_doubtful_report_with_what_it_asks,
    the_plans_jump_factor_decides_how_far_ahead_is_asked,
);

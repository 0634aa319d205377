//! The ledger end to end through the router, with the clock moved by hand: import a seed
//! list, publish it, assign a share to a co-unit, file reports over simulated weeks, and
//! check lights, statuses, roll-ups and the not-reported list against numbers worked out by
//! hand, then the delay and acceptance cycle.

mod common;

use axum::http::StatusCode;
use common::{App, call, d, form, ids, on_both, report};
use minsheng_domain::{ItemId, Role};
use serde_json::{Value, json};

fn item(ledger: &Value, id: ItemId) -> &Value {
    ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["detail"]["item"]["id"] == id.0)
        .unwrap()
}

fn lights(ledger: &Value) -> (i64, i64, i64) {
    let l = &ledger["rollup"]["by_light"];
    (
        l["green"].as_i64().unwrap(),
        l["yellow"].as_i64().unwrap(),
        l["red"].as_i64().unwrap(),
    )
}

async fn a_year_of_weekly_reports(app: App) {
    let ids = ids(&app).await;
    // Not published yet: reports are refused.
    let (st, v, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{}/reports", ids.enrol.0),
        Some(report(
            ids.lead,
            "2024-03-04",
            &[(ids.enrol_target, json!(50))],
            None,
        )),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("尚未发布"));
    assert_eq!(v["error"]["reason"], "plan_not_published", "{v}");
    let (st, _) = form(&app, "/plans/1/state", &[("state", "published")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    // Assign units: the street offices answer for 3 of the 7 kindergartens.
    app.store
        .assign_unit(
            ids.school,
            ids.streets,
            Role::Co,
            Some((ids.school_target, 3.0)),
        )
        .await
        .unwrap();
    app.store
        .assign_unit(
            ids.school,
            ids.lead,
            Role::Lead,
            Some((ids.school_target, 4.0)),
        )
        .await
        .unwrap();

    // Week of 03-04, on Wednesday 03-06.
    for (item, unit, t, v) in [
        (ids.school, ids.lead, ids.school_target, 2),
        (ids.school, ids.streets, ids.school_target, 1),
        (ids.enrol, ids.lead, ids.enrol_target, 50),
    ] {
        let (st, body, _) = call(
            &app,
            "PUT",
            &format!("/api/v1/items/{}/reports", item.0),
            Some(report(unit, "2024-03-04", &[(t, json!(v))], None)),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "submitted");
    }

    // Monday 03-11: the week of 03-04 is closed. Expected 70/365 = 19.2%.
    app.clock.set(d("2024-03-11"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    let school = item(&l, ids.school);
    assert_eq!(
        school["targets"][0]["achieved"], 3.0,
        "2 + 1 from the two share holders"
    );
    assert_eq!(
        (
            school["assessment"]["light"].as_str(),
            school["assessment"]["status"].as_str()
        ),
        (Some("green"), Some("in_progress"))
    );
    // enrolment 50/500 = 10%, 9.2 points behind: still green.
    assert_eq!(item(&l, ids.enrol)["assessment"]["light"], "green");
    // canteen: nothing reported, 19.2 points behind: yellow, not started.
    let canteen = item(&l, ids.canteen);
    assert_eq!(
        (
            canteen["assessment"]["light"].as_str(),
            canteen["assessment"]["status"].as_str()
        ),
        (Some("yellow"), Some("not_started"))
    );
    // 27 items: 2 reported and green, the other 25 yellow and not reported.
    assert_eq!(l["rollup"]["items"], 27);
    assert_eq!(lights(&l), (2, 25, 0));
    assert_eq!(l["rollup"]["not_reported"], 25);
    assert_eq!(l["not_reported"].as_array().unwrap().len(), 25);

    // Week of 03-11: only enrolment reports; the school and its street share go missing.
    app.clock.set(d("2024-03-13"));
    let (st, _, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{}/reports", ids.enrol.0),
        Some(report(
            ids.lead,
            "2024-03-11",
            &[(ids.enrol_target, json!(60))],
            None,
        )),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    app.clock.set(d("2024-03-18"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    let missing: Vec<(i64, &str)> = l["not_reported"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["item_id"] == ids.school.0)
        .map(|n| (n["unit_id"].as_i64().unwrap(), n["unit"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [(ids.lead.0, "发展软环境保障局"), (ids.streets.0, "各街道")]
    );
    assert_eq!(
        l["rollup"]["not_reported"], 26,
        "25 silent items and the school"
    );
    // The dashboard and the workbench say the same.
    let (st, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("未报送") && page.contains("建成公办幼儿园"));
    let (_, _, wb) = call(
        &app,
        "GET",
        &format!("/workbench?unit={}", ids.streets.0),
        None,
    )
    .await;
    assert!(
        wb.contains("建成公办幼儿园"),
        "the share holder sees the item"
    );

    // Year end passes: everything unfinished is overdue, red, and owes an explanation.
    app.clock.set(d("2025-01-02"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(lights(&l), (0, 0, 27));
    assert_eq!(l["rollup"]["overdue"], 27);
    assert_eq!(
        item(&l, ids.enrol)["assessment"]["explanation_required"],
        true
    );
    let (st, v, _) = call(&app, "POST", &format!("/api/v1/items/{}/delays", ids.enrol.0), Some(json!({"unit_id": ids.lead.0, "cause": "招标", "explanation": "招生计划待省厅批复", "steps": [{"step": "报请批复", "due_on": "2025-02-15"}], "new_deadline": "2025-03-31"}))).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let delay = v["id"].as_i64().unwrap();
    let (st, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/delays/{delay}/review"),
        Some(json!({"approve": true, "note": "同意", "by": "专班"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (_, iv, _) = call(
        &app,
        "GET",
        &format!("/api/v1/items/{}/ledger", ids.enrol.0),
        None,
    )
    .await;
    assert_eq!(iv["item"]["assessment"]["status"], "extended");
    assert_eq!(
        (
            iv["item"]["original_deadline"].as_str(),
            iv["item"]["current_deadline"].as_str(),
            iv["item"]["extensions"].as_i64()
        ),
        (Some("2024-12-31"), Some("2025-03-31"), Some(1))
    );
    let (_, _, page) = call(&app, "GET", &format!("/items/{}", ids.enrol.0), None).await;
    assert!(
        page.contains("<s>2024-12-31</s>") && page.contains("2025-03-31"),
        "original vs current deadline shown"
    );

    // The school is finished (4 + 3 = 7), accepted, and counts as completed only then.
    app.clock.set(d("2024-12-18"));
    for (unit, v) in [(ids.lead, 4), (ids.streets, 3)] {
        let (st, b, _) = call(
            &app,
            "PUT",
            &format!("/api/v1/items/{}/reports", ids.school.0),
            Some(report(
                unit,
                "2024-12-16",
                &[(ids.school_target, json!(v))],
                None,
            )),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{b}");
    }
    let (st, v, _) = call(&app, "POST", &format!("/api/v1/items/{}/acceptance", ids.school.0), Some(json!({"unit_id": ids.lead.0, "completed_on": "2024-12-18", "summary": "7所幼儿园已开园"}))).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(
        item(&l, ids.school)["assessment"]["status"],
        "awaiting_acceptance"
    );
    assert_eq!(l["rollup"]["completed"], 0);
    let (st, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/acceptance/{}/decision", v["id"]),
        Some(json!({"approve": true, "by": "验收组"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    app.clock.set(d("2024-12-20"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(item(&l, ids.school)["assessment"]["status"], "accepted");
    assert_eq!(item(&l, ids.school)["accepted_on"], "2024-12-18");
    assert_eq!(l["rollup"]["completed"], 1);
    let (_, rows, _) = call(&app, "GET", "/api/v1/plans/1/rollups?by=category", None).await;
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["label"] == "基础教育优质提升项目" && r["rollup"]["completed"] == 1)
    );
}

on_both!(a_year_of_weekly_reports,);

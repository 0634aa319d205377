//! Adjustments through the pages and the API, on SQLite and PostgreSQL: the lead unit opens
//! the form filled with its item and proposes a major change (the deadline into next year, a
//! target cut); a co-unit is refused; the office's approval without the decision record is
//! refused with what was typed kept; with the record and its file it takes effect, and the
//! item's ledger page and public page show 原 → 新 with the decision.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, PlanState};
use serde_json::json;

on_both!(a_deadline_moves_into_next_year_by_an_approved_adjustment);

async fn a_deadline_moves_into_next_year_by_an_approved_adjustment(app: App) {
    let ids = ids(&app).await;
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let item = ids.school.0;

    // The lead unit's form, filled with the item as it stands.
    let unit = app.unit_user(ids.lead).await;
    app.act_as(Some(&unit));
    let (status, _, page) = call(&app, "GET", &format!("/items/{item}/adjust"), None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("调整理由"), "{page}");
    let (_, draft, _) = {
        app.act_as(None);
        call(&app, "GET", &format!("/api/v1/items/{item}/draft"), None).await
    };
    let mut after = draft["item"].clone();
    let was = after["targets"][0]["value"].as_f64().unwrap();
    after["targets"][0]["value"] = json!(was - 1.0);
    after["deadline"] = json!("2025-06-30");

    // A co-unit may not propose (a unit not on the item is not let in at all); the lead may.
    app.store
        .assign_unit(ids.school, ids.streets, minsheng_domain::Role::Co, None)
        .await
        .unwrap();
    let co = app.unit_user(ids.streets).await;
    app.act_as(Some(&co));
    let (status, v, _) = call(
        &app,
        "POST",
        &format!("/api/v1/items/{item}/adjustments"),
        Some(json!({"kind": "terminate", "reason": "征地延迟"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["reason"], "only_lead_unit");
    let outsider = app.unit_user(other_unit(&app, &ids).await).await;
    app.act_as(Some(&outsider));
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/items/{item}/adjustments"),
        Some(json!({"kind": "terminate", "reason": "征地延迟"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.act_as(Some(&unit));
    let (status, v, text) = call(
        &app,
        "POST",
        &format!("/api/v1/items/{item}/adjustments"),
        Some(json!({"kind": "change", "reason": "征地手续延迟，主体工程顺延至明年", "major": true, "after": after})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let id = v["adjustment"]["id"].as_i64().unwrap();
    assert_eq!(v["adjustment"]["into_later_year"], json!(true));
    app.act_as(None);

    // The office: approving a major change without its decision is refused, input kept.
    let (status, page) = post_form_text(
        &app,
        &format!("/adjustments/{id}/decide"),
        &[("decision", "approve"), ("note", "同意顺延")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("重大调整须有决定依据"), "{page}");
    assert!(page.contains("同意顺延"), "the note typed is kept");
    let (status, _) = post_form_text(
        &app,
        &format!("/adjustments/{id}/decide"),
        &[("decision", "maybe"), ("note", "x")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "only approve or return");
    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let (status, text, _) = post_form(
        &app,
        &format!("/adjustments/{id}/decide"),
        &[
            ("decision", "approve"),
            ("note", "同意顺延"),
            ("decision_body", "济宁高新区人大工委"),
            ("decision_number", "济高人大发〔2024〕5号"),
            ("decision_date", "2024-03-05"),
        ],
        &[("file", "决定.pdf", pdf)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    assert_eq!(
        app.store.item_deadlines(ids.school).await.unwrap().1,
        d("2025-06-30")
    );

    // Shown on the item's page, and publicly with its basis.
    let (_, _, page) = call(&app, "GET", &format!("/items/{item}"), None).await;
    assert!(page.contains("id=\"adjustment-"), "{page}");
    assert!(page.contains("济高人大发〔2024〕5号"), "{page}");
    assert!(page.contains("决定.pdf"), "the decision file is linked");
    app.act_as(Some("anonymous"));
    let (status, _, page) = call(&app, "GET", &format!("/public/items/{item}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("调整后"), "{page}");
    assert!(page.contains("2025-06-30"), "{page}");
    assert!(page.contains("济宁高新区人大工委"), "{page}");
    assert!(page.contains("延至下一年"), "{page}");
    app.act_as(None);

    // The office splits another item on the same form: the parts are read from their lines.
    let canteen = ids.canteen.0;
    let (status, _, page) = call(&app, "GET", &format!("/items/{canteen}/adjustments"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"merged\""),
        "other items offered for a merge"
    );
    let (status, text) = form(
        &app,
        &format!("/items/{canteen}/adjustments"),
        &[
            ("kind", "split"),
            ("name", "老年食堂"),
            ("lead", "民政局"),
            ("reason", "按街道分两批建设"),
            (
                "parts",
                "1. 新建社区老年食堂3处（牵头单位：东区街道；完成时限：2024年12月底）",
            ),
            ("confirm_units", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let (_, _, page) = call(&app, "GET", "/plans/1/adjustments", None).await;
    assert!(page.contains("拆出项目"), "{page}");
    assert!(page.contains("新建社区老年食堂3处"), "{page}");
}

/// A multipart form post without files, the answer's body as text.
async fn post_form_text(app: &App, uri: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (status, text, _) = post_form(app, uri, fields, &[]).await;
    (status, text)
}

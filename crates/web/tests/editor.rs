//! The plan editor through its pages and its API, on SQLite and PostgreSQL: a plan started
//! empty, items added on the form (a count and a level with its baseline) and pasted as text,
//! a refused form that keeps what was typed, an item changed and one deleted through the API,
//! and a published plan that refuses edits with the reason.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, TargetKind};
use serde_json::json;

on_both!(a_list_is_built_on_the_pages_and_the_api);

async fn a_list_is_built_on_the_pages_and_the_api(app: App) {
    let (status, v, text) = call(
        &app,
        "POST",
        "/api/v1/plans",
        Some(json!({"region": "测试区", "year": 2026, "title": "测试区2026年民生实事"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let plan = v["id"].as_i64().unwrap();
    let (status, _, page) = call(&app, "GET", &format!("/plans/{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("清单还没有项目"), "{page}");

    // An item on the form: a count and a level from its baseline.
    let (status, text) = form(
        &app,
        &format!("/plans/{plan}/items"),
        &[
            ("name", "提高城乡低保标准"),
            ("category", "社会保障"),
            ("lead", "区民政局、区财政局"),
            ("leaders", "王副区长"),
            ("deadline", "2026-12-31"),
            ("t.0.metric", "城市低保标准"),
            ("t.0.value", "1050"),
            ("t.0.unit", "元/人·月"),
            ("t.0.kind", "level"),
            ("t.0.comparator", "eq"),
            ("t.0.baseline", "788"),
            ("t.1.metric", "救助人次"),
            ("t.1.value", "1.2万"),
            ("t.1.unit", "人次"),
            ("t.1.comparator", "ge"),
            ("t.1.shares", "东区街道 5000\n西区街道：7000"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let d = app.store.plan_detail(PlanId(plan), None).await.unwrap();
    let item = &d.items[0];
    assert_eq!(item.lead_units.len(), 2);
    assert_eq!(item.targets[0].kind, TargetKind::Level);
    assert_eq!(item.targets[0].baseline, Some(788.0));
    assert_eq!(item.targets[1].value, 12000.0);
    let id = item.item.id.0;
    let (_, draft, _) = call(&app, "GET", &format!("/api/v1/items/{id}/draft"), None).await;
    assert_eq!(
        draft["item"]["targets"][1]["shares"][1]["share"],
        json!(7000.0)
    );

    // A refused form comes back with what was typed, and says what is wrong.
    let (status, page) = form(
        &app,
        &format!("/plans/{plan}/items"),
        &[
            ("name", "新增托位"),
            ("content", "新增普惠托位，方便双职工家庭"),
            ("t.0.metric", "托位"),
            ("t.0.value", "三百"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("不是数字"), "{page}");
    assert!(
        page.contains("新增普惠托位，方便双职工家庭"),
        "typed text kept"
    );
    assert!(page.contains("value=\"三百\""), "typed value kept");
    assert_eq!(
        app.store
            .plan_detail(PlanId(plan), None)
            .await
            .unwrap()
            .items
            .len(),
        1,
        "nothing saved"
    );

    // Several items pasted as text, read by the importer.
    let (status, text) = form(
        &app,
        &format!("/plans/{plan}/items/paste"),
        &[(
            "text",
            "1. 新建公办幼儿园4所，新增学位900个。（牵头单位：区教育局；完成时限：2026年12月底）\n2. 改造老旧小区20个，惠及居民5000户。（牵头单位：区住建局；完成时限：2026年10月底）",
        )],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let d = app.store.plan_detail(PlanId(plan), None).await.unwrap();
    assert_eq!(d.items.len(), 3);
    let pasted = &d.items[1];
    assert_eq!(pasted.lead_units[0].name, "区教育局");
    assert!(
        pasted.targets.iter().any(|t| t.value == 900.0),
        "{:?}",
        pasted.targets
    );

    // Through the API: a change keeps target ids, a bad value is refused by reason, a delete.
    let (_, mut draft, _) = call(&app, "GET", &format!("/api/v1/items/{id}/draft"), None).await;
    let kept = draft["item"]["targets"][0]["id"].clone();
    draft["item"]["targets"][0]["value"] = json!(1100);
    let (status, v, text) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{id}"),
        Some(draft["item"].clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(v["item"]["targets"][0]["id"], kept);
    assert_eq!(v["item"]["targets"][0]["value"], json!(1100.0));
    let (status, v, _) = call(
        &app,
        "POST",
        &format!("/api/v1/plans/{plan}/items"),
        Some(json!({"name": "坏数据", "targets": [{"metric": "托位", "value": -5}]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["reason"], "target_value");
    let third = d.items[2].item.id.0;
    let (status, _, _) = call(&app, "DELETE", &format!("/api/v1/items/{third}"), None).await;
    assert_eq!(status, StatusCode::OK);

    // Published: the editor says why it is closed, and the API refuses by reason.
    let (status, _) = form(
        &app,
        &format!("/plans/{plan}/state"),
        &[("state", "published")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = call(&app, "GET", &format!("/plans/{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("调整"), "{page}");
    let (status, v, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{id}"),
        Some(draft["item"].clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(v["error"]["reason"], "plan_not_draft");
}

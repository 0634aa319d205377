//! Allocation from an item's page (`/items/{id}/allocation`), on both databases: the office
//! gives a sub-district a share of a target, the page shows the share, what is left to give and
//! the region's figure from its own list; a figure that is not a number is refused with what
//! to do and nothing written; a unit may not allocate; the API gives the same view and
//! refuses a second allocation to the same region by its code.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, PlanState};

async fn the_office_allocates_an_item_to_a_region_below(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let district = s.plan_detail(PlanId(1), None).await.unwrap().region;
    let street = s
        .ensure_region("王因街道", Some(district.id))
        .await
        .unwrap();
    app.clock.set(d("2024-03-06"));
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    let uri = format!("/items/{}/allocation", ids.school.0);
    let (st, _, page) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"not-allocated\""), "{page}");
    let field = format!("r{}_t{}", street.id.0, ids.school_target.0);
    assert!(page.contains(&format!("name=\"{field}\"")), "{page}");

    // Not a number: refused, saying what to give; nothing allocated.
    let (st, body) = form(&app, &uri, &[(&field, "三所")]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("不是数字"), "{body}");
    assert!(
        s.allocation(ids.school, d("2024-03-06"))
            .await
            .unwrap()
            .is_none()
    );

    // A unit may not allocate.
    let unit = app.unit_user(ids.lead).await;
    app.act_as(Some(&unit));
    let (st, _) = form(&app, &uri, &[(&field, "1")]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    app.act_as(Some(&office));
    let (st, body) = form(&app, &uri, &[(&field, "1")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let view = s
        .allocation(ids.school, d("2024-03-06"))
        .await
        .unwrap()
        .expect("allocated");
    let part = &view.regions[0];
    assert_eq!(part.region.name, "王因街道");
    let (child_plan, child) = s.item_detail(part.item).await.unwrap();
    assert_eq!(child_plan.title, "王因街道2024年民生实事");
    assert_eq!(child.item.level.as_deref(), Some("县级"));

    let (st, _, page) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"allocation-regions\""), "{page}");
    assert!(page.contains(&format!("href=\"/items/{}\">王因街道", part.item.0)));
    assert!(
        page.contains("清单未发布"),
        "the street's list is a draft: {page}"
    );
    let goal = view.targets[0].value;
    if goal > 1.0 {
        assert!(page.contains("未下达"), "the rest of the target: {page}");
    }
    // Given once: the form no longer offers the street.
    assert!(!page.contains(&format!("name=\"{field}\"")), "{page}");
    // The same over the API: the view, and a refusal with its code (the street again).
    let (st, v, body) = call(
        &app,
        "GET",
        &format!("/api/v1/items/{}/allocation", ids.school.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(v["allocation"]["regions"][0]["region"]["name"], "王因街道");
    assert_eq!(v["allocation"]["targets"][0]["allocated"], 1.0);
    let again = serde_json::json!({"regions": [{"region_id": street.id.0, "shares": [{"target_id": ids.school_target.0, "share": 2}]}]});
    let (st, v, body) = call(
        &app,
        "POST",
        &format!("/api/v1/items/{}/allocations", ids.school.0),
        Some(again),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert_eq!(v["error"]["reason"], "already_allocated", "{body}");
    // The street's item says where it came from.
    let (st, _, page) = call(
        &app,
        "GET",
        &format!("/items/{}/allocation", part.item.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(page.contains("id=\"allocated-from\""), "{page}");
}

on_both!(the_office_allocates_an_item_to_a_region_below);

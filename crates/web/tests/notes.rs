//! Instructions (批示), comments and replies on an item: who may write which, and that they
//! appear on the item page in order.

mod common;

use axum::http::StatusCode;
use common::{App, call, form, on_both};
use minsheng_domain::access::UserRole;

async fn a_leader_instructs_the_unit_replies_a_deputy_comments(app: App) {
    let ids = common::ids(&app).await;
    let region = app.store.regions().await.unwrap()[0].id;
    let wang = app
        .store
        .save_leader(None, region, "王分管", None)
        .await
        .unwrap();
    app.store.assign_leader(ids.school, wang).await.unwrap();
    let leader = app
        .user("wang", UserRole::Leader, &[], Some(wang), &[])
        .await;
    let deputy = app
        .user("deputy", UserRole::Deputy, &[], None, &[ids.school])
        .await;
    let school = format!("/items/{}", ids.school.0);
    let enrol = format!("/items/{}", ids.enrol.0);

    app.act_as(Some(&leader));
    // The page is read (and kept) before the notes are written: what follows must show on it.
    let (st, _, page) = common::call(&app, "GET", &school, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!page.contains("加快进度，月底前开工"));
    let (st, _) = form(
        &app,
        &format!("{school}/instructions"),
        &[("body", "加快进度，月底前开工")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _) = form(
        &app,
        &format!("{enrol}/instructions"),
        &[("body", "不分管的项目")],
    )
    .await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "only items in the leader's charge"
    );
    let (st, _) = form(&app, &format!("{school}/comments"), &[("body", "x")]).await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "leaders do not comment as deputies"
    );
    let note = app.store.notes(ids.school).await.unwrap()[0].id.to_string();
    // The lead unit is told it owes an answer (in-app; e-mail and robots where configured).
    let told = app
        .store
        .notifications_for(&[ids.lead], None, 10)
        .await
        .unwrap();
    assert!(
        told.iter()
            .any(|n| n.title.contains("领导批示") && n.body.contains("月底前开工")),
        "{told:?}"
    );

    app.act_as(Some(&deputy));
    let (st, _) = form(
        &app,
        &format!("{school}/comments"),
        &[("body", "群众关心入园名额")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _) = form(&app, &format!("{enrol}/comments"), &[("body", "x")]).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "only monitored items");

    // The leader's dispatch view (published plans) counts the instruction as unanswered until
    // the unit replies.
    app.store
        .set_plan_state(
            minsheng_domain::PlanId(1),
            minsheng_domain::PlanState::Published,
        )
        .await
        .unwrap();
    app.act_as(Some(&leader));
    let (_, _, dispatch) = call(&app, "GET", "/dispatch", None).await;
    assert!(dispatch.contains("1 条待回复"), "{dispatch}");
    app.act_as(None);
    let unit = ids.lead.0.to_string();
    let (st, _) = form(
        &app,
        &format!("{school}/replies"),
        &[
            ("unit", &unit),
            ("reply_to", &note),
            ("body", "已部署，6月开工"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body) = form(
        &app,
        &format!("{school}/replies"),
        &[("unit", &unit), ("reply_to", "999"), ("body", "x")],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");

    app.act_as(Some(&leader));
    let (_, _, dispatch) = call(&app, "GET", "/dispatch", None).await;
    assert!(!dispatch.contains("条待回复"), "answered now");
    let (st, _, page) = common::call(&app, "GET", &school, None).await;
    assert_eq!(st, StatusCode::OK);
    let order: Vec<usize> = [
        "加快进度，月底前开工",
        "群众关心入园名额",
        "已部署，6月开工",
    ]
    .iter()
    .map(|t| page.find(t).unwrap_or_else(|| panic!("{t} on the page")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in order");
    assert!(
        page.contains("id=\"instruct\""),
        "the leader gets the instruction form"
    );
    let (st, _, _) = common::call(&app, "GET", &enrol, None).await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "a leader reads only the items in their charge"
    );
}

on_both!(a_leader_instructs_the_unit_replies_a_deputy_comments,);

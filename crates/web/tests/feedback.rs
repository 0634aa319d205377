//! Citizens' feedback: left without an account, shown only after moderation and then without
//! name or phone, escaped, spam held back, one client limited to five an hour; the item's unit
//! answers publicly and no other unit can.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, PlanState};

async fn public_page(app: &App, item: i64) -> String {
    let (_, _, html) = call(app, "GET", &format!("/public/items/{item}"), None).await;
    html
}

async fn feedback_is_moderated_escaped_limited_and_answered(app: App) {
    let ids = ids(&app).await;
    let school = ids.school.0;
    let leave = format!("/public/items/{school}/feedback");
    app.act_as(Some("anonymous"));
    let (st, _) = form(&app, &leave, &[("body", "什么时候开园？")]).await;
    assert_eq!(st, StatusCode::NOT_FOUND, "a draft plan takes no feedback");
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();

    let (st, _) = form(
        &app,
        &leave,
        &[
            ("kind", "question"),
            ("body", "幼儿园<script>alert(1)</script>什么时候开园？"),
            ("name", "张三"),
            ("phone", "13912345678"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body) = form(&app, &leave, &[("body", "好"), ("phone", "123")]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    let (st, _) = form(&app, &leave, &[("body", "低息贷款 http://spam.example")]).await;
    assert_eq!(
        st,
        StatusCode::SEE_OTHER,
        "spam is accepted quietly and held back"
    );
    assert!(
        !public_page(&app, school).await.contains("开园"),
        "not before moderation"
    );

    // The office sees both in its queue, the spam apart, and approves the question.
    app.act_as(None);
    let (_, _, queue) = call(&app, "GET", "/feedback", None).await;
    assert!(queue.contains("13912345678") && queue.contains("含网址"));
    let pending = app
        .store
        .feedback_queue(minsheng_domain::civic::FeedbackState::Pending, None)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    let id = pending[0].id;
    let (st, _) = form(
        &app,
        &format!("/feedback/{id}/moderate"),
        &[("decision", "approve")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);

    app.act_as(Some("anonymous"));
    let html = public_page(&app, school).await;
    assert!(html.contains("什么时候开园"));
    assert!(!html.contains("<script>alert"), "not rendered as markup");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        !html.contains("张三") && !html.contains("13912345678"),
        "no personal data"
    );
    assert!(!html.contains("spam.example"));

    // Five an hour from one client.
    for n in 0..3 {
        let (st, _) = form(&app, &leave, &[("body", &format!("第{n}条建议：增加学位"))]).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
    }
    let (st, body) = form(&app, &leave, &[("body", "再来一条")]).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("每小时最多 5 条"));

    // Another unit cannot answer; the item's unit answers publicly.
    let other = other_unit(&app, &ids).await;
    let b = app.unit_user(other).await;
    app.act_as(Some(&b));
    let (st, _) = form(
        &app,
        &format!("/feedback/{id}/reply"),
        &[("body", "不是我们")],
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let (st, _) = form(
        &app,
        &format!("/feedback/{id}/reply"),
        &[("body", "预计9月开园，届时公告。")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    app.act_as(Some("anonymous"));
    let html = public_page(&app, school).await;
    assert!(html.contains("预计9月开园") && html.contains("发展软环境保障局"));
}

on_both!(feedback_is_moderated_escaped_limited_and_answered,);

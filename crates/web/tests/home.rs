//! Where people start: the home page after sign-in and a plan's cockpit. Each role lands on
//! `/home` and sees what waits on it: a delay explanation filed by a unit waits on the
//! office's home, returned it waits on the unit's; an order to the unit shows as a to-do and
//! as an unread notification until read. The cockpit draws a plan on one screen for those who
//! may read its dashboard, and for no one else.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::NewOrder;
use serde_json::json;

/// The count shown on the task `id` of a home page.
fn task(page: &str, id: &str) -> usize {
    let at = page
        .find(&format!("id=\"task-{id}\""))
        .unwrap_or_else(|| panic!("no task {id} on the page:\n{page}"));
    let rest = &page[at..];
    let b = rest.find("<b class=\"count\">").expect("a count") + "<b class=\"count\">".len();
    rest[b..]
        .split('<')
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

/// The unread count beside 通知, 0 when none is shown.
fn unread(page: &str) -> usize {
    match page.find("class=\"unread\"") {
        None => 0,
        Some(at) => page[at..]
            .split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .parse()
            .unwrap(),
    }
}

async fn home(app: &App, who: &str) -> String {
    app.act_as(Some(who));
    let (st, _, page) = call(app, "GET", "/home", None).await;
    assert_eq!(st, StatusCode::OK, "{who}: {page}");
    page
}

async fn every_role_sees_what_waits_on_it(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let office = app.coordinator().await;
    let unit = app.unit_user(ids.lead).await;

    // Signing in lands on the home page.
    app.act_as(Some("anonymous"));
    let res = send(
        &app,
        axum::http::Request::post("/login")
            .header("host", "localhost")
            .header("content-type", "application/x-www-form-urlencoded"),
        axum::body::Body::from(format!("username={office}&password={PASSWORD}")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/home");

    // Nothing decided yet: the office's queue is empty; the unit owes this period's reports.
    let page = home(&app, &office).await;
    assert_eq!(task(&page, "delays"), 0);
    let page = home(&app, &unit).await;
    let due = task(&page, "due");
    assert!(due > 0, "the lead unit has reports due:\n{page}");
    let list = page.split("id=\"due-list\"").nth(1).expect("the due list");
    let list = list.split("<h2").next().unwrap();
    assert_eq!(
        list.matches(&format!("/report?unit={}", ids.lead.0))
            .count(),
        due.min(8),
        "each due report links to its form for this unit"
    );
    assert!(page.contains("发展软环境保障局"), "the unit is named");

    // A delay explanation waits on the office, linked to where it is decided.
    app.act_as(Some(&unit));
    let (st, v, _) = call(&app, "POST", &format!("/api/v1/items/{}/delays", ids.school.0), Some(json!({"unit_id": ids.lead.0, "cause": "招标", "explanation": "用地手续待批", "steps": [{"step": "报请批复", "due_on": "2024-04-15"}], "new_deadline": "2025-06-30"}))).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let delay = v["id"].as_i64().unwrap();
    let page = home(&app, &office).await;
    assert_eq!(task(&page, "delays"), 1);
    assert!(
        page.contains(&format!("href=\"/items/{}#delay\"", ids.school.0)),
        "{page}"
    );
    assert!(page.contains("延期说明 · 9."), "{page}");

    // Returned, it leaves the office's queue and waits on the unit.
    app.act_as(Some(&office));
    let (st, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/delays/{delay}/review"),
        Some(json!({"approve": false, "note": "请补充用地批复", "by": "专班"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(task(&home(&app, &office).await, "delays"), 0);
    let page = home(&app, &unit).await;
    assert_eq!(task(&page, "returned"), 1);
    assert!(page.contains("请补充用地批复"), "the reason is shown");

    // An order to the unit: a to-do and an unread notification until read.
    assert_eq!(unread(&page), 0);
    s.issue_order(
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
    let page = home(&app, &unit).await;
    assert_eq!(task(&page, "orders"), 1);
    assert_eq!(task(&page, "orders-overdue"), 0);
    assert!(page.contains("督办〔2024〕1号"), "{page}");
    assert_eq!(unread(&page), 1, "the header counts the notification");
    let (st, _) = form(&app, "/notifications/read", &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert_eq!(unread(&home(&app, &unit).await), 0);
    // Past its deadline it is overdue on both sides.
    app.clock.set(d("2024-03-25"));
    assert_eq!(task(&home(&app, &unit).await, "orders-overdue"), 1);
    assert_eq!(task(&home(&app, &office).await, "orders-overdue"), 1);

    // A leader sees the items in their charge; a deputy the items watched.
    let region = s.regions().await.unwrap()[0].id;
    let li = s
        .save_leader(None, region, "李分管", Some("副区长"))
        .await
        .unwrap();
    s.assign_leader(ids.school, li).await.unwrap();
    s.assign_leader(ids.enrol, li).await.unwrap();
    let leader = app.user("li", UserRole::Leader, &[], Some(li), &[]).await;
    let page = home(&app, &leader).await;
    assert_eq!(task(&page, "items"), 2);
    assert!(page.contains("李分管"), "the leader post is named");
    assert_eq!(
        task(&page, "changed"),
        2,
        "no review yet: every item is news"
    );
    let deputy = app
        .user("dep", UserRole::Deputy, &[], None, &[ids.canteen])
        .await;
    assert_eq!(task(&home(&app, &deputy).await, "watched"), 1);

    // The administrator: the audit chain intact, no delivery failed.
    let admin = app.user("root", UserRole::Admin, &[], None, &[]).await;
    let page = home(&app, &admin).await;
    assert_eq!(task(&page, "audit-breaks"), 0);
    assert!(task(&page, "audit-rows") > 0);
    assert_eq!(task(&page, "failed-jobs"), 0);

    // The viewer reads the plans and has nothing to do.
    let viewer = app.user("view", UserRole::Viewer, &[], None, &[]).await;
    let page = home(&app, &viewer).await;
    assert!(page.contains("data-plan=\"1\""), "{page}");
    assert!(!page.contains("id=\"tasks\""));

    // Not signed in: sent to sign in.
    app.act_as(Some("anonymous"));
    let (st, _, _) = call(&app, "GET", "/home", None).await;
    assert_ne!(st, StatusCode::OK);
}

async fn the_cockpit_shows_a_plan_on_one_screen(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    // Late in the year with nothing reported: items are red, units owe reports.
    app.clock.set(d("2024-09-18"));
    let office = app.coordinator().await;
    let page = {
        app.act_as(Some(&office));
        let (st, _, page) = call(&app, "GET", "/plans/1/cockpit", None).await;
        assert_eq!(st, StatusCode::OK, "{page}");
        page
    };
    let (_, ledger, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    let items = ledger["items"].as_array().unwrap();
    let red = items
        .iter()
        .filter(|i| i["assessment"]["light"] == "red")
        .count();
    assert!(red > 0, "nothing reported by September: red items");
    // The ring counts every item, the red list names each red one with its blocker line.
    assert!(page.contains("class=\"chart ring\""));
    assert!(
        page.contains(&format!(">{}</text>", items.len())),
        "the ring's middle holds the number of items"
    );
    let red_list = page.split("id=\"red-items\"").nth(1).unwrap();
    let red_list = red_list.split("</section>").next().unwrap();
    assert_eq!(red_list.matches("class=\"blocker\"").count(), red);
    assert!(
        red_list.contains("（未报告存在问题）"),
        "no report, no problem named"
    );
    // The trend from the first item's start to today, planned rising; ranked bars.
    let trend = page.split("id=\"trend\"").nth(1).unwrap();
    let planned = trend.split("class=\"planned\" points=\"").nth(1).unwrap();
    let ys: Vec<f64> = planned
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(ys.len() > 10, "a point per period: {ys:?}");
    assert!(ys.first() > ys.last(), "planned progress rises (y falls)");
    assert!(page.contains("各单位指标完成率") && page.contains("分类指标完成率"));
    // Units not reporting, by unit.
    assert!(page.contains("id=\"not-reporting\""));
    assert!(page.contains("发展软环境保障局"), "{page}");
    // The big screen reloads itself; the normal page does not.
    assert!(!page.contains("http-equiv=\"refresh\""));
    let (_, _, screen) = call(&app, "GET", "/plans/1/cockpit?screen=1", None).await;
    assert!(screen.contains("http-equiv=\"refresh\" content=\"300\""));
    assert!(screen.contains("class=\"screen\""));

    // A leader with an item in the plan reads it; one without, a unit and a deputy do not.
    let region = s.regions().await.unwrap()[0].id;
    let li = s.save_leader(None, region, "李分管", None).await.unwrap();
    s.assign_leader(ids.school, li).await.unwrap();
    let idle = s.save_leader(None, region, "赵副区长", None).await.unwrap();
    let leader = app.user("li", UserRole::Leader, &[], Some(li), &[]).await;
    let other = app
        .user("zhao", UserRole::Leader, &[], Some(idle), &[])
        .await;
    let unit = app.unit_user(ids.lead).await;
    let deputy = app
        .user("dep", UserRole::Deputy, &[], None, &[ids.school])
        .await;
    for (who, allowed) in [
        (&leader, true),
        (&other, false),
        (&unit, false),
        (&deputy, false),
    ] {
        app.act_as(Some(who));
        let (st, _, _) = call(&app, "GET", "/plans/1/cockpit", None).await;
        assert_eq!(st == StatusCode::OK, allowed, "{who}: {st}");
    }
}

on_both!(
    every_role_sees_what_waits_on_it,
    the_cockpit_shows_a_plan_on_one_screen
);

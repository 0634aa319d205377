//! Access, route by route: every route of the access table × every role (and an anonymous
//! visitor), on SQLite and on PostgreSQL; and unit A against unit B's item by every route
//! that names an item, a report or a file.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, Ids, app, d, ids, pg_app, report};
use http_body_util::BodyExt;
use minsheng_domain::access::{UserRole, grants};
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::{LeaderId, PlanId, PlanState};
use minsheng_store::{
    AcceptanceInput, DelayInput, DelayStep, MilestoneInput, NewAttachment, OwnerKind, ReportWrite,
};
use serde_json::json;
use std::collections::HashMap;
use tower::ServiceExt;

/// Records the routes address, made once per database.
struct Fixture {
    ids: Ids,
    report: i64,
    draft: i64,
    attachment: i64,
    draft_file: i64,
    delay: i64,
    acceptance: i64,
    milestone: i64,
    review: i64,
    victim: i64,
    order: i64,
    bulletin: i64,
}

async fn fixture(app: &App) -> Fixture {
    let ids = ids(app).await;
    let s = &app.store;
    app.clock.set(d("2024-03-06"));
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let now = app.clock.now();
    let content = |v: f64| ReportContent {
        values: vec![minsheng_domain::ledger::TargetValue {
            target_id: ids.school_target,
            value: v,
        }],
        ..ReportContent::default()
    };
    let write = |submit| ReportWrite {
        content: content(2.0),
        revision: None,
        submit,
        correction_reason: None,
    };
    let report = s
        .save_report(ids.school, ids.lead, d("2024-03-04"), &write(true), now)
        .await
        .unwrap()
        .id
        .0;
    app.clock.set(d("2024-03-12"));
    let now = app.clock.now();
    let draft = s
        .save_report(ids.school, ids.lead, d("2024-03-11"), &write(false), now)
        .await
        .unwrap()
        .id
        .0;
    let file = |kind, owner| NewAttachment {
        owner_kind: kind,
        owner_id: owner,
        purpose: "photo".into(),
        file_name: "a.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 3,
        sha256: "00".repeat(32),
        taken_at: None,
        lat: None,
        lon: None,
        has_thumb: false,
    };
    let draft_file = s
        .add_attachment(ids.school, &file(OwnerKind::Report, draft), now)
        .await
        .unwrap()
        .id
        .0;
    let causes = s.plan_settings(PlanId(1)).await.unwrap().delay_causes;
    let delay = s
        .submit_delay(
            ids.school,
            ids.lead,
            &DelayInput {
                cause: causes[0].clone(),
                explanation: "用地手续".into(),
                steps: vec![DelayStep {
                    step: "协调".into(),
                    due_on: None,
                }],
                new_deadline: d("2025-06-30"),
            },
            now,
        )
        .await
        .unwrap()
        .0;
    let acceptance = s
        .request_acceptance(
            ids.school,
            ids.lead,
            &AcceptanceInput {
                completed_on: d("2024-03-10"),
                summary: "完成".into(),
            },
            now,
        )
        .await
        .unwrap()
        .0;
    let milestone = s
        .add_milestone(
            ids.school,
            &MilestoneInput {
                title: "开工".into(),
                owner_unit_id: Some(ids.lead),
                due_on: d("2024-06-30"),
                planned_percent: None,
            },
        )
        .await
        .unwrap()
        .0;
    let attachment = s
        .add_attachment(ids.school, &file(OwnerKind::Milestone, milestone), now)
        .await
        .unwrap()
        .id
        .0;
    let list = minsheng_importer::parse_bytes(
        include_bytes!("../../../demo/示范区2025年民生实事项目清单.txt"),
        "x.txt",
    )
    .unwrap();
    let review = s.create_import_review("x.txt", b"1", &list).await.unwrap();
    let victim = app.user("victim", UserRole::Viewer, &[], None, &[]).await;
    let victim = s.user_by_name(&victim).await.unwrap().unwrap().id.0;
    let order = s
        .issue_order(
            &minsheng_store::NewOrder {
                item: ids.school,
                unit: None,
                requirement: "加快进度".into(),
                deadline: d("2024-03-20"),
                origin: "manual".into(),
            },
            now,
        )
        .await
        .unwrap();
    let bulletin = s
        .create_bulletin(
            PlanId(1),
            minsheng_domain::supervision::BulletinKind::Quarterly,
            d("2024-03-12"),
            now,
        )
        .await
        .unwrap();
    Fixture {
        order,
        bulletin,
        ids,
        report,
        draft,
        attachment,
        draft_file,
        delay,
        acceptance,
        milestone,
        review,
        victim,
    }
}

/// Accounts of every role, each able to pass the object checks on the school item.
async fn accounts(app: &App, f: &Fixture) -> Vec<(Option<UserRole>, String)> {
    let region = app.store.regions().await.unwrap()[0].id;
    let leader: LeaderId = app
        .store
        .save_leader(None, region, "王分管", Some("副区长"))
        .await
        .unwrap();
    app.store.assign_leader(f.ids.school, leader).await.unwrap();
    let mut out = vec![(None, "anonymous".to_string())];
    for role in UserRole::ALL {
        let units = if role.is_unit_role() {
            vec![f.ids.lead]
        } else {
            Vec::new()
        };
        let monitors = if *role == UserRole::Deputy {
            vec![f.ids.school]
        } else {
            Vec::new()
        };
        let name = app
            .user(
                &format!("r-{}", role.code()),
                *role,
                &units,
                Some(leader).filter(|_| *role == UserRole::Leader),
                &monitors,
            )
            .await;
        out.push((Some(*role), name));
    }
    out
}

fn concrete(path: &str, f: &Fixture) -> String {
    let id = |p: &str| -> String {
        match p {
            "/plans/{id}"
            | "/api/v1/plans/{id}"
            | "/api/v1/plans/{id}/items"
            | "/api/v1/plans/{id}/ledger"
            | "/api/v1/plans/{id}/rollups"
            | "/plans/{id}/dashboard"
            | "/plans/{id}/settings"
            | "/plans/{id}/state"
            | "/plans/{id}/lock"
            | "/plans/{id}/bulletins"
            | "/plans/{id}/scores"
            | "/plans/{id}/scores/xlsx"
            | "/plans/{id}/ratings"
            | "/plans/{id}/periods"
            | "/api/v1/plans/{id}/orders"
            | "/api/v1/plans/{id}/bulletins"
            | "/public/plans/{id}/data.json"
            | "/public/plans/{id}/data.csv"
            | "/public/plans/{id}/sites.geojson"
            | "/public/plans/{id}/map"
            | "/plans/{id}/campaigns"
            | "/plans/{id}/carry" => "1".into(),
            "/campaigns/{id}"
            | "/campaigns/{id}/apply"
            | "/proposals/{id}/screen"
            | "/ballots/{id}"
            | "/ballots/{id}/vote"
            | "/ballots/{id}/adopt" => "999999".into(),
            "/orders/{id}"
            | "/orders/{id}/act"
            | "/api/v1/orders/{id}"
            | "/api/v1/orders/{id}/steps" => f.order.to_string(),
            "/bulletins/{id}"
            | "/bulletins/{id}/issue"
            | "/bulletins/{id}/docx"
            | "/bulletins/{id}/xlsx"
            | "/api/v1/bulletins/{id}" => f.bulletin.to_string(),
            "/admin/contacts/{id}/delete"
            | "/admin/jobs/{id}/retry"
            | "/feedback/{id}/moderate"
            | "/feedback/{id}/reply" => "999999".into(),
            "/reports/{id}" | "/api/v1/reports/{id}" => f.report.to_string(),
            "/files/{id}"
            | "/files/{id}/thumb"
            | "/files/{id}/public"
            | "/public/photos/{id}"
            | "/public/photos/{id}/thumb" => f.attachment.to_string(),
            "/delays/{id}/review" | "/api/v1/delays/{id}/review" => f.delay.to_string(),
            "/acceptance/{id}/decide" | "/api/v1/acceptance/{id}/decision" => {
                f.acceptance.to_string()
            }
            "/milestones/{id}/done" | "/api/v1/milestones/{id}/done" => f.milestone.to_string(),
            "/import/{id}"
            | "/import/{id}/reading"
            | "/import/{id}/starts"
            | "/import/{id}/columns" => f.review.to_string(),
            "/admin/users/{id}" | "/admin/users/{id}/password" => f.victim.to_string(),
            "/account/tokens/{id}/revoke" => "999999".into(),
            p if p.contains("/items/{id}") => f.ids.school.0.to_string(),
            other => panic!("no sample id for {other}: add one to the access test"),
        }
    };
    if path == "/public/proposals/{code}" {
        return "/public/proposals/JYNOSUCHCODE".into();
    }
    if path.contains("{code}") {
        return path.replace("{code}", "en");
    }
    if path.contains("{id}") {
        return path.replace("{id}", &id(path));
    }
    path.to_string()
}

/// A request to `uri` as `name`: with its session cookie and CSRF token, unless anonymous.
async fn as_person(
    app: &App,
    method: &str,
    uri: &str,
    role: Option<UserRole>,
    name: &str,
) -> axum::http::request::Builder {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost");
    if role.is_none() {
        return req;
    }
    let (token, csrf) = app.session_of(name).await;
    req.header(
        header::COOKIE,
        format!("{}={token}", minsheng_web::SESSION_COOKIE),
    )
    .header("x-csrf-token", csrf)
}

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

#[tokio::test]
async fn route_role_matrix_on_sqlite() {
    let Some(app) = app().await else { return };
    every_route_for_every_role(app).await;
}

#[tokio::test]
async fn route_role_matrix_on_postgres() {
    let Some(app) = pg_app("matrix").await else {
        return;
    };
    every_route_for_every_role(app).await;
}

/// Unit B's liaison tries unit A's school item by every route that names it, its reports or
/// its files, including by guessing ids in the API; nothing is shown and nothing is written.
#[tokio::test]
async fn a_unit_cannot_reach_another_units_item() {
    let Some(app) = app().await else { return };
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

/// Every field name a page's forms use, read from the templates.
fn form_field_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in html.split("name=\"").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && part[name.len()..].starts_with('"') && name != "csrf" {
                names.insert(name);
            }
        }
    }
    names.into_iter().collect()
}

/// Hostile input against every writing route the route table lists, as every role: huge and
/// non-finite numbers, negative ones and overlong text in every field the forms use (and as
/// every key of an API body). Nothing may answer 5xx, and nothing non-finite may be stored.
async fn hostile_input_on_every_route(app: App) {
    let f = fixture(&app).await;
    let people = accounts(&app, &f).await;
    let names = form_field_names();
    assert!(names.len() > 50, "{names:?}");
    // Longer than any text field takes (MAX_TEXT is 5000).
    let long = "长".repeat(6_000);
    let values = ["1e308", "NaN", "-1", "99999999999999999999", long.as_str()];
    let mut routes: Vec<_> = minsheng_web::ROUTES
        .iter()
        .filter(|(m, p, _)| *m != "GET" && *p != "/logout" && *p != "/login")
        .collect();
    routes.sort_by_key(|(_, p, _)| *p);
    let mut wrong = Vec::new();
    let mut sent = 0;
    for (method, pattern, perm) in &routes {
        let uri = concrete(pattern, &f);
        for (role, name) in &people {
            if role.is_none() && !grants(None, *perm) {
                continue;
            }
            for value in values {
                let mut req = as_person(&app, method, &uri, *role, name).await;
                let body = if pattern.starts_with("/api/") {
                    req = req.header(header::CONTENT_TYPE, "application/json");
                    let number: Option<f64> = value.parse().ok().filter(|v: &f64| v.is_finite());
                    let v = match number {
                        Some(n) => json!(n),
                        None => json!(value),
                    };
                    let obj: serde_json::Map<String, serde_json::Value> =
                        names.iter().map(|k| (k.clone(), v.clone())).collect();
                    Body::from(serde_json::Value::Object(obj).to_string())
                } else {
                    req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                    let encoded = common::urlencode(value);
                    Body::from(
                        names
                            .iter()
                            .map(|k| format!("{k}={encoded}"))
                            .collect::<Vec<_>>()
                            .join("&"),
                    )
                };
                let res = app
                    .router
                    .clone()
                    .oneshot(req.body(body).unwrap())
                    .await
                    .unwrap();
                sent += 1;
                if res.status().is_server_error() {
                    wrong.push(format!(
                        "{method} {uri} as {name} with {}: {}",
                        value.chars().take(20).collect::<String>(),
                        res.status()
                    ));
                }
            }
        }
    }
    assert!(sent > 500, "{sent}");
    assert!(
        wrong.is_empty(),
        "{} answered 5xx:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    for item in [f.ids.school, f.ids.enrol] {
        for r in app.store.item_reports(item).await.unwrap() {
            let c = &r.content;
            let numbers = c.values.iter().map(|v| v.value).chain(c.percent).chain(
                c.investments
                    .iter()
                    .flat_map(|i| [i.planned, i.completed, i.disbursed]),
            );
            for n in numbers {
                assert!(
                    n.is_finite() && n <= minsheng_domain::ledger::MAX_QUANTITY,
                    "stored {n}"
                );
            }
        }
    }
}

#[tokio::test]
async fn hostile_input_on_every_route_on_sqlite() {
    let Some(app) = app().await else { return };
    hostile_input_on_every_route(app).await;
}

#[tokio::test]
async fn hostile_input_on_every_route_on_postgres() {
    let Some(app) = pg_app("hostile").await else {
        return;
    };
    hostile_input_on_every_route(app).await;
}

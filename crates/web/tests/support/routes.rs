//! What the route tests address: one record of every kind a route names, an account of every
//! role, each route pattern made concrete, and a request signed in as a person.

#![allow(dead_code)]

use crate::common::{App, Ids, d, ids};
use axum::http::{Request, header};
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::ReportContent;
use minsheng_domain::{LeaderId, PlanId, PlanState};
use minsheng_store::{
    AcceptanceInput, DelayInput, DelayStep, MilestoneInput, NewAttachment, OwnerKind, ReportWrite,
};

/// Records the routes address, made once per database.
pub struct Fixture {
    pub ids: Ids,
    pub report: i64,
    pub draft: i64,
    pub attachment: i64,
    pub draft_file: i64,
    pub delay: i64,
    pub acceptance: i64,
    pub milestone: i64,
    pub review: i64,
    pub victim: i64,
    pub order: i64,
    pub bulletin: i64,
}

pub async fn fixture(app: &App) -> Fixture {
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
        ..ReportWrite::default()
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
        phash: None,
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
        include_bytes!("../../../../demo/示范区2025年民生实事项目清单.txt"),
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
pub async fn accounts(app: &App, f: &Fixture) -> Vec<(Option<UserRole>, String)> {
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

pub fn concrete(path: &str, f: &Fixture) -> String {
    let id = |p: &str| -> String {
        match p {
            "/plans/{id}"
            | "/api/v1/plans/{id}"
            | "/api/v1/plans/{id}/items"
            | "/api/v1/plans/{id}/ledger"
            | "/api/v1/plans/{id}/rollups"
            | "/plans/{id}/dashboard"
            | "/plans/{id}/ledger.xlsx"
            | "/plans/{id}/cockpit"
            | "/plans/{id}/report-sheet.xlsx"
            | "/plans/{id}/report-sheets"
            | "/plans/{id}/report-sheets/confirm"
            | "/plans/{id}/settings"
            | "/plans/{id}/state"
            | "/plans/{id}/lock"
            | "/plans/{id}/remind"
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
            | "/plans/{id}/carry"
            | "/plans/{id}/edit"
            | "/plans/{id}/items/new"
            | "/plans/{id}/items"
            | "/plans/{id}/items/paste"
            | "/plans/{id}/renumber"
            | "/plans/{id}/categories"
            | "/api/v1/plans/{id}/items/text"
            | "/api/v1/plans/{id}/categories" => "1".into(),
            "/categories/{id}"
            | "/adjustments/{id}"
            | "/adjustments/{id}/decide"
            | "/api/v1/adjustments/{id}"
            | "/api/v1/adjustments/{id}/decision" => "999999".into(),
            "/plans/{id}/adjustments/new"
            | "/plans/{id}/xlsx"
            | "/plans/{id}/xlsx/apply"
            | "/plans/{id}/adjustments"
            | "/plans/{id}/links"
            | "/plans/{id}/meetings"
            | "/api/v1/plans/{id}/adjustments" => "1".into(),
            "/campaigns/{id}"
            | "/campaigns/{id}/apply"
            | "/proposals/{id}/screen"
            | "/ballots/{id}"
            | "/ballots/{id}/vote"
            | "/ballots/{id}/adopt" => "999999".into(),
            "/meetings/{id}"
            | "/meetings/{id}/screen"
            | "/meetings/{id}/docx"
            | "/meetings/{id}/minutes"
            | "/meetings/{id}/agenda"
            | "/meetings/{id}/agenda/remove"
            | "/meetings/{id}/agenda/move"
            | "/meetings/{id}/attendees"
            | "/meetings/{id}/matters"
            | "/meetings/{id}/photos"
            | "/meetings/{id}/issue" => "999999".into(),
            "/orders/{id}"
            | "/orders/{id}/act"
            | "/orders/{id}/print"
            | "/orders/{id}/docx"
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
            | "/feedback/{id}/reply"
            | "/public/campaigns/{id}/code"
            | "/public/campaigns/{id}/verify" => "999999".into(),
            "/reports/{id}" | "/api/v1/reports/{id}" => f.report.to_string(),
            "/regions/{id}/cockpit" => "1".into(),
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
            "/admin/users/{id}"
            | "/admin/users/{id}/password"
            | "/admin/users/{id}/second-factor/reset" => f.victim.to_string(),
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
pub async fn as_person(
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

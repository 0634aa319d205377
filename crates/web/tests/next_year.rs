//! Next year's list and the public evidence: a closed ballot's winners become ★ items of a
//! draft plan with their provenance (proposal → candidate → vote → item), unfinished items are
//! carried over (结转) with links both ways, and photos reach the public page only once the
//! office approves them — on SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::Disposition;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::{NewProposal, ProposalState};

/// Three screened candidates for 2025; returns their ids and the first one's tracking code.
async fn candidates(app: &App) -> (Vec<i64>, String) {
    let s = &app.store;
    let region = s.regions().await.unwrap()[0].id;
    let now = app.clock.now().at;
    let mut ids = Vec::new();
    let mut first = String::new();
    for t in ["增设新能源汽车充电桩", "改造老旧供水管网", "新建口袋公园"] {
        let code = s
            .leave_proposal(
                &NewProposal {
                    region: Some(region),
                    year: 2025,
                    title: t.into(),
                    content: format!("{t}，方便周边居民"),
                    name: Some("张先生".into()),
                    phone: Some("13800138000".into()),
                    client: minsheng_store::Client {
                        address: format!("client-{t}"),
                        agent: String::new(),
                    },
                    ..NewProposal::default()
                },
                now,
            )
            .await
            .unwrap();
        if first.is_empty() {
            first = code.clone();
        }
        let p = s.proposal_by_code(&code).await.unwrap();
        s.screen_proposal(
            p.id,
            ProposalState::Candidate,
            "约 300 万元",
            "可行",
            "",
            now,
        )
        .await
        .unwrap();
        ids.push(p.id);
    }
    (ids, first)
}

async fn ballot(app: &App, ids: &[i64], votes: &[&[usize]]) -> i64 {
    let region = app.store.regions().await.unwrap()[0].id.0.to_string();
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("title", "2025年民生实事项目票决"),
        ("region", region.as_str()),
        ("year", "2025"),
        ("choose", "2"),
        ("opens", "2024-03-01T09:00"),
        ("closes", "2024-03-10T18:00"),
    ];
    for id in &ids {
        fields.push(("candidate", id));
    }
    app.act_as(None);
    let (st, body) = form(app, "/ballots", &fields).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let b = app.store.ballots().await.unwrap()[0].id;
    for (n, picks) in votes.iter().enumerate() {
        let name = format!("deputy-{b}-{n}");
        let d = app.user(&name, UserRole::Deputy, &[], None, &[]).await;
        app.act_as(Some(&d));
        let f: Vec<(&str, &str)> = picks.iter().map(|&i| ("choice", ids[i].as_str())).collect();
        let (st, body) = form(app, &format!("/ballots/{b}/vote"), &f).await;
        assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    }
    app.act_as(None);
    b
}

async fn page(app: &App, uri: &str) -> (StatusCode, String) {
    let (st, _, body) = call(app, "GET", uri, None).await;
    (st, body)
}

async fn adopted_items_carry_their_provenance(app: App) {
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let (ids, code) = candidates(&app).await;
    // A: 3 votes, B: 2, C: 1 — two seats.
    let b = ballot(&app, &ids, &[&[0, 1], &[0, 1], &[0, 2]]).await;
    let adopt = format!("/ballots/{b}/adopt");
    let (st, body) = form(&app, &adopt, &[]).await;
    assert_eq!(st, StatusCode::CONFLICT, "still open: {body}");
    app.clock.set(d("2024-03-11"));
    app.forget_sessions();
    let d1 = app.user("deputy-x", UserRole::Deputy, &[], None, &[]).await;
    app.act_as(Some(&d1));
    let (st, _) = form(&app, &adopt, &[]).await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "deputies vote, the office adopts"
    );
    app.act_as(None);
    let (st, _) = form(&app, &adopt, &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body) = form(&app, &adopt, &[]).await;
    assert_eq!(st, StatusCode::CONFLICT, "only once: {body}");
    let draft = PlanId(s.ballots().await.unwrap()[0].adopted_plan_id.unwrap());
    let plan = s.plan_detail(draft, None).await.unwrap();
    assert_eq!(plan.plan.state, PlanState::Draft);
    assert_eq!(plan.plan.year, 2025);
    let made: Vec<(&str, String, bool)> = plan
        .items
        .iter()
        .map(|i| (i.item.seq.as_str(), i.item.display_title(), i.item.voted))
        .collect();
    assert_eq!(
        made,
        vec![
            ("★1", "增设新能源汽车充电桩".to_string(), true),
            ("★2", "改造老旧供水管网".to_string(), true)
        ]
    );
    let (_, body) = page(&app, &format!("/plans/{}", draft.0)).await;
    assert!(body.contains("★ 票决") && body.contains("人大代表票决项目"));
    let winner = plan.items[0].item.id;
    // While the plan is a draft, the public sees neither the item nor a link to it.
    app.act_as(Some("anonymous"));
    let (st, _) = page(&app, &format!("/public/items/{}", winner.0)).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, fate) = page(&app, &format!("/public/proposals/{code}")).await;
    assert!(fate.contains("已列入民生实事项目") && !fate.contains("id=\"became\""));
    assert!(!fate.contains("13800138000") && !fate.contains("张先生"));

    // Carry over: two unfinished 2024 items; a terminated one is refused.
    app.act_as(None);
    let old = s.plan_detail(PlanId(1), None).await.unwrap();
    let (a, bb, stopped) = (
        old.items[0].item.id,
        old.items[1].item.id,
        old.items[2].item.id,
    );
    s.set_disposition(stopped, Some(Disposition::Terminated), "政策调整")
        .await
        .unwrap();
    let (_, body) = page(&app, &format!("/plans/{}", draft.0)).await;
    assert!(body.contains("id=\"carry\""));
    let carry = format!("/plans/{}/carry", draft.0);
    let (st, body) = form(&app, &carry, &[("item", &stopped.0.to_string())]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    let (st, _) = form(
        &app,
        &carry,
        &[("item", &a.0.to_string()), ("item", &bb.0.to_string())],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _) = form(&app, &carry, &[("item", &a.0.to_string())]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "carried once only");
    let plan = s.plan_detail(draft, None).await.unwrap();
    assert_eq!(plan.items.len(), 4);
    let copy = &plan.items[2];
    assert_eq!(copy.item.carried_over_from, Some(a));
    assert_eq!(copy.item.display_title(), old.items[0].item.display_title());
    assert_eq!(copy.targets.len(), old.items[0].targets.len());
    assert_eq!(copy.lead_units, old.items[0].lead_units);
    let led = s.item_ledger(a, app.clock.today()).await.unwrap();
    assert_eq!(
        led.item().assessment.status,
        minsheng_domain::ledger::ItemStatus::CarriedOver
    );

    // The public page of the item carried over (kept between visits) does not name the copy
    // while the plan it went into is a draft.
    app.act_as(Some("anonymous"));
    let (_, before) = page(&app, &format!("/public/items/{}", a.0)).await;
    assert!(!before.contains("已结转至"), "{before}");
    app.act_as(None);

    // Published: the proposal's fate links to the item, the item shows its provenance, and
    // the carried items link both ways.
    s.set_plan_state(draft, PlanState::Published).await.unwrap();
    app.act_as(Some("anonymous"));
    let (_, fate) = page(&app, &format!("/public/proposals/{code}")).await;
    assert!(fate.contains(&format!(
        "href=\"/public/items/{}\" id=\"became\"",
        winner.0
    )));
    let (st, item) = page(&app, &format!("/public/items/{}", winner.0)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(item.contains("id=\"provenance\"") && item.contains(&code));
    assert!(item.contains("<b id=\"votes\">3</b> / 3"), "{item}");
    assert!(!item.contains("13800138000") && !item.contains("张先生"));
    let (_, from) = page(&app, &format!("/public/items/{}", copy.item.id.0)).await;
    assert!(
        from.contains("id=\"carried-from\"") && from.contains(&format!("/public/items/{}", a.0))
    );
    let (_, to) = page(&app, &format!("/public/items/{}", a.0)).await;
    assert!(to.contains("已结转至") && to.contains(&format!("/public/items/{}", copy.item.id.0)));
    app.act_as(None);
}

/// A tie for the last seat is not decided by the software.
async fn a_tie_for_the_last_seat_is_refused(app: App) {
    let (ids, _) = candidates(&app).await;
    // A 2, B 1, C 1 with two seats: B and C tie for the second.
    let b = ballot(&app, &ids, &[&[0, 1], &[0, 2]]).await;
    app.clock.set(d("2024-03-11"));
    app.forget_sessions();
    let (st, body) = form(&app, &format!("/ballots/{b}/adopt"), &[]).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(
        body.contains("末位得票相同")
            && body.contains("改造老旧供水管网")
            && body.contains("新建口袋公园")
    );
    assert!(
        app.store.ballots().await.unwrap()[0]
            .adopted_plan_id
            .is_none()
    );
}

/// Photos: none public until approved, never one of a draft, withdrawn on request.
async fn photos_are_public_only_once_approved(app: App) {
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let ids = ids(&app).await;
    let uri = format!("/items/{}/report", ids.enrol.0);
    let unit = ids.lead.0.to_string();
    let t = format!("t{}", ids.enrol_target.0);
    let photo = jpeg_with_exif();
    let draft = |action: &'static str, rev: &'static str| {
        [
            ("unit", unit.clone()),
            ("period", "2024-03-04".to_string()),
            ("revision", rev.to_string()),
            (t.as_str(), "40".to_string()),
            ("progress", "完成招生方案".to_string()),
            ("action", action.to_string()),
        ]
        .map(|(k, v)| (k.to_string(), v))
    };
    let f = draft("save", "0");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (st, body, _) = post_form(&app, &uri, &f, &[("files", "现场.jpg", &photo)]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let file = s.item_attachments(ids.enrol).await.unwrap()[0].clone();
    let publish = format!("/files/{}/public", file.id.0);
    let (st, body) = form(&app, &publish, &[("public", "1")]).await;
    assert_eq!(st, StatusCode::CONFLICT, "a draft's photo: {body}");
    let f = draft("submit", "1");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (st, body, _) = post_form(&app, &uri, &f, &[]).await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let public_page = format!("/public/items/{}", ids.enrol.0);
    let thumb = format!("/public/photos/{}/thumb", file.id.0);
    app.act_as(Some("anonymous"));
    let (_, body) = page(&app, &public_page).await;
    assert!(!body.contains("id=\"photos\""));
    assert_eq!(page(&app, &thumb).await.0, StatusCode::NOT_FOUND);
    // A unit may not approve; the office does.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    assert_eq!(
        form(&app, &publish, &[("public", "1")]).await.0,
        StatusCode::FORBIDDEN
    );
    app.act_as(None);
    let (st, body) = form(&app, &publish, &[("public", "yes")]).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        form(&app, &publish, &[("public", "1")]).await.0,
        StatusCode::SEE_OTHER
    );
    app.act_as(Some("anonymous"));
    let (_, body) = page(&app, &public_page).await;
    assert!(body.contains("id=\"photos\"") && body.contains(&thumb) && body.contains("2024:03:05"));
    let res = send(
        &app,
        axum::http::Request::get(&thumb).header("host", "localhost"),
        axum::body::Body::empty(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    app.act_as(None);
    assert_eq!(
        form(&app, &publish, &[("public", "0")]).await.0,
        StatusCode::SEE_OTHER
    );
    app.act_as(Some("anonymous"));
    assert_eq!(page(&app, &thumb).await.0, StatusCode::NOT_FOUND);
}

on_both!(
    adopted_items_carry_their_provenance,
    a_tie_for_the_last_seat_is_refused,
    photos_are_public_only_once_approved,
);

//! The public item page and its 民生码: nothing of a draft plan, and of a published one only
//! the figures frozen at the last locked period — never a draft, this week's numbers or an
//! internal note; the QR code read back from the PNG leads to the page.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::on_both;
use common::*;
use http_body_util::BodyExt;
use minsheng_domain::ledger::{ReportContent, TargetValue};
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::{NewNote, NoteKind, ReportWrite};

/// A report on the school target: a first filing, or a correction (with its reason) of the
/// version at `revision`.
fn school_write(ids: &Ids, v: f64, submit: bool, revision: Option<i32>) -> ReportWrite {
    ReportWrite {
        content: ReportContent {
            values: vec![TargetValue {
                target_id: ids.school_target,
                value: v,
            }],
            ..ReportContent::default()
        },
        revision,
        submit,
        correction_reason: Some("更正".into()).filter(|_| revision.is_some()),
        ..ReportWrite::default()
    }
}

async fn get(app: &App, uri: &str) -> (StatusCode, Vec<u8>) {
    let res = send(
        app,
        Request::get(uri).header(header::HOST, "localhost"),
        Body::empty(),
    )
    .await;
    let st = res.status();
    (
        st,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

async fn the_public_sees_frozen_figures_only_and_the_qr_code_leads_there(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    let page = format!("/public/items/{}", ids.school.0);
    app.act_as(Some("anonymous"));
    // A draft plan does not exist for the public.
    for uri in [
        page.clone(),
        format!("{page}/qr.png"),
        format!("{page}/poster"),
    ] {
        assert_eq!(get(&app, &uri).await.0, StatusCode::NOT_FOUND, "{uri}");
    }
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let (st, html) = get(&app, &page).await;
    let html = String::from_utf8(html).unwrap();
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("建成公办幼儿园") && html.contains("id=\"no-progress\""));

    // The unit reports 2 of 7 kindergartens, then starts a correction to 6 it does not submit.
    let write = |v: f64, submit: bool, revision: Option<i32>| {
        let mut w = school_write(&ids, v, submit, revision);
        w.content.problems = "内部问题描述".into();
        w
    };
    let now = app.clock.now();
    let r = s
        .save_report(
            ids.school,
            ids.lead,
            d("2024-03-04"),
            &write(2.0, true, None),
            now,
        )
        .await
        .unwrap();
    s.save_report(
        ids.school,
        ids.lead,
        d("2024-03-04"),
        &write(6.0, false, Some(r.revision)),
        now,
    )
    .await
    .unwrap();
    let leader = s
        .save_leader(None, s.regions().await.unwrap()[0].id, "王分管", None)
        .await
        .unwrap();
    s.assign_leader(ids.school, leader).await.unwrap();
    let author = app
        .user(
            "wang",
            minsheng_domain::access::UserRole::Leader,
            &[],
            Some(leader),
            &[],
        )
        .await;
    let author = s.user_by_name(&author).await.unwrap().unwrap();
    s.add_note(
        ids.school,
        &NewNote {
            kind: NoteKind::Instruction,
            author: author.id,
            author_name: "王分管",
            unit: None,
            reply_to: None,
            body: "内部批示：务必加快",
        },
        now,
    )
    .await
    .unwrap();
    // Not locked yet: still nothing published.
    let (_, html) = get(&app, &page).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("id=\"no-progress\"") && !html.contains("2 所"));
    // The week is locked: its submitted figures are public, and nothing else.
    app.clock.set(d("2024-03-12"));
    s.lock_period(PlanId(1), d("2024-03-04"), app.clock.now())
        .await
        .unwrap();
    let (_, html) = get(&app, &page).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("id=\"as-of\">2024-03-10"), "{html}");
    assert!(
        html.contains("2 所") && html.contains("29%"),
        "2 of 7 is 29%: {html}"
    );
    for secret in ["6 所", "内部批示", "内部问题描述", "王分管", "更正"] {
        assert!(!html.contains(secret), "the public page leaks {secret}");
    }

    // 民生码: the PNG reads back as the page's address; the poster carries the same.
    let (st, png) = get(&app, &format!("{page}/qr.png")).await;
    assert_eq!(st, StatusCode::OK);
    let img = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, format!("http://localhost{page}"));
    let (st, svg) = get(&app, &format!("{page}/qr.svg")).await;
    assert_eq!(st, StatusCode::OK);
    // Without --public-url the code follows the request's Host, so no cache may keep it.
    let res = send(
        &app,
        Request::get(format!("{page}/qr.png")).header(header::HOST, "evil.example"),
        Body::empty(),
    )
    .await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "private, no-store");
    assert!(String::from_utf8(svg).unwrap().starts_with("<?xml"));
    let (_, poster) = get(&app, &format!("{page}/poster")).await;
    let poster = String::from_utf8(poster).unwrap();
    assert!(poster.contains(&format!("http://localhost{page}")) && poster.contains("<svg"));
    assert!(poster.contains("扫码查看项目进展"));
}

async fn open_data_of_a_published_plan_holds_frozen_figures_and_sites_only(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    app.act_as(Some("anonymous"));
    for uri in [
        "/public/plans/1/data.json",
        "/public/plans/1/data.csv",
        "/public/plans/1/sites.geojson",
    ] {
        assert_eq!(
            get(&app, uri).await.0,
            StatusCode::NOT_FOUND,
            "draft: {uri}"
        );
    }
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    // The office adds two sites by the item page's form; bad coordinates are refused.
    app.act_as(None);
    let site = format!("/items/{}/sites", ids.school.0);
    let (st, body) = form(
        &app,
        &site,
        &[("name", "北湖幼儿园"), ("lat", "135.4"), ("lon", "116.6")],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(body.contains("坐标超出范围"), "{body}");
    let (st, _) = form(
        &app,
        &site,
        &[
            ("name", "北湖幼儿园"),
            ("address", "北湖路 8 号"),
            ("lat", "35.41"),
            ("lon", "116.59"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, _) = form(&app, &site, &[("name", "待定点位")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    // A unit's submitted report and a later draft; the week is locked after the first.
    let write = |v: f64, submit: bool, revision: Option<i32>| {
        let mut w = school_write(&ids, v, submit, revision);
        w.content.progress = "内部形象进度".into();
        w
    };
    let r = s
        .save_report(
            ids.school,
            ids.lead,
            d("2024-03-04"),
            &write(3.0, true, None),
            app.clock.now(),
        )
        .await
        .unwrap();
    app.clock.set(d("2024-03-12"));
    s.lock_period(PlanId(1), d("2024-03-04"), app.clock.now())
        .await
        .unwrap();
    s.save_report(
        ids.school,
        ids.lead,
        d("2024-03-04"),
        &write(5.0, false, Some(r.revision)),
        app.clock.now(),
    )
    .await
    .unwrap();
    app.act_as(Some("anonymous"));
    let (st, body) = get(&app, "/public/plans/1/data.json").await;
    assert_eq!(st, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["figures_as_of"], "2024-03-10");
    assert_eq!(v["items"].as_array().unwrap().len(), 27);
    let school = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["seq"] == "9")
        .unwrap();
    assert_eq!(school["targets"][0]["achieved"], 3.0);
    let text = String::from_utf8(body).unwrap();
    for secret in ["内部形象进度", "更正", "coordinator", "password"] {
        assert!(!text.contains(secret), "open data leaks {secret}");
    }
    let (_, csv) = get(&app, "/public/plans/1/data.csv").await;
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut rd = csv::Reader::from_reader(&csv[3..]);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let row = rows.iter().find(|r| &r[0] == "9").unwrap();
    assert_eq!((&row[9], &row[12]), ("3", "2024-03-10"));
    let (_, geo) = get(&app, "/public/plans/1/sites.geojson").await;
    let geo: serde_json::Value = serde_json::from_slice(&geo).unwrap();
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "only sites with coordinates");
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        serde_json::json!([116.59, 35.41])
    );
    assert_eq!(features[0]["properties"]["site"], "北湖幼儿园");
    let (_, html) = get(&app, &format!("/public/items/{}", ids.school.0)).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("北湖路 8 号") && html.contains("待定点位"));
    // The plan page sums up the same frozen figures, by category and by unit.
    let (_, plan) = get(&app, "/plans/1").await;
    let plan = String::from_utf8(plan).unwrap();
    assert!(plan.contains("id=\"summary\"") && plan.contains("<time>2024-03-10</time>"));
    assert!(plan.contains("按牵头单位") && plan.contains("发展软环境保障局"));
}

/// The page a visitor gets is kept between requests, and changes as soon as what it shows
/// does: a site added, a satisfaction campaign opening at its hour, another day.
async fn the_kept_public_page_follows_what_it_shows(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    let page = format!("/public/items/{}", ids.school.0);
    app.act_as(Some("anonymous"));
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let html = |b: Vec<u8>| String::from_utf8(b).unwrap();
    let first = html(get(&app, &page).await.1);
    assert_eq!(first, html(get(&app, &page).await.1), "kept");
    s.add_site(ids.school, "城东幼儿园工地", Some("城东路8号"), None)
        .await
        .unwrap();
    let with_site = html(get(&app, &page).await.1);
    assert!(with_site.contains("城东幼儿园工地"), "{with_site}");
    let now = app.clock.now().at;
    s.create_campaign(
        PlanId(1),
        "年中满意度测评",
        (
            now + chrono::Duration::hours(1),
            now + chrono::Duration::days(3),
        ),
        false,
        now,
    )
    .await
    .unwrap();
    assert!(!html(get(&app, &page).await.1).contains("年中满意度测评"));
    app.clock.advance(chrono::Duration::hours(2));
    let open = html(get(&app, &page).await.1);
    assert!(
        open.contains("年中满意度测评"),
        "opened at its hour: {open}"
    );
    app.clock.advance(chrono::Duration::days(3));
    assert!(
        !html(get(&app, &page).await.1).contains("年中满意度测评"),
        "closed"
    );
}

on_both!(
    the_kept_public_page_follows_what_it_shows,
    the_public_sees_frozen_figures_only_and_the_qr_code_leads_there,
    open_data_of_a_published_plan_holds_frozen_figures_and_sites_only,
);

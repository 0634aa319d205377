//! A region's cockpit for a year (`/regions/{id}/cockpit?year=`): every published list of the
//! region and the regions below it on one board, on both databases. A district's own list and
//! a sub-district's list are counted together, ranked by region and by list, each red item
//! named with its list; a leader sees only the lists with an item in their charge; units do
//! not reach it; a year without lists says so.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::ImportOptions;

/// The number in the middle of the page's ring of lights.
fn ring_total(page: &str) -> String {
    let ring = page
        .split("class=\"chart ring\"")
        .nth(1)
        .expect("a ring")
        .split("</svg>")
        .next()
        .unwrap();
    let texts: Vec<&str> = ring
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .collect();
    texts
        .iter()
        .find(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no number in the ring: {ring}"))
        .to_string()
}

/// The number of items and of red items of a plan, from its ledger.
async fn counts(app: &App, plan: PlanId) -> (usize, usize) {
    let (_, ledger, _) = call(
        app,
        "GET",
        &format!("/api/v1/plans/{}/ledger", plan.0),
        None,
    )
    .await;
    let items = ledger["items"].as_array().unwrap();
    let red = items
        .iter()
        .filter(|i| i["assessment"]["light"] == "red")
        .count();
    (items.len(), red)
}

async fn a_region_sees_its_lists_and_those_below_on_one_board(app: App) {
    let ids = ids(&app).await;
    let s = &app.store;
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let district = s.plan_detail(PlanId(1), None).await.unwrap().region;
    // A sub-district of the district with its own list of the same year.
    s.ensure_region("王因街道", Some(district.id))
        .await
        .unwrap();
    let name = "004_287702023e222ac5.txt";
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/seeds/docs")
            .join(name),
    )
    .unwrap();
    let list = minsheng_importer::parse_bytes(&bytes, name).unwrap();
    let second = s
        .import_plan(
            &list,
            &ImportOptions {
                region: "王因街道".into(),
                year: 2024,
                source_name: name.into(),
                source_bytes: bytes,
            },
        )
        .await
        .unwrap()
        .plan_id;
    s.set_plan_state(second, PlanState::Published)
        .await
        .unwrap();
    // Late in the year with nothing reported: red items on both lists.
    app.clock.set(d("2024-09-18"));
    let office = app.coordinator().await;
    app.act_as(Some(&office));
    let (n1, red1) = counts(&app, PlanId(1)).await;
    let (n2, red2) = counts(&app, second).await;
    assert!(red1 > 0 && red2 > 0, "nothing reported by September");
    let uri = format!("/regions/{}/cockpit?year=2024", district.id.0);
    let (st, _, page) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!("{}2024年全部清单", district.name)),
        "{page}"
    );
    // One ring over both lists; ranked by region and by list as well.
    assert_eq!(
        ring_total(&page),
        (n1 + n2).to_string(),
        "the ring holds every item of both lists"
    );
    assert!(page.contains("各地区指标完成率") && page.contains("各清单指标完成率"));
    assert!(page.contains("各单位指标完成率") && page.contains("分类指标完成率"));
    // Every red item of both lists, each with its list named.
    let red_list = page.split("id=\"red-items\"").nth(1).unwrap();
    let red_list = red_list.split("</section>").next().unwrap();
    assert_eq!(red_list.matches("class=\"blocker\"").count(), red1 + red2);
    assert!(red_list.contains("王因街道 · "), "{red_list}");
    assert!(
        red_list.contains(&format!("{} · ", district.name)),
        "{red_list}"
    );
    // Each list's own cockpit is a link away, and the plan's cockpit links back here.
    assert!(page.contains("href=\"/plans/1/cockpit\""));
    assert!(page.contains(&format!("href=\"/plans/{}/cockpit\"", second.0)));
    let (_, _, plan_page) = call(&app, "GET", "/plans/1/cockpit", None).await;
    assert!(
        plan_page.contains(&format!("href=\"{}\"", uri.replace('&', "&amp;"))),
        "{plan_page}"
    );
    // The big screen keeps the year.
    let (_, _, screen) = call(&app, "GET", &format!("{uri}&screen=1"), None).await;
    assert!(screen.contains("http-equiv=\"refresh\""));
    assert!(screen.contains(&format!(
        "href=\"/regions/{}/cockpit?year=2024\"",
        district.id.0
    )));

    // The board is kept while no list moves; a list published meanwhile is on it at once.
    let (_, _, again) = call(&app, "GET", &uri, None).await;
    assert_eq!(ring_total(&again), (n1 + n2).to_string());
    s.ensure_region("新兴街道", Some(district.id))
        .await
        .unwrap();
    let third = s
        .import_plan(
            &list,
            &ImportOptions {
                region: "新兴街道".into(),
                year: 2024,
                source_name: name.into(),
                source_bytes: Vec::new(),
            },
        )
        .await
        .unwrap()
        .plan_id;
    s.set_plan_state(third, PlanState::Published).await.unwrap();
    let (_, _, more) = call(&app, "GET", &uri, None).await;
    assert_eq!(
        ring_total(&more),
        (n1 + 2 * n2).to_string(),
        "not the kept board"
    );

    // A leader of one item of the district's list sees that list only; a unit is refused.
    let region = district.id;
    let li = s.save_leader(None, region, "李分管", None).await.unwrap();
    s.assign_leader(ids.school, li).await.unwrap();
    let leader = app.user("li", UserRole::Leader, &[], Some(li), &[]).await;
    app.act_as(Some(&leader));
    let (st, _, page) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!(">{n1}</text>")),
        "only the list in their charge"
    );
    assert!(!page.contains(&format!("href=\"/plans/{}/cockpit\"", second.0)));
    let unit = app.unit_user(ids.lead).await;
    app.act_as(Some(&unit));
    let (st, _, _) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // A year without a published list says so.
    app.act_as(Some(&office));
    let (st, _, page) = call(
        &app,
        "GET",
        &format!("/regions/{}/cockpit?year=2030", district.id.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(page.contains("2030年还没有已发布的民生实事清单"), "{page}");
}

on_both!(a_region_sees_its_lists_and_those_below_on_one_board);

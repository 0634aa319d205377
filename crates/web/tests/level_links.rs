//! Import links levels, through the web (docs/LEVELS.md): a city allocates three items to the
//! seed's district; the district's office uploads its own list naming them as 市级民生实事,
//! confirms the review and lands on the links page, where two are linked and one is asked;
//! it answers; another district's office may not open the page. On both databases.

mod common;
#[path = "support/confine.rs"]
mod confine;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use confine::confine;
use minsheng_domain::access::UserRole;
use minsheng_domain::{PlanId, PlanState, RegionLevel};
use minsheng_store::{AllocationInput, ImportOptions};

const CITY: &str = "\
济宁市2024年民生实事项目
\t序号\n\t项目名称\n\t建设内容\n\t牵头单位\n\t完成时限\n
\t1\n\t新建幼儿园\n\t新建公办幼儿园4所，新增学位不少于900个。\n\t市教育局\n\t年底\n
\t2\n\t老年食堂\n\t新建老年人食堂6处。\n\t市民政局\n\t6月底前\n
\t3\n\t道路整治\n\t整治背街小巷道路。\n\t市住建局\n\t年底\n
";

const DISTRICT: &str = "\
济宁高新区2024年民生实事项目
\t序号\n\t市区分级\n\t项目名称\n\t责任单位\n\t2024年工作任务\n
\t1\n\t市级民生实事\n\t新建公办幼儿园\n\t教育局\n\t新建公办幼儿园1所，新增学位300个。\n
\t2\n\t\n\t老年食堂建设\n\t民政局\n\t新建老年人食堂2处。\n
\t3\n\t\n\t背街小巷整治\n\t住建局\n\t整治背街小巷道路3条。\n
\t4\n\t区级民生实事\n\t新建口袋公园\n\t城管局\n\t建设口袋公园2处。\n
";

async fn a_district_links_its_city_items_on_import(app: App) {
    let s = &app.store;
    let city = s
        .save_region(None, "济宁市", RegionLevel::City, None)
        .await
        .unwrap();
    let own = s.plan_detail(PlanId(1), None).await.unwrap().region;
    s.save_region(Some(own.id), &own.name, RegionLevel::District, Some(city))
        .await
        .unwrap();
    let sibling = s
        .save_region(None, "任城区", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let parsed = minsheng_importer::parse_bytes(CITY.as_bytes(), "city.txt").unwrap();
    let city_plan = s
        .import_plan(
            &parsed,
            &ImportOptions {
                region: "济宁市".into(),
                year: 2024,
                source_name: "city.txt".into(),
                source_bytes: CITY.as_bytes().to_vec(),
            },
        )
        .await
        .unwrap()
        .plan_id;
    s.set_plan_state(city_plan, PlanState::Published)
        .await
        .unwrap();
    let items = s.plan_detail(city_plan, None).await.unwrap().items;
    let now = app.clock.now().at;
    for (it, share) in items.iter().zip([Some(300.0), Some(2.0), None]) {
        let shares = match share {
            Some(v) => vec![(it.targets.iter().find(|t| t.unit != "所").unwrap().id, v)],
            None => vec![],
        };
        s.allocate(
            it.item.id,
            &[AllocationInput {
                region: own.id,
                shares,
            }],
            now,
        )
        .await
        .unwrap();
    }

    // The district's office uploads its list and confirms the review: it is taken to the
    // links page, since one item is asked.
    let office = app
        .user("district", UserRole::Coordinator, &[], None, &[])
        .await;
    confine(s, "district", own.id).await;
    app.act_as(Some(&office));
    let (st, _, review) = post_form(
        &app,
        "/import",
        &[],
        &[("file", "list.txt", DISTRICT.as_bytes())],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body, to) = form_at(
        &app,
        &review.unwrap(),
        &[("region", own.name.as_str()), ("year", "2024")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    let to = to.unwrap();
    assert!(to.ends_with("/links"), "{to}");
    let (st, _, page) = call(&app, "GET", &to, None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(page.matches("class=\"card link-row\"").count(), 3, "{page}");
    assert_eq!(page.matches("已关联").count(), 2, "{page}");
    assert!(page.contains("id=\"links-open\"><b>1</b>"), "{page}");
    let lanes = items[2].item.id.0.to_string();
    assert!(
        page.contains(&format!("name=\"above\" value=\"{lanes}\" required")),
        "{page}"
    );
    // The district's plan page leads there.
    let plan: i64 = to
        .trim_start_matches("/plans/")
        .trim_end_matches("/links")
        .parse()
        .unwrap();
    let (_, _, plan_page) = call(&app, "GET", &format!("/plans/{plan}"), None).await;
    assert!(plan_page.contains("id=\"plan-links\""), "{plan_page}");

    // Answered: all three linked, nothing left to confirm.
    let asked = s.plan_detail(PlanId(plan), None).await.unwrap().items[2]
        .item
        .id
        .0
        .to_string();
    let (st, _, back) = form_at(&app, &to, &[("item", &asked), ("above", &lanes)]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    assert!(back.unwrap().starts_with(&to));
    let (_, _, page) = call(&app, "GET", &to, None).await;
    assert_eq!(page.matches("已关联").count(), 3, "{page}");
    assert!(page.contains("没有待确认的关联"));
    // Asking again is refused with words, and nothing changes.
    let (st, body, _) = form_at(&app, &to, &[("item", &asked), ("above", &lanes)]).await;
    assert_eq!(st, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("已关联上级下达事项"), "{body}");

    // Another district's office does not open it.
    let other = app
        .user("sibling", UserRole::Coordinator, &[], None, &[])
        .await;
    confine(s, "sibling", sibling).await;
    app.act_as(Some(&other));
    assert_eq!(call(&app, "GET", &to, None).await.0, StatusCode::FORBIDDEN);
}

on_both!(a_district_links_its_city_items_on_import);

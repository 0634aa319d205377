//! Three levels in a real Chromium at phone size: a province office allocates a target to two
//! cities, one city's office allocates its share to two counties, a county unit reports once;
//! the county, the city and the province then show that one figure, counted once, with each
//! level's own light. Each office is confined to its region: the city cannot open the other
//! city's item.

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/confine.rs"]
mod confine;

use chromium::*;
use confine::confine;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;
use minsheng_domain::{ItemId, PlanState, RegionId, RegionLevel, TargetId};
use minsheng_store::Store;

/// An office account confined to `region`.
async fn office(store: &Store, name: &str, region: RegionId) {
    account(store, name, UserRole::Coordinator, Vec::new()).await;
    confine(store, name, region).await;
}

/// Fills the allocation form of `item` with `shares` of `target` and sends it.
async fn allocate(
    c: &fantoccini::Client,
    base: &str,
    item: ItemId,
    target: TargetId,
    shares: &[(RegionId, &str)],
) {
    visit(c, &format!("{base}/items/{}/allocation", item.0)).await;
    loaded(c, "document.querySelector('#allocate') !== null").await;
    for (region, share) in shares {
        type_into(
            c,
            &format!("input[name='r{}_t{}']", region.0, target.0),
            share,
        )
        .await;
    }
    click(c, "#allocate button[type=submit]").await;
    loaded(c, "document.querySelector('#allocation-regions') !== null").await;
}

/// The children `item` was allocated to, by region.
async fn children(store: &Store, item: ItemId, day: chrono::NaiveDate) -> Vec<(RegionId, ItemId)> {
    let view = store
        .allocation(item, day)
        .await
        .unwrap()
        .expect("allocated");
    view.regions.iter().map(|r| (r.region.id, r.item)).collect()
}

/// The first target's figure and the light on an item's page.
async fn shown(c: &fantoccini::Client, base: &str, item: ItemId) -> (String, String) {
    visit(c, &format!("{base}/items/{}", item.0)).await;
    loaded(c, "document.querySelector('#item-light') !== null").await;
    let figure = c
        .find(Locator::Css("#targets tbody tr td.num"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let light = c
        .find(Locator::Css("#item-light"))
        .await
        .unwrap()
        .attr("data-light")
        .await
        .unwrap()
        .unwrap_or_default();
    (figure, light)
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_figure_reported_at_the_county_counts_once_at_the_city_and_the_province() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let day: chrono::NaiveDate = "2025-03-05".parse().unwrap();
    let clock = minsheng_web::Clock::fixed(day);
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c, s) = (sess.base.clone(), sess.c.clone(), sess.store.clone());

    // The demo list becomes the province's; two cities below it, two counties below the first.
    let plan = s.published_plans().await.unwrap()[0];
    let detail = s.plan_detail(plan, None).await.unwrap();
    let province = s
        .save_region(
            Some(detail.region.id),
            "示范省",
            RegionLevel::Province,
            None,
        )
        .await
        .unwrap();
    let city = s
        .save_region(None, "甲市", RegionLevel::City, Some(province))
        .await
        .unwrap();
    let other_city = s
        .save_region(None, "乙市", RegionLevel::City, Some(province))
        .await
        .unwrap();
    let county = s
        .save_region(None, "甲一县", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let other_county = s
        .save_region(None, "甲二县", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let item = detail
        .items
        .iter()
        .find(|i| i.targets.first().is_some_and(|t| t.value >= 10.0))
        .expect("a count of ten or more");
    let target = &item.targets[0];
    office(&s, "province", province).await;
    office(&s, "city", city).await;
    office(&s, "county", county).await;

    // The province gives six to the first city and four to the other.
    log_in(&c, &base, "province").await;
    allocate(
        &c,
        &base,
        item.item.id,
        target.id,
        &[(city, "6"), (other_city, "4")],
    )
    .await;
    fits_phone(&c, "levels-province-allocated.png").await;
    let given = children(&s, item.item.id, day).await;
    let city_item = given.iter().find(|(r, _)| *r == city).unwrap().1;
    let other_city_item = given.iter().find(|(r, _)| *r == other_city).unwrap().1;
    let (city_plan, city_detail) = s.item_detail(city_item).await.unwrap();
    assert_eq!(city_detail.item.level.as_deref(), Some("省级"));
    s.set_plan_state(city_plan.id, PlanState::Published)
        .await
        .unwrap();
    log_out(&c).await;

    // The city passes four of its six to one county and two to the other; the other city's
    // item is beyond it.
    log_in(&c, &base, "city").await;
    allocate(
        &c,
        &base,
        city_item,
        city_detail.targets[0].id,
        &[(county, "4"), (other_county, "2")],
    )
    .await;
    visit(&c, &format!("{base}/items/{}", other_city_item.0)).await;
    loaded(&c, "document.readyState === 'complete'").await;
    assert!(
        page_html(&c).await.contains("其他地区"),
        "the other city's item is refused"
    );
    log_out(&c).await;
    let below = children(&s, city_item, day).await;
    let county_item = below.iter().find(|(r, _)| *r == county).unwrap().1;

    // The county puts its own unit in charge and publishes; the unit reports three on a phone.
    let (county_plan, _) = s.item_detail(county_item).await.unwrap();
    let (_, mut draft) = s.item_draft(county_item).await.unwrap();
    draft.lead_units = vec!["甲一县住建局".into()];
    s.update_item(county_item, draft).await.unwrap();
    s.set_plan_state(county_plan.id, PlanState::Published)
        .await
        .unwrap();
    let unit = s.item_detail(county_item).await.unwrap().1.lead_units[0].id;
    account(&s, "site", UserRole::UnitStaff, vec![unit]).await;
    log_in(&c, &base, "site").await;
    visit(&c, &format!("{base}/items/{}/report", county_item.0)).await;
    loaded(
        &c,
        "document.querySelector('table.targets-form input') !== null",
    )
    .await;
    let input = c
        .find(Locator::Css("table.targets-form input"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys("3").await.unwrap();
    type_into(&c, "#progress", "甲一县两处托育点完成改造").await;
    click(&c, "#submit-report").await;
    wait_until(
        &c,
        "return location.search.includes('saved=submitted') && document.readyState === 'complete'",
    )
    .await;
    log_out(&c).await;

    // Each level shows the three once, with its own light.
    let mut seen = Vec::new();
    for (who, at) in [
        ("county", county_item),
        ("city", city_item),
        ("province", item.item.id),
    ] {
        log_in(&c, &base, who).await;
        let (figure, light) = shown(&c, &base, at).await;
        let kept = s.item_ledger(at, day).await.unwrap();
        assert!(figure.starts_with('3'), "{who}: {figure}");
        assert_eq!(light, kept.item().assessment.light.code(), "{who}'s light");
        seen.push((who, figure, light));
        if who != "county" {
            // Its allocation page: the region below that reported, with what it was given.
            visit(&c, &format!("{base}/items/{}/allocation", at.0)).await;
            loaded(&c, "document.querySelector('#allocation-regions') !== null").await;
            let cards = page_html(&c).await;
            // The city answers through its counties: not "no unit in charge".
            assert!(!cards.contains("未明确责任单位"), "{who}: {cards}");
            let u = &target.unit;
            let given = if who == "city" { 4 } else { 6 };
            let expect = format!("{given}{u} · 3{u}");
            assert!(cards.contains(&expect), "{who}: {expect} in {cards}");
            looked_at(&c, &format!("levels-{who}-allocation.png"), 390).await;
        }
        if who == "province" {
            // The province's cockpit names each city on its allocated item, the furthest
            // behind first: the other city, which has not published, before the first.
            visit(&c, &format!("{base}/regions/{}/cockpit", province.0)).await;
            loaded(&c, "document.querySelector('#allocated') !== null").await;
            let html = c
                .find(Locator::Css("#allocated"))
                .await
                .unwrap()
                .html(false)
                .await
                .unwrap();
            let (a, b) = (html.find("乙市"), html.find("甲市"));
            assert!(a.is_some() && b.is_some() && a < b, "{html}");
            // The items counted once: the province's own, not again as the city's and the
            // county's.
            let own = detail.items.len().to_string();
            let kpis = c
                .find(Locator::Css("#kpis"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                kpis.contains(&format!("{own}\n项目")),
                "{own} items in {kpis}"
            );
            looked_at(&c, "levels-province-cockpit.png", 390).await;
        }
        log_out(&c).await;
    }
    eprintln!("figures and lights per level: {seen:?}");
}

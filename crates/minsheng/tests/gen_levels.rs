//! `gen` at province scale allocates down two levels (province → cities → counties), and the
//! counties' bureaus report on what they were given, so the province's item shows figures
//! from below at every level (docs/LEVELS.md, "Generated data").

#[path = "support/server.rs"]
mod server;

use chrono::NaiveDate;
use minsheng_domain::ItemId;
use server::*;

#[tokio::test]
async fn generated_allocations_carry_figures_up_two_levels() {
    let place = Place {
        data: tempfile::tempdir().unwrap(),
        url: None,
    };
    let mut args = vec![
        "gen",
        "--scale",
        "province",
        "--years",
        "1",
        "--today",
        "2025-09-30",
    ];
    let data = place.data.path().display().to_string();
    args.extend(["--data", &data]);
    run(&args);
    let store = place.store().await;
    let today = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
    // The province's allocated item: allocated, and not itself received from above.
    let province = store.regions().await.unwrap();
    let top = province.iter().find(|r| r.parent_id.is_none()).unwrap();
    let plans = store.published_plans_in(top.id, false).await.unwrap();
    let mut root = None;
    for p in plans {
        for id in store.allocated_items(p).await.unwrap() {
            if store.allocated_from(id).await.unwrap().is_none() {
                root = Some(id);
            }
        }
    }
    let root: ItemId = root.expect("the province allocated an item");
    let view = store.allocation(root, today).await.unwrap().unwrap();
    assert!(view.regions.len() > 1, "to its cities");
    let given = view.targets.iter().find(|t| t.allocated > 0.0).unwrap();
    assert!(
        given.achieved > 0.0,
        "figures from two levels below: {given:?}"
    );
    // Each city had it from the province and gave it on; the figure at a city is its counties'.
    for part in &view.regions {
        let below = store.allocation(part.item, today).await.unwrap().unwrap();
        assert!(!below.regions.is_empty(), "{} gave it on", part.region.name);
        let sum: f64 = below.targets.iter().map(|t| t.achieved).sum();
        assert_eq!(Some(sum), part.shares[0].2, "{}", part.region.name);
    }
    store.close().await;
}

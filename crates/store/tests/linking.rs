//! Import links levels (docs/LEVELS.md): a city allocates three items to a county; the
//! county imports its own list naming them as 市级民生实事; the two that are clearly the same
//! are linked on import in the place of the allocation's copies, the third is asked, a fourth
//! matches nothing. The county's figure, entered on its own item, counts at the city. With
//! the refusals, on SQLite and PostgreSQL.

use minsheng_domain::{ItemId, PlanState, Refusal, RegionLevel};
use minsheng_store::{AllocationInput, ImportOptions, LinkState, Store, StoreError};

#[macro_use]
mod common;

use common::ledger::{LIST, at, d, submit, values};

/// A county's list in the layout of a district list that carries its city's items (市区分级).
const COUNTY: &str = "\
甲一县2025年民生实事项目
\t序号\n\t市区分级\n\t项目名称\n\t责任单位\n\t2025年工作任务\n
\t1\n\t市级民生实事\n\t新建公办幼儿园\n\t甲一县教育局\n\t新建公办幼儿园1所，新增学位300个。\n
\t2\n\t\n\t老年食堂建设\n\t甲一县民政局\n\t新建老年人食堂2处。\n
\t3\n\t\n\t背街小巷整治\n\t甲一县住建局\n\t整治背街小巷道路3条。\n
\t4\n\t\n\t建设全民健身中心\n\t甲一县体育局\n\t建成全民健身中心1个。\n
\t5\n\t区级民生实事\n\t新建口袋公园\n\t甲一县城管局\n\t建设口袋公园2处。\n
";

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> Refusal {
    match r {
        Err(StoreError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn import(s: &Store, text: &str, region: &str) -> minsheng_store::ImportSummary {
    let list = minsheng_importer::parse_bytes(text.as_bytes(), "l.txt").unwrap();
    s.import_plan(
        &list,
        &ImportOptions {
            region: region.into(),
            year: 2025,
            source_name: "l.txt".into(),
            source_bytes: text.as_bytes().to_vec(),
        },
    )
    .await
    .unwrap()
}

async fn imported_items_take_the_place_of_allocated_copies_case(store: Store) {
    let s = &store;
    let city = s
        .save_region(None, "甲市", RegionLevel::City, None)
        .await
        .unwrap();
    let county = s
        .save_region(None, "甲一县", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let other = s
        .save_region(None, "甲二县", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let city_plan = import(s, LIST, "甲市").await.plan_id;
    s.set_plan_state(city_plan, PlanState::Published)
        .await
        .unwrap();
    let detail = s.plan_detail(city_plan, None).await.unwrap();
    let (kindergarten, canteen, lanes) = (&detail.items[0], &detail.items[1], &detail.items[2]);
    let places = &kindergarten.targets[1];
    assert_eq!(places.unit, "个");
    let now = at("2025-03-01").at;
    let give = |target: &minsheng_domain::Target, share: f64| AllocationInput {
        region: county,
        shares: vec![(target.id, share)],
    };
    s.allocate(kindergarten.item.id, &[give(places, 300.0)], now)
        .await
        .unwrap();
    s.allocate(canteen.item.id, &[give(&canteen.targets[0], 2.0)], now)
        .await
        .unwrap();
    s.allocate(
        lanes.item.id,
        &[AllocationInput {
            region: county,
            shares: vec![],
        }],
        now,
    )
    .await
    .unwrap();
    let copy = |above: ItemId| async move {
        s.allocation(above, d("2025-03-05"))
            .await
            .unwrap()
            .unwrap()
            .regions[0]
            .item
    };
    let kindergarten_copy = copy(kindergarten.item.id).await;

    // The county imports its list: two linked, one asked, one like nothing allocated.
    let summary = import(s, COUNTY, "甲一县").await;
    assert_eq!(
        (summary.items, summary.linked, summary.to_confirm),
        (5, 2, 1)
    );
    let county_plan = summary.plan_id;
    let items = s.plan_detail(county_plan, None).await.unwrap().items;
    let id = |seq: &str| items.iter().find(|i| i.item.seq == seq).unwrap().item.id;
    let rows = s.level_links(county_plan).await.unwrap();
    let states: Vec<(&str, String)> = rows
        .iter()
        .map(|r| {
            let state = match &r.state {
                LinkState::Linked(c) => format!("linked {}", c.above.0),
                LinkState::Sure(c) => format!("sure {}", c.above.0),
                LinkState::Ask(v) => format!("ask {}", v[0].above.0),
                LinkState::None => "none".into(),
            };
            (r.label.as_str(), state)
        })
        .collect();
    assert_eq!(
        states,
        [
            (
                "1. 新建公办幼儿园",
                format!("linked {}", kindergarten.item.id.0)
            ),
            ("2. 老年食堂建设", format!("linked {}", canteen.item.id.0)),
            ("3. 背街小巷整治", format!("ask {}", lanes.item.id.0)),
            ("4. 建设全民健身中心", "none".into()),
        ],
        "the 区级 item is the county's own"
    );
    assert!(rows.iter().all(|r| r.mark == "市级民生实事"));
    // The copy is gone; the allocation names the county's own item, its share on the
    // county's own target of that measure.
    assert!(s.item_detail(kindergarten_copy).await.is_err());
    let view = s
        .allocation(kindergarten.item.id, d("2025-03-05"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.regions[0].item, id("1"));
    let own = s.item_detail(id("1")).await.unwrap().1;
    let own_places = own.targets.iter().find(|t| t.unit == "个").unwrap().id;
    assert_eq!(view.regions[0].shares, [(places.id, 300.0, None)]);
    assert_eq!(view.targets[1].allocated, 300.0);

    // The office answers the question; each item is linked once.
    s.link_allocated(id("3"), lanes.item.id, now).await.unwrap();
    assert_eq!(
        refused(s.link_allocated(id("4"), lanes.item.id, now).await),
        Refusal::AlreadyLinked
    );
    assert_eq!(
        refused(s.link_allocated(id("3"), canteen.item.id, now).await),
        Refusal::AlreadyLinked
    );
    assert!(matches!(
        s.level_links(county_plan).await.unwrap()[2].state,
        LinkState::Linked(_)
    ));

    // Entered once: the county's report on its own item counts at the city.
    s.set_plan_state(county_plan, PlanState::Published)
        .await
        .unwrap();
    let bureau = own.lead_units[0].id;
    s.save_report(
        id("1"),
        bureau,
        d("2025-03-03"),
        &submit(values(&[(own_places, 120.0)]), None),
        at("2025-03-04"),
    )
    .await
    .unwrap();
    let ledger = s.plan_ledger(city_plan, d("2025-03-05")).await.unwrap();
    let above = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == kindergarten.item.id)
        .unwrap();
    assert_eq!(above.targets[1].achieved, Some(120.0));

    // 甲二县 reported on the copy it was given before importing its list: the copy stays,
    // and the office is asked rather than the reports dropped.
    let given = s
        .allocate(
            kindergarten.item.id,
            &[AllocationInput {
                region: other,
                shares: vec![(places.id, 200.0)],
            }],
            now,
        )
        .await
        .unwrap();
    let (_, mut draft) = s.item_draft(given[0].item).await.unwrap();
    draft.lead_units = vec!["甲二县教育局".into()];
    s.update_item(given[0].item, draft).await.unwrap();
    s.set_plan_state(given[0].plan, PlanState::Published)
        .await
        .unwrap();
    let copy_detail = s.item_detail(given[0].item).await.unwrap().1;
    s.save_report(
        given[0].item,
        copy_detail.lead_units[0].id,
        d("2025-03-03"),
        &submit(values(&[(copy_detail.targets[0].id, 50.0)]), None),
        at("2025-03-04"),
    )
    .await
    .unwrap();
    let second = import(s, &COUNTY.replace("甲一县", "甲二县"), "甲二县").await;
    assert_eq!((second.linked, second.to_confirm), (0, 1));
    let items = s.plan_detail(second.plan_id, None).await.unwrap().items;
    match &s.level_links(second.plan_id).await.unwrap()[0].state {
        LinkState::Sure(c) => assert!(c.copy_reported && c.copy == given[0].item),
        other => panic!("the kindergarten is sure but its copy has reports: {other:?}"),
    }
    assert_eq!(
        refused(
            s.link_allocated(items[0].item.id, kindergarten.item.id, now)
                .await
        ),
        Refusal::AllocatedCopyReported
    );
    assert_eq!(
        refused(
            s.link_allocated(items[1].item.id, canteen.item.id, now)
                .await
        ),
        Refusal::NotAllocatedHere {
            region: "甲二县".into()
        }
    );
    assert!(s.item_detail(given[0].item).await.is_ok());

    // The other order: 甲三县 imported its list first; when the city allocates, the item it
    // named is linked at once, and the allocation gives that item.
    let third = s
        .save_region(None, "甲三县", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let first = import(s, &COUNTY.replace("甲一县", "甲三县"), "甲三县").await;
    assert_eq!((first.linked, first.to_confirm), (0, 0));
    let own = s.plan_detail(first.plan_id, None).await.unwrap().items[1]
        .item
        .id;
    let given = s
        .allocate(
            canteen.item.id,
            &[AllocationInput {
                region: third,
                shares: vec![(canteen.targets[0].id, 2.0)],
            }],
            now,
        )
        .await
        .unwrap();
    assert_eq!((given[0].plan, given[0].item), (first.plan_id, own));
    assert_eq!(
        s.plan_detail(first.plan_id, None)
            .await
            .unwrap()
            .items
            .len(),
        5,
        "no copy left beside it"
    );
    assert_eq!(s.allocated_from(own).await.unwrap(), Some(canteen.item.id));
}

conformance!(imported_items_take_the_place_of_allocated_copies_case);

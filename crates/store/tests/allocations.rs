//! Allocation down the levels and figures up (docs/LEVELS.md): a province's item allocated to
//! two cities, one city's item to two counties, a county unit's report counted at the county,
//! the city and the province — entered once — with the refusals, on SQLite and PostgreSQL.

use minsheng_domain::{PlanState, Refusal, RegionId};
use minsheng_store::{AllocationInput, ImportOptions, Store, StoreError};

#[macro_use]
mod common;

use common::ledger::{LIST, at, d, submit, values};

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> Refusal {
    match r {
        Err(StoreError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn figures_flow_up_the_levels_case(store: Store) {
    let s = &store;
    let list = minsheng_importer::parse_bytes(LIST.as_bytes(), "l.txt").unwrap();
    let imported = s
        .import_plan(
            &list,
            &ImportOptions {
                region: "示范省".into(),
                year: 2025,
                source_name: "l.txt".into(),
                source_bytes: LIST.as_bytes().to_vec(),
            },
        )
        .await
        .unwrap();
    let province_plan = imported.plan_id;
    s.set_plan_state(province_plan, PlanState::Published)
        .await
        .unwrap();
    let detail = s.plan_detail(province_plan, None).await.unwrap();
    let province = detail.region.id;
    let (item, other) = (detail.items[0].item.id, detail.items[1].item.id);
    let places = detail.items[0].targets[1].clone();
    assert_eq!((places.value, places.unit.as_str()), (900.0, "个"));
    let region = |name: &'static str, parent: RegionId| async move {
        s.ensure_region(name, Some(parent)).await.unwrap().id
    };
    let jia = region("甲市", province).await;
    let yi = region("乙市", province).await;
    let jia1 = region("甲一县", jia).await;
    let jia2 = region("甲二县", jia).await;
    let now = at("2025-03-01").at;
    let give = |region: RegionId, share: f64| AllocationInput {
        region,
        shares: vec![(places.id, share)],
    };

    // Refused, and nothing written: a region not directly below, a share of another item's
    // target, a share that is not positive, a target twice; all regions or none.
    assert_eq!(
        refused(s.allocate(item, &[give(jia1, 10.0)], now).await),
        Refusal::RegionNotBelow {
            region: "甲一县".into()
        }
    );
    let foreign = detail.items[1].targets[0].id;
    assert_eq!(
        refused(
            s.allocate(
                item,
                &[AllocationInput {
                    region: jia,
                    shares: vec![(foreign, 1.0)]
                }],
                now
            )
            .await
        ),
        Refusal::TargetNotOnItem { target: foreign.0 }
    );
    assert_eq!(
        refused(s.allocate(item, &[give(jia, 0.0)], now).await),
        Refusal::ShareNotPositive
    );
    assert_eq!(
        refused(
            s.allocate(
                item,
                &[AllocationInput {
                    region: jia,
                    shares: vec![(places.id, 1.0), (places.id, 2.0)]
                }],
                now
            )
            .await
        ),
        Refusal::TargetTwice {
            target: places.id.0
        }
    );
    // An item with counts is given with a share of one, not whole.
    assert_eq!(
        refused(
            s.allocate(
                item,
                &[AllocationInput {
                    region: jia,
                    shares: vec![]
                }],
                now
            )
            .await
        ),
        Refusal::SharesNeeded
    );
    let other_places = detail.items[1].targets.first().map(|t| t.id);
    let whole = |region: RegionId| AllocationInput {
        region,
        shares: other_places.map(|t| vec![(t, 3.0)]).unwrap_or_default(),
    };
    assert!(matches!(
        refused(s.allocate(other, &[whole(jia), whole(jia1)], now).await),
        Refusal::RegionNotBelow { .. }
    ));
    assert!(
        s.allocation(other, d("2025-03-05"))
            .await
            .unwrap()
            .is_none()
    );

    // The province gives 500 places to 甲市 and 300 to 乙市: an item in each city's list of
    // the year (made as a draft), marked 省级, with one target of its share.
    let given = s
        .allocate(item, &[give(jia, 500.0), give(yi, 300.0)], now)
        .await
        .unwrap();
    assert_eq!(given.len(), 2);
    assert_eq!(
        refused(s.allocate(item, &[give(jia, 1.0)], now).await),
        Refusal::AlreadyAllocated {
            region: "甲市".into()
        }
    );
    let city_list = s.plan_detail(given[0].plan, None).await.unwrap();
    assert_eq!(city_list.plan.state, PlanState::Draft);
    assert_eq!(city_list.plan.region_id, jia);
    let city_item = city_list
        .items
        .iter()
        .find(|i| i.item.id == given[0].item)
        .unwrap();
    assert_eq!(city_item.item.level.as_deref(), Some("省级"));
    assert_eq!(city_item.category.as_deref(), Some("省级民生实事"));
    assert_eq!(city_item.item.name, detail.items[0].item.name);
    assert_eq!(city_item.targets.len(), 1);
    let city_target = &city_item.targets[0];
    assert_eq!(
        (
            city_target.metric.as_str(),
            city_target.value,
            city_target.unit.as_str()
        ),
        (places.metric.as_str(), 500.0, "个")
    );
    assert_eq!(
        s.allocated_from(city_item.item.id).await.unwrap(),
        Some(item)
    );

    // 甲市 gives 200 to 甲一县 and 250 to 甲二县 (50 of its 500 not allocated).
    let counties = s
        .allocate(
            city_item.item.id,
            &[
                minsheng_store::AllocationInput {
                    region: jia1,
                    shares: vec![(city_target.id, 200.0)],
                },
                minsheng_store::AllocationInput {
                    region: jia2,
                    shares: vec![(city_target.id, 250.0)],
                },
            ],
            now,
        )
        .await
        .unwrap();
    let county_list = s.plan_detail(counties[0].plan, None).await.unwrap();
    let county_item = &county_list.items[0];
    assert_eq!(county_item.item.level.as_deref(), Some("市级"));
    let county_target = county_item.targets[0].id;

    // 甲一县 puts its education bureau in charge, publishes its list, and the bureau files.
    let (_, mut draft) = s.item_draft(county_item.item.id).await.unwrap();
    draft.lead_units = vec!["甲一县教育局".into()];
    s.update_item(county_item.item.id, draft).await.unwrap();
    s.set_plan_state(counties[0].plan, PlanState::Published)
        .await
        .unwrap();
    let bureau = s
        .item_detail(county_item.item.id)
        .await
        .unwrap()
        .1
        .lead_units[0]
        .id;

    let today = d("2025-03-05");
    let before = s.allocation(item, today).await.unwrap().unwrap();
    assert_eq!(before.targets[1].achieved, 0.0);
    let versions = |plans: [minsheng_domain::PlanId; 3]| async move {
        let mut v = vec![];
        for p in plans {
            v.push(s.plan_version(p).await.unwrap());
        }
        v
    };
    let watched = [province_plan, given[0].plan, given[1].plan];
    let v0 = versions(watched).await;
    s.save_report(
        county_item.item.id,
        bureau,
        d("2025-03-03"),
        &submit(values(&[(county_target, 120.0)]), None),
        at("2025-03-04"),
    )
    .await
    .unwrap();
    let v1 = versions(watched).await;
    assert!(
        v1[0] > v0[0],
        "the province's list moves with a county's report"
    );
    assert!(
        v1[1] > v0[1],
        "the city's list moves with its county's report"
    );
    assert_eq!(v1[2], v0[2], "the other city's list does not move");

    // Entered once: the county's figure at the city and at the province.
    let city = s
        .allocation(city_item.item.id, today)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(city.targets[0].allocated, 450.0);
    assert_eq!(city.targets[0].gap(), 50.0);
    assert_eq!(city.targets[0].achieved, 120.0);
    let names: Vec<&str> = city
        .regions
        .iter()
        .map(|r| r.region.name.as_str())
        .collect();
    assert_eq!(names, ["甲一县", "甲二县"]);
    assert_eq!(
        city.regions[0].shares,
        [(city_target.id, 200.0, Some(120.0))]
    );
    assert!(city.regions[0].has_units && city.regions[0].assessment.is_some());
    assert!(
        !city.regions[1].has_units,
        "甲二县 has put nobody in charge yet"
    );
    assert!(city.regions[1].assessment.is_none(), "its list is a draft");

    // The lists' own ledgers count it too: the city's item and the province's item show
    // the county's figure as theirs.
    let figure = |plan: minsheng_domain::PlanId, it: minsheng_domain::ItemId, t: usize| async move {
        let l = s.plan_ledger(plan, today).await.unwrap();
        let i = l.items.iter().find(|i| i.detail.item.id == it).unwrap();
        i.targets[t].achieved
    };
    assert_eq!(
        figure(given[0].plan, city_item.item.id, 0).await,
        Some(120.0)
    );
    assert_eq!(figure(province_plan, item, 1).await, Some(120.0));
    assert_eq!(
        figure(province_plan, item, 0).await,
        None,
        "not allocated, not reported"
    );

    let top = s.allocation(item, today).await.unwrap().unwrap();
    assert_eq!(top.targets[1].target, places.id);
    assert_eq!(
        (
            top.targets[1].allocated,
            top.targets[1].achieved,
            top.targets[1].gap()
        ),
        (800.0, 120.0, 100.0)
    );
    assert_eq!(
        top.targets[0].allocated, 0.0,
        "the 4 kindergartens were kept"
    );
    let jia_part = top.regions.iter().find(|r| r.region.id == jia).unwrap();
    assert_eq!(jia_part.shares, [(places.id, 500.0, Some(120.0))]);
    let yi_part = top.regions.iter().find(|r| r.region.id == yi).unwrap();
    assert_eq!(yi_part.shares, [(places.id, 300.0, None)]);

    // The city's bulletin names the regions that lag on what it allocated: 甲二县 has not
    // published its list; 甲一县's bureau owes last week's report, then files it.
    s.set_plan_state(given[0].plan, PlanState::Published)
        .await
        .unwrap();
    let march = (d("2025-03-01"), d("2025-03-31"));
    let kind = minsheng_domain::supervision::BulletinKind::Monthly;
    let city_bulletin = || s.bulletin_data(given[0].plan, kind, march, today);
    let b = city_bulletin().await.unwrap();
    assert_eq!(b.regions[1].not_reported, ["甲一县教育局"]);
    assert_eq!(
        b.regions_line(),
        "本级下达 2 个地区的任务 1 项；进度滞后的地区：甲二县（1 项所在清单未发布）、甲一县（1 个单位未报送）。"
    );
    s.save_report(
        county_item.item.id,
        bureau,
        d("2025-02-24"),
        &submit(values(&[(county_target, 100.0)]), None),
        at("2025-03-04"),
    )
    .await
    .unwrap();
    let b = city_bulletin().await.unwrap();
    assert_eq!(b.allocated, 1);
    let lines: Vec<(&str, usize, bool)> = b
        .regions
        .iter()
        .map(|r| (r.region.as_str(), r.unpublished, r.lagging()))
        .collect();
    assert_eq!(lines, [("甲二县", 1, true), ("甲一县", 0, false)]);
    assert_eq!(b.regions[1].actual, Some(60.0), "120 of 200");
    assert_eq!(
        b.regions_line(),
        "本级下达 2 个地区的任务 1 项；进度滞后的地区：甲二县（1 项所在清单未发布）。"
    );
    // The province's: 乙市 has not published; 甲市 has, with its county's figure.
    let b = s
        .bulletin_data(province_plan, kind, march, today)
        .await
        .unwrap();
    let names: Vec<&str> = b.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(names, ["乙市", "甲市"]);
    assert!(b.regions[0].lagging() && b.regions[1].unpublished == 0);
    assert!(b.regions_line().contains("乙市（1 项所在清单未发布）"));
    // A list that allocated nothing says nothing about regions.
    let b = s
        .bulletin_data(counties[0].plan, kind, march, today)
        .await
        .unwrap();
    assert!(b.regions.is_empty() && b.regions_line().is_empty());

    // Two offices allocating one item to one region at the same moment: one is done, the
    // other is told so.
    let lanes = detail.items[2].item.id;
    let whole = [AllocationInput {
        region: yi,
        shares: vec![],
    }];
    let (a, b) = tokio::join!(
        s.allocate(lanes, &whole, now),
        s.allocate(lanes, &whole, now)
    );
    let refusals: Vec<Refusal> = [a, b]
        .into_iter()
        .filter_map(|r| match r {
            Ok(_) => None,
            Err(StoreError::Refused(r)) => Some(r),
            Err(e) => panic!("a database error instead of a refusal: {e}"),
        })
        .collect();
    assert_eq!(
        refusals,
        [Refusal::AlreadyAllocated {
            region: "乙市".into()
        }]
    );
    // On a board showing the city's list too, the county's item allocated from it counts
    // once, there: its list's progress says which part came from the city.
    let county_progress = s
        .plan_progress(counties[0].plan, today, &[today])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(county_progress.items, 1);
    assert_eq!(
        county_progress
            .from
            .iter()
            .map(|f| (f.0, f.3))
            .collect::<Vec<_>>(),
        [(given[0].plan, 1)]
    );
    assert_eq!(county_progress.without(&[given[0].plan]).2, 0);
    assert_eq!(county_progress.without(&[province_plan]).2, 1);
    let l = s.plan_ledger(counties[0].plan, today).await.unwrap();
    assert_eq!(l.items[0].from_plan, Some(given[0].plan));
    // Given whole to 乙市, 道路整治 is fed from below: its lead unit owes no report of its own,
    // while 老年食堂, kept, still does.
    let l = s.plan_ledger(province_plan, today).await.unwrap();
    let of = |id: minsheng_domain::ItemId| l.items.iter().find(|i| i.detail.item.id == id).unwrap();
    assert!(of(lanes).fed && !of(lanes).not_reported);
    assert!(!of(other).fed && of(other).not_reported);
    assert!(!l.not_reported.iter().any(|n| n.item_id == lanes));
    assert!(l.not_reported.iter().any(|n| n.item_id == other));
    assert_eq!(
        s.regions_below(province)
            .await
            .unwrap()
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["乙市", "甲市"]
    );
}

conformance!(figures_flow_up_the_levels_case);

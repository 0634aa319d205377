//! The storage conformance suite: every case runs on SQLite and on PostgreSQL.
//! PostgreSQL cases need `MINSHENG_TEST_DATABASE_URL` when the tests are built; without it
//! they are reported as ignored.

use minsheng_domain::{Comparator, PlanState, UnitKind};
use minsheng_importer::parse_text;
use minsheng_store::{ImportOptions, Store, StoreError};

#[macro_use]
mod common;

const LIST: &str = "\
示范区2025年民生实事项目清单
\t序号\n\t类别\n\t项目名称\n\t建设内容\n\t牵头单位\n\t配合单位\n\t牵头领导\n\t完成时限\n
\t1\n\t一、教育\n\t新建幼儿园\n\t新建公办幼儿园3所，新增学位不少于900个。\n\t教育局\n\t财政局、各街道\n\t张  源\n\t年底\n
\t2\n\t\n\t校园午餐\n\t为5000名学生提供午餐补助，每人每月100元。\n\t教育局\n\t\n\t\n\t9月\n
\t3\n\t二、养老\n\t老年食堂\n\t新建老年人食堂6处。\n\t民政局\n\t各街道\n\t王莹\n\t6月底前\n
";

fn options(region: &str) -> ImportOptions {
    ImportOptions {
        region: region.into(),
        year: 2025,
        source_name: "list.txt".into(),
        source_bytes: LIST.as_bytes().to_vec(),
    }
}

async fn import_case(store: Store) {
    let list = parse_text(LIST).unwrap();
    let s = store.import_plan(&list, &options("示范区")).await.unwrap();
    assert_eq!((s.items, s.categories, s.new_units), (3, 2, 4));
    assert_eq!(s.targets, 5);
    let plans = store.plans().await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].region, "示范区");
    assert_eq!(plans[0].items, 3);
    assert_eq!(plans[0].plan.state, PlanState::Draft);
    assert_eq!(plans[0].plan.year, 2025);

    let d = store.plan_detail(s.plan_id, None).await.unwrap();
    assert_eq!(
        d.categories
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["教育", "养老"]
    );
    let first = &d.items[0];
    assert_eq!(first.item.name.as_deref(), Some("新建幼儿园"));
    assert_eq!(first.category.as_deref(), Some("教育"));
    assert_eq!(
        first
            .lead_units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["教育局"]
    );
    assert_eq!(
        first
            .co_units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["财政局", "各街道"]
    );
    assert_eq!(first.co_units[1].kind, UnitKind::AllSubDistricts);
    assert_eq!(
        first
            .leaders
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        ["张源"]
    );
    assert_eq!(
        first.item.deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
    assert_eq!(first.item.deadline_text.as_deref(), Some("年底"));
    let t = &first.targets[1];
    assert_eq!(
        (t.value, t.unit.as_str(), t.comparator, t.optional),
        (900.0, "个", Comparator::Ge, false)
    );
    // Second item inherits the category, names no co-unit, keeps its rate.
    let second = &d.items[1];
    assert_eq!(second.category.as_deref(), Some("教育"));
    assert!(second.co_units.is_empty());
    assert!(
        second
            .targets
            .iter()
            .any(|t| t.unit == "元/人·月" && t.value == 100.0)
    );
    assert_eq!(
        d.items[2].item.deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-06-30")
    );

    let (name, bytes) = store.plan_source(s.plan_id).await.unwrap();
    assert_eq!(
        (name.as_str(), bytes.as_slice()),
        ("list.txt", LIST.as_bytes())
    );
}

async fn unit_filter_and_reuse_case(store: Store) {
    let list = parse_text(LIST).unwrap();
    let a = store.import_plan(&list, &options("示范区")).await.unwrap();
    let units = store.units(None).await.unwrap();
    let streets = units.iter().find(|u| u.name == "各街道").unwrap();
    let only = store
        .plan_detail(a.plan_id, Some(streets.id))
        .await
        .unwrap();
    assert_eq!(
        only.items
            .iter()
            .map(|i| i.item.seq.as_str())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    // An alias makes a later import find the same unit.
    let edu = units.iter().find(|u| u.name == "教育局").unwrap();
    store.add_unit_alias(edu.id, "区教育局").await.unwrap();
    let renamed = parse_text(&LIST.replace("\t教育局\n", "\t区教育局\n")).unwrap();
    let b = store
        .import_plan(&renamed, &options("示范区"))
        .await
        .unwrap();
    assert_eq!(b.new_units, 0, "区教育局 is an alias of 教育局");
    assert_eq!(store.units(None).await.unwrap().len(), units.len());
    let units_after = store.units(None).await.unwrap();
    assert_eq!(
        units_after
            .iter()
            .find(|u| u.name == "教育局")
            .unwrap()
            .aliases,
        ["区教育局"]
    );
    // Another region has its own units.
    store.import_plan(&list, &options("另一区")).await.unwrap();
    let other = store
        .regions()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "另一区")
        .unwrap();
    assert_eq!(store.units(Some(other.id)).await.unwrap().len(), 4);
}

async fn state_and_errors_case(store: Store) {
    let list = parse_text(LIST).unwrap();
    let s = store.import_plan(&list, &options("示范区")).await.unwrap();
    let p = store
        .set_plan_state(s.plan_id, PlanState::Published)
        .await
        .unwrap();
    assert_eq!(p.state, PlanState::Published);
    assert!(matches!(
        store.set_plan_state(s.plan_id, PlanState::Draft).await,
        Err(StoreError::Refused(
            minsheng_domain::Refusal::PlanStateChange { .. }
        ))
    ));
    assert!(matches!(
        store.plan(minsheng_domain::PlanId(9999)).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.item_detail(minsheng_domain::ItemId(9999)).await,
        Err(StoreError::NotFound(_))
    ));
    let d = store.plan_detail(s.plan_id, None).await.unwrap();
    let (plan, item) = store.item_detail(d.items[2].item.id).await.unwrap();
    assert_eq!(plan.id, s.plan_id);
    assert_eq!(item.item.name.as_deref(), Some("老年食堂"));
    // Migrations are idempotent.
    store.migrate().await.unwrap();
}

conformance!(
    import_case,
    unit_filter_and_reuse_case,
    state_and_errors_case
);

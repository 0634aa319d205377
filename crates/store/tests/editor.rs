//! The plan editor on both databases: a list built by hand (a count shared by two units, a
//! level from its baseline, a rate), read back as written, changed with its targets keeping
//! their ids, reordered, renumbered, bad input refused with nothing lost, every edit audited
//! with before and after; a published plan refuses edits; a report on the level target is
//! read from its baseline.

use chrono::NaiveDate;
use common::editing::{empty_plan, item, refusal, target};
use minsheng_domain::draft::{ItemDraft, ShareDraft, TargetDraft};
use minsheng_domain::ledger::{ReportContent, TargetValue};
use minsheng_domain::refusal::Field;
use minsheng_domain::{Comparator, PlanState, Refusal, TargetKind};
use minsheng_store::{AuditFilter, ReportWrite, Store};

#[macro_use]
mod common;

conformance!(a_list_is_built_by_hand_and_read_by_kind);

async fn a_list_is_built_by_hand_and_read_by_kind(store: Store) {
    let plan = empty_plan(&store).await;
    let shared = TargetDraft {
        shares: vec![
            ShareDraft {
                unit: "东区街道".into(),
                share: 120.0,
            },
            ShareDraft {
                unit: "西区街道".into(),
                share: 200.0,
            },
        ],
        ..target("托位", 320.0, "个")
    };
    let level = TargetDraft {
        baseline: Some(788.0),
        comparator: Comparator::Eq,
        ..target("低保标准", 1050.0, "元/人·月")
    };
    let ids = store
        .add_items(
            plan,
            vec![
                item("新增托位", "卫健委", shared),
                item("提高低保标准", "民政局", level),
                item("提高覆盖率", "医保局", target("参保覆盖率", 95.0, "%")),
            ],
        )
        .await
        .unwrap();
    assert_eq!(ids.len(), 3);

    // Read back as written, kinds inferred, shares on their target, holders not repeated.
    let (p, first) = store.item_draft(ids[0]).await.unwrap();
    assert_eq!(p, plan);
    assert_eq!(first.name, "新增托位");
    assert_eq!(first.seq.as_deref(), Some("1"));
    assert_eq!(first.category.as_deref(), Some("社会保障"));
    assert_eq!(first.lead_units, vec!["卫健委"]);
    assert!(first.co_units.is_empty());
    assert_eq!(first.leaders, vec!["王副区长"]);
    let t = &first.targets[0];
    assert_eq!((t.value, t.kind), (320.0, Some(TargetKind::Count)));
    let shares: Vec<(&str, f64)> = t
        .shares
        .iter()
        .map(|s| (s.unit.as_str(), s.share))
        .collect();
    assert_eq!(shares, vec![("东区街道", 120.0), ("西区街道", 200.0)]);
    let (_, second) = store.item_draft(ids[1]).await.unwrap();
    assert_eq!(second.targets[0].kind, Some(TargetKind::Level));
    assert_eq!(second.targets[0].baseline, Some(788.0));
    let (_, third) = store.item_draft(ids[2]).await.unwrap();
    assert_eq!(third.targets[0].kind, Some(TargetKind::Rate));
    let detail = store.plan_detail(plan, None).await.unwrap();
    assert_eq!(detail.categories.len(), 1, "one category, found by name");
    let sharer = &detail.items[0].co_units;
    assert_eq!(sharer.len(), 2, "share holders are co-units");

    // A change keeps the target's id; the audit entry holds before and after.
    let target_id = first.targets[0].id;
    let mut changed = first.clone();
    changed.targets[0].value = 300.0;
    changed.co_units = vec!["财政局".into()];
    changed.content = Some("新增普惠托位300个".into());
    store.update_item(ids[0], changed).await.unwrap();
    let (_, after) = store.item_draft(ids[0]).await.unwrap();
    assert_eq!(after.targets[0].id, target_id);
    assert_eq!(after.targets[0].value, 300.0);
    assert_eq!(after.co_units, vec!["财政局"]);
    assert_eq!(after.targets[0].shares.len(), 2);
    let log = store
        .audit_entries(&AuditFilter {
            action: Some("item.update".into()),
            limit: 10,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let entry = &log[0];
    assert_eq!(entry.entity_id, ids[0].0.to_string());
    assert!(entry.before_json.contains("320"), "{}", entry.before_json);
    assert!(entry.after_json.contains("300"), "{}", entry.after_json);

    // A bare figure (18000户) is a target without a metric, kept as it is.
    let mut bare = store.item_draft(ids[2]).await.unwrap().1;
    bare.targets.push(target("", 18000.0, "户"));
    store.update_item(ids[2], bare).await.unwrap();
    let bare = store.item_draft(ids[2]).await.unwrap().1;
    assert_eq!(bare.targets[1].metric, "");
    store.update_item(ids[2], bare.clone()).await.unwrap();
    assert_eq!(
        store.item_draft(ids[2]).await.unwrap().1,
        bare,
        "sent back unchanged, unchanged"
    );

    // Bad input is refused by reason and loses nothing saved.
    let blank = ItemDraft {
        name: "  ".into(),
        ..after.clone()
    };
    assert_eq!(
        refusal(store.update_item(ids[0], blank).await),
        Refusal::FieldRequired {
            field: Field::ItemName
        }
    );
    let mut twice = after.clone();
    twice.targets.push(TargetDraft {
        shares: vec![ShareDraft {
            unit: "东区街道".into(),
            share: 5.0,
        }],
        ..target("床位", 10.0, "张")
    });
    assert!(matches!(
        refusal(store.update_item(ids[0], twice).await),
        Refusal::ShareTwice { .. }
    ));
    assert_eq!(store.item_draft(ids[0]).await.unwrap().1, after);

    // Reorder within the category, renumber, delete.
    store.move_item(ids[2], true).await.unwrap();
    let order: Vec<_> = store
        .plan_detail(plan, None)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.item.id)
        .collect();
    assert_eq!(order, vec![ids[0], ids[2], ids[1]]);
    store.renumber_items(plan).await.unwrap();
    let seqs: Vec<String> = store
        .plan_detail(plan, None)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.item.seq.clone())
        .collect();
    assert_eq!(seqs, vec!["1", "2", "3"]);
    let extra = store
        .add_item(plan, item("临时项目", "教育局", target("学位", 10.0, "个")))
        .await
        .unwrap();
    store.delete_item(extra).await.unwrap();
    assert_eq!(store.plan_detail(plan, None).await.unwrap().items.len(), 3);
    let cat = store.add_category(plan, "教育").await.unwrap();
    store.rename_category(cat, "教育事业").await.unwrap();
    store.move_category(cat, true).await.unwrap();
    let cats = store.plan_detail(plan, None).await.unwrap().categories;
    assert_eq!(cats[0].name, "教育事业");
    store.delete_category(cat).await.unwrap();

    // Published: edits are refused, the list stays as it was.
    store
        .set_plan_state(plan, PlanState::Published)
        .await
        .unwrap();
    assert_eq!(
        refusal(store.update_item(ids[1], second.clone()).await),
        Refusal::PlanNotDraft
    );
    assert_eq!(
        refusal(
            store
                .add_item(plan, item("迟到项目", "民政局", target("x", 1.0, "个")))
                .await
        ),
        Refusal::PlanNotDraft
    );
    assert_eq!(
        refusal(store.delete_item(ids[1]).await),
        Refusal::PlanNotDraft
    );

    // The level target is read from its baseline: 919 of 788 → 1050 is 50%, not 88%.
    let unit = store.plan_detail(plan, None).await.unwrap().items[2].lead_units[0].id;
    let monday = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    let w = ReportWrite {
        content: ReportContent {
            values: vec![TargetValue {
                target_id: minsheng_domain::TargetId(second.targets[0].id.unwrap()),
                value: 919.0,
            }],
            progress: "已按新标准发放".into(),
            ..Default::default()
        },
        revision: None,
        submit: true,
        correction_reason: None,
        ..ReportWrite::default()
    };
    store
        .save_report(
            ids[1],
            unit,
            monday,
            &w,
            common::on(monday + chrono::Duration::days(2)),
        )
        .await
        .unwrap();
    let ledger = store
        .plan_ledger(plan, monday + chrono::Duration::days(3))
        .await
        .unwrap();
    let level = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == ids[1])
        .unwrap();
    assert!(
        (level.targets[0].ratio - 0.5).abs() < 1e-9,
        "{}",
        level.targets[0].ratio
    );
    assert!(!level.targets[0].attained);
    assert_eq!(level.assessment.actual.map(|a| a.round()), Some(50.0));
}

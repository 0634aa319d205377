//! Adjustments of a published list on both databases: refused on a draft, a reported target
//! never removed, a major change approved only with its decision, applied with reports kept,
//! terminations and new items, splits and merges, ended items left alone, units limited to
//! what they lead, and the month's bulletin counting them.

use chrono::NaiveDate;
use common::editing::{empty_plan, item, refusal, target};
use minsheng_domain::adjustment::{AdjustmentKind, AdjustmentState, DecisionRecord};
use minsheng_domain::draft::ItemDraft;
use minsheng_domain::ledger::{ItemStatus, ReportContent, TargetValue};
use minsheng_domain::{PlanState, Refusal};
use minsheng_store::{AdjustmentDecision, AdjustmentInput, ReportWrite, Store};

#[macro_use]
mod common;

conformance!(
    a_published_list_changes_only_by_adjustment,
    items_are_split_and_merged_by_adjustment
);

async fn a_published_list_changes_only_by_adjustment(store: Store) {
    let plan = empty_plan(&store).await;
    let ids = store
        .add_items(
            plan,
            vec![
                item("新增托位", "卫健委", target("托位", 320.0, "个")),
                item("改造小区", "住建局", target("小区", 20.0, "个")),
            ],
        )
        .await
        .unwrap();
    let change = |after: ItemDraft, major: bool| AdjustmentInput {
        kind: AdjustmentKind::Change,
        item: Some(ids[0]),
        after: Some(after),
        reason: "用地调整，部分托位改至明年建成".into(),
        major,
        unit: None,
        parts: vec![],
        merged: vec![],
    };
    let day = NaiveDate::from_ymd_opt(2025, 6, 4).unwrap();
    let now = common::on(day);
    let (_, draft) = store.item_as_adjusted(ids[0]).await.unwrap();
    assert_eq!(
        refusal(
            store
                .propose_adjustment(plan, change(draft.clone(), false), now)
                .await
        ),
        Refusal::AdjustDraft,
        "a draft is edited, not adjusted"
    );
    let lead = store.plan_detail(plan, None).await.unwrap().items[0].lead_units[0].id;
    let delay = minsheng_store::DelayInput {
        cause: "资金".into(),
        explanation: "资金未到位".into(),
        steps: vec![],
        new_deadline: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    };
    assert_eq!(
        refusal(store.submit_delay(ids[0], lead, &delay, now).await),
        Refusal::PlanNotPublished,
        "nothing is explained on a draft"
    );
    store
        .set_plan_state(plan, PlanState::Published)
        .await
        .unwrap();

    // A report against the target that will change.
    let unit = store.plan_detail(plan, None).await.unwrap().items[0].lead_units[0].id;
    let target_id = draft.targets[0].id.unwrap();
    let monday = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
    let w = ReportWrite {
        content: ReportContent {
            values: vec![TargetValue {
                target_id: minsheng_domain::TargetId(target_id),
                value: 150.0,
            }],
            progress: "已建成150个".into(),
            ..Default::default()
        },
        revision: None,
        submit: true,
        correction_reason: None,
        ..ReportWrite::default()
    };
    store
        .save_report(ids[0], unit, monday, &w, now)
        .await
        .unwrap();

    // Nothing changed, a reported target removed: refused.
    assert_eq!(
        refusal(
            store
                .propose_adjustment(plan, change(draft.clone(), false), now)
                .await
        ),
        Refusal::AdjustmentUnchanged
    );
    let mut removed = draft.clone();
    removed.targets.clear();
    assert_eq!(
        refusal(
            store
                .propose_adjustment(plan, change(removed, false), now)
                .await
        ),
        Refusal::TargetHasReports {
            metric: "托位".into()
        }
    );

    // Target cut and the deadline moved into next year: a major change.
    let mut after = draft.clone();
    after.targets[0].value = 300.0;
    after.deadline = NaiveDate::from_ymd_opt(2026, 6, 30);
    let id = store
        .propose_adjustment(plan, change(after.clone(), true), now)
        .await
        .unwrap();
    assert_eq!(
        refusal(
            store
                .propose_adjustment(plan, change(after.clone(), true), now)
                .await
        ),
        Refusal::AdjustmentPending
    );
    let a = store.adjustment(id).await.unwrap();
    assert_eq!(a.state, AdjustmentState::Pending);
    assert!(a.into_later_year);
    let fields: Vec<&str> = a.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["完成日期", "指标“托位”"]);
    let decide = |approve: bool, note: &str, decision: Option<DecisionRecord>| AdjustmentDecision {
        approve,
        note: note.into(),
        decision,
    };
    assert_eq!(
        refusal(
            store
                .decide_adjustment(id, decide(true, "", None), now)
                .await
        ),
        Refusal::DecisionRecordRequired
    );
    assert_eq!(
        refusal(
            store
                .decide_adjustment(id, decide(false, " ", None), now)
                .await
        ),
        Refusal::ReturnNeedsReason
    );
    let record = DecisionRecord {
        body: "示范区人大常委会".into(),
        number: "示人大常发〔2025〕8号".into(),
        date: NaiveDate::from_ymd_opt(2025, 6, 3).unwrap(),
    };
    let a = store
        .decide_adjustment(id, decide(true, "同意", Some(record.clone())), now)
        .await
        .unwrap();
    assert_eq!(a.state, AdjustmentState::Approved);
    assert_eq!(a.decision, Some(record));
    assert_eq!(
        refusal(
            store
                .decide_adjustment(id, decide(true, "", None), now)
                .await
        ),
        Refusal::AdjustmentDecided
    );

    // Applied: the same target with its report, the new value, the new current deadline.
    let (_, now_item) = store.item_draft(ids[0]).await.unwrap();
    assert_eq!(now_item.targets[0].id, Some(target_id));
    assert_eq!(now_item.targets[0].value, 300.0);
    assert_eq!(
        store.item_deadlines(ids[0]).await.unwrap().1,
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
    );
    let ledger = store.plan_ledger(plan, day).await.unwrap();
    let first = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == ids[0])
        .unwrap();
    assert_eq!(first.targets[0].achieved, Some(150.0));
    assert!((first.targets[0].ratio - 0.5).abs() < 1e-9);
    assert_eq!(store.item_adjustments(ids[0]).await.unwrap().len(), 1);

    // A termination and a new item, approved without a decision (not major).
    let t = store
        .propose_adjustment(
            plan,
            AdjustmentInput {
                kind: AdjustmentKind::Terminate,
                item: Some(ids[1]),
                after: None,
                reason: "小区纳入城市更新片区统一实施".into(),
                major: false,
                unit: None,
                parts: vec![],
                merged: vec![],
            },
            now,
        )
        .await
        .unwrap();
    store
        .decide_adjustment(t, decide(true, "", None), now)
        .await
        .unwrap();
    let n = store
        .propose_adjustment(
            plan,
            AdjustmentInput {
                kind: AdjustmentKind::NewItem,
                item: None,
                after: Some(item("新建口袋公园", "园林局", target("公园", 5.0, "个"))),
                reason: "群众呼声集中，经研究增补".into(),
                major: false,
                unit: None,
                parts: vec![],
                merged: vec![],
            },
            now,
        )
        .await
        .unwrap();
    let added = store
        .decide_adjustment(n, decide(true, "", None), now)
        .await
        .unwrap();
    let ledger = store.plan_ledger(plan, day).await.unwrap();
    assert_eq!(ledger.items.len(), 3);
    let terminated = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == ids[1])
        .unwrap();
    assert_eq!(terminated.assessment.status, ItemStatus::Terminated);
    assert!(added.item_id.is_some());
    assert_eq!(store.plan_adjustments(plan).await.unwrap().len(), 3);

    // The month's bulletin counts them, with the basis of the major one.
    let june = (
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
    );
    let b = store
        .bulletin_data(
            plan,
            minsheng_domain::supervision::BulletinKind::Monthly,
            june,
            day,
        )
        .await
        .unwrap();
    assert_eq!(
        b.adjustments_line(),
        "本期经批准调整项目 3 项（变更 1 项、终止实施 1 项、新增项目 1 项）。"
    );
    assert!(b.adjustments[0].basis.contains("示人大常发〔2025〕8号"));
    // A bulletin names its plan: two lists of one region no longer share a title.
    let id = store
        .create_bulletin(
            plan,
            minsheng_domain::supervision::BulletinKind::Monthly,
            day,
            now,
        )
        .await
        .unwrap();
    let title = store.bulletin(id).await.unwrap().title;
    assert!(title.ends_with("（手工清单）"), "{title}");
    assert!(
        b.adjustments[0].changes.contains("2026-06-30"),
        "{:?}",
        b.adjustments[0]
    );
}

async fn items_are_split_and_merged_by_adjustment(store: Store) {
    let plan = empty_plan(&store).await;
    let ids = store
        .add_items(
            plan,
            vec![
                item("老旧小区改造", "住建局", target("小区", 30.0, "个")),
                item("背街小巷整治", "城管局", target("街巷", 20.0, "条")),
                item("口袋公园", "园林局", target("公园", 5.0, "个")),
            ],
        )
        .await
        .unwrap();
    store
        .set_plan_state(plan, PlanState::Published)
        .await
        .unwrap();
    let now = common::on(NaiveDate::from_ymd_opt(2025, 6, 4).unwrap());
    let input = |kind, item, after, parts: Vec<ItemDraft>, merged| AdjustmentInput {
        kind,
        item: Some(item),
        after: Some(after),
        reason: "按片区统筹实施".into(),
        major: false,
        unit: None,
        parts,
        merged,
    };
    let approve = AdjustmentDecision {
        approve: true,
        note: String::new(),
        decision: None,
    };

    // A split: 30 小区 become 20 here and a new item of 10 with its own lead unit.
    let (_, d) = store.item_as_adjusted(ids[0]).await.unwrap();
    let mut kept = d.clone();
    kept.targets[0].value = 20.0;
    assert_eq!(
        refusal(
            store
                .propose_adjustment(
                    plan,
                    input(AdjustmentKind::Split, ids[0], kept.clone(), vec![], vec![]),
                    now
                )
                .await
        ),
        Refusal::SplitNeedsParts
    );
    let part = item("老旧小区改造（二期）", "街道办", target("小区", 10.0, "个"));
    let s = store
        .propose_adjustment(
            plan,
            input(AdjustmentKind::Split, ids[0], kept, vec![part], vec![]),
            now,
        )
        .await
        .unwrap();
    let a = store.adjustment(s).await.unwrap();
    assert!(
        a.changes
            .iter()
            .any(|c| c.field == "拆出项目" && c.after.contains("二期")),
        "{:?}",
        a.changes
    );
    store
        .decide_adjustment(s, approve.clone(), now)
        .await
        .unwrap();
    let d1 = store.plan_detail(plan, None).await.unwrap();
    assert_eq!(d1.items.len(), 4);
    assert_eq!(d1.items[0].targets[0].value, 20.0);
    assert_eq!(d1.items[3].lead_units[0].name, "街道办");

    // A merge: the pocket parks into the lanes item, which ends them.
    let (_, lanes) = store.item_as_adjusted(ids[1]).await.unwrap();
    let mut merged = lanes.clone();
    merged.targets.push(target("公园", 5.0, "个"));
    assert_eq!(
        refusal(
            store
                .propose_adjustment(
                    plan,
                    input(
                        AdjustmentKind::Merge,
                        ids[1],
                        merged.clone(),
                        vec![],
                        vec![ids[1]]
                    ),
                    now
                )
                .await
        ),
        Refusal::MergeNeedsItems,
        "an item is not merged into itself"
    );
    let m = store
        .propose_adjustment(
            plan,
            input(AdjustmentKind::Merge, ids[1], merged, vec![], vec![ids[2]]),
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        refusal(
            store
                .propose_adjustment(
                    plan,
                    AdjustmentInput {
                        kind: AdjustmentKind::Terminate,
                        item: Some(ids[2]),
                        after: None,
                        reason: "另行处理".into(),
                        major: false,
                        unit: None,
                        parts: vec![],
                        merged: vec![],
                    },
                    now
                )
                .await
        ),
        Refusal::AdjustmentPending,
        "an item being merged waits for the merge"
    );
    let a = store.decide_adjustment(m, approve, now).await.unwrap();
    assert!(
        a.changes
            .iter()
            .any(|c| c.field == "并入项目" && c.before.contains("口袋公园"))
    );
    // The item merged away shows the merge, and takes no further adjustment.
    let on_park = store.item_adjustments(ids[2]).await.unwrap();
    assert_eq!(on_park.len(), 1);
    assert_eq!(on_park[0].id, m);
    let (_, park) = store.item_as_adjusted(ids[2]).await.unwrap();
    let mut moved = park.clone();
    moved.deadline = NaiveDate::from_ymd_opt(2025, 10, 31);
    let change = input(AdjustmentKind::Change, ids[2], moved, vec![], vec![]);
    assert_eq!(
        refusal(store.propose_adjustment(plan, change, now).await),
        Refusal::ItemEnded
    );
    let (_, first) = store.item_as_adjusted(ids[0]).await.unwrap();
    let again = input(
        AdjustmentKind::Merge,
        ids[0],
        first.clone(),
        vec![],
        vec![ids[2]],
    );
    assert_eq!(
        refusal(store.propose_adjustment(plan, again, now).await),
        Refusal::ItemEnded,
        "an ended item is not merged again"
    );
    // A unit proposes on what it leads only, and no new items.
    let unit = store.plan_detail(plan, None).await.unwrap().items[0].lead_units[0].id;
    let by_unit = |kind, merged| AdjustmentInput {
        kind,
        item: (kind != AdjustmentKind::NewItem).then_some(ids[0]),
        after: Some(first.clone()),
        reason: "单位提出".into(),
        major: false,
        unit: Some(unit),
        parts: vec![],
        merged,
    };
    let new = by_unit(AdjustmentKind::NewItem, vec![]);
    assert_eq!(
        refusal(store.propose_adjustment(plan, new, now).await),
        Refusal::NewItemByOffice
    );
    let other = by_unit(AdjustmentKind::Merge, vec![ids[1]]);
    assert_eq!(
        refusal(store.propose_adjustment(plan, other, now).await),
        Refusal::OnlyLeadUnit,
        "a unit merges only items it leads"
    );
    let ledger = store
        .plan_ledger(plan, NaiveDate::from_ymd_opt(2025, 6, 4).unwrap())
        .await
        .unwrap();
    let park = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == ids[2])
        .unwrap();
    assert_eq!(park.assessment.status, ItemStatus::Terminated);
    let lanes = ledger
        .items
        .iter()
        .find(|i| i.detail.item.id == ids[1])
        .unwrap();
    assert_eq!(lanes.targets.len(), 2);
}

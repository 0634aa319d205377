//! The kept ledger is the ledger: after any sequence of writes — reports filed, corrected and
//! left as drafts, milestones, delay explanations and their review, acceptance, dispositions,
//! settings, locks, a unit renamed, the plan closed — the ledger a reader gets (kept while the
//! plan's version is unchanged) equals one assessed anew from the database, on every day
//! looked at (ledgers of earlier days assessed from one reading of today's facts, and
//! ledgers carried over a period lock, included), on SQLite and PostgreSQL alike. The writes are drawn from a seeded generator, so
//! a failure names its seed and step.

use chrono::{Datelike, Duration, NaiveDate};
use minsheng_domain::ledger::{Disposition, ReportContent, TargetValue};
use minsheng_domain::{ItemId, PlanId, PlanState, TargetId, UnitId, UnitKind};
use minsheng_store::{AcceptanceInput, DelayInput, MilestoneInput, ReportWrite, Store};

#[macro_use]
mod common;

const LIST: &str = "\
示范区2025年民生实事项目清单
\t序号\n\t项目名称\n\t建设内容\n\t牵头单位\n\t配合单位\n\t完成时限\n
\t1\n\t新建幼儿园\n\t新建公办幼儿园4所，新增学位不少于900个。\n\t教育局\n\t各街道\n\t年底\n
\t2\n\t老年食堂\n\t新建老年人食堂6处。\n\t民政局\n\t各街道\n\t6月底前\n
\t3\n\t道路整治\n\t整治背街小巷道路20条。\n\t住建局\n\t\n\t9月底前\n
\t4\n\t口袋公园\n\t建设口袋公园5个。\n\t园林局\n\t\n\t年底\n
";

/// A small, seeded generator (xorshift): the same seed, the same writes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Plan {
    id: PlanId,
    items: Vec<ItemId>,
    targets: Vec<Vec<TargetId>>,
    leads: Vec<UnitId>,
}

async fn plan(store: &Store) -> Plan {
    let s = common::published_list(store, LIST).await;
    let d = store.plan_detail(s.plan_id, None).await.unwrap();
    Plan {
        id: s.plan_id,
        items: d.items.iter().map(|i| i.item.id).collect(),
        targets: d
            .items
            .iter()
            .map(|i| i.targets.iter().map(|t| t.id).collect())
            .collect(),
        leads: d.items.iter().map(|i| i.lead_units[0].id).collect(),
    }
}

/// The kept ledger and a fresh one, compared whole (as JSON, and the first submissions).
async fn same(store: &Store, p: &Plan, day: NaiveDate, what: &str) {
    let kept = store.plan_ledger(p.id, day).await.unwrap();
    let fresh = store.assess_plan(p.id, day).await.unwrap();
    assert_eq!(
        serde_json::to_value(&*kept).unwrap(),
        serde_json::to_value(&fresh).unwrap(),
        "{what}: the kept ledger of {day} differs from a fresh one"
    );
    assert_eq!(kept.first_submitted, fresh.first_submitted, "{what}");
    // Each item's kept reports and records are what the database holds now.
    for &item in &p.items {
        let view = store.item_ledger(item, day).await.unwrap();
        assert_eq!(
            serde_json::to_value(&view.reports).unwrap(),
            serde_json::to_value(store.item_reports(item).await.unwrap()).unwrap(),
            "{what}: item {item}'s reports"
        );
        assert_eq!(
            serde_json::to_value(store.item_records(item, day).await.unwrap()).unwrap(),
            serde_json::to_value(store.load_item_records(item, day).await.unwrap()).unwrap(),
            "{what}: item {item}'s records"
        );
    }
    // Asked again with nothing written, the same ledger is handed out, not rebuilt.
    let again = store.plan_ledger(p.id, day).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&kept, &again), "{what}: kept");
}

/// One write drawn from `rng`, as of `day`. Refusals (a locked period, a decided review…) are
/// part of the game: they must leave the ledger as it was, which the comparison checks too.
async fn write(store: &Store, p: &Plan, rng: &mut Rng, day: NaiveDate) -> String {
    let i = rng.below(p.items.len());
    let (item, unit) = (p.items[i], p.leads[i]);
    let week = day - Duration::days(day.weekday().num_days_from_monday() as i64);
    let period = week - Duration::weeks(rng.below(3) as i64);
    match rng.below(10) {
        0..=3 => {
            let revision = store
                .report_versions(item, unit, period)
                .await
                .unwrap()
                .pop()
                .map(|r| r.revision);
            let submit = rng.below(3) > 0;
            let values = p.targets[i]
                .iter()
                .map(|&target_id| TargetValue {
                    target_id,
                    value: (rng.below(40) * 25) as f64,
                })
                .collect();
            let w = ReportWrite {
                content: ReportContent {
                    values,
                    percent: if p.targets[i].is_empty() {
                        Some(rng.below(101) as f64)
                    } else {
                        None
                    },
                    progress: format!("进展 {}", rng.below(100)),
                    ..Default::default()
                },
                revision,
                submit,
                correction_reason: Some("更正数据".into()),
                ..ReportWrite::default()
            };
            let r = store
                .save_report(item, unit, period, &w, common::on(day))
                .await;
            format!("report {item} {period} submit={submit}: {}", r.is_ok())
        }
        4 => {
            let m = MilestoneInput {
                title: format!("节点{}", rng.below(100)),
                owner_unit_id: None,
                due_on: day + Duration::days(rng.below(60) as i64 - 20),
                planned_percent: Some(rng.below(100) as f64),
            };
            let id = store.add_milestone(item, &m).await.unwrap();
            if rng.below(2) == 0 {
                let _ = store
                    .set_milestone_done(id, Some(day), common::on(day))
                    .await;
            }
            format!("milestone {item}")
        }
        5 => {
            let d = DelayInput {
                cause: "资金".into(),
                explanation: "资金未到位".into(),
                steps: Vec::new(),
                new_deadline: day + Duration::days(30 + rng.below(60) as i64),
            };
            let r = store.submit_delay(item, unit, &d, common::on(day)).await;
            if let Ok(id) = r
                && rng.below(2) == 0
            {
                let _ = store
                    .review_delay(id, rng.below(2) == 0, "同意", "专班", common::on(day))
                    .await;
            }
            format!("delay {item}: {}", r.is_ok())
        }
        6 => {
            let a = AcceptanceInput {
                completed_on: day,
                summary: "已完成".into(),
            };
            let r = store
                .request_acceptance(item, unit, &a, common::on(day))
                .await;
            if let Ok(id) = r {
                let _ = store
                    .decide_acceptance(id, rng.below(2) == 0, "退回补充", "专班", common::on(day))
                    .await;
            }
            format!("acceptance {item}: {}", r.is_ok())
        }
        7 => {
            let d = [
                None,
                Some(Disposition::Terminated),
                Some(Disposition::CarriedOver),
            ][rng.below(3)];
            let r = store.set_disposition(item, d, "调整").await;
            format!("disposition {item} {d:?}: {}", r.is_ok())
        }
        8 => {
            let mut s = store.plan_settings(p.id).await.unwrap();
            s.thresholds.yellow_gap = rng.below(10) as f64;
            s.thresholds.red_gap = s.thresholds.yellow_gap + 1.0 + rng.below(20) as f64;
            store.set_plan_settings(p.id, &s).await.unwrap();
            let lock = store.lock_period(p.id, period, common::on(day)).await;
            format!("settings and lock {period}: {}", lock.is_ok())
        }
        _ => {
            let region = store.plan_detail(p.id, None).await.unwrap().region.id;
            let name = format!("单位{}", rng.below(1000));
            let r = store
                .save_unit(Some(unit), region, &name, UnitKind::Department, &[])
                .await;
            format!("rename {unit} to {name}: {}", r.is_ok())
        }
    }
}

async fn kept_equals_fresh_case(store: Store) {
    let p = plan(&store).await;
    let start = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
    for seed in [7u64, 1_000_003, 42_424_242] {
        let mut rng = Rng(seed);
        for step in 0..60 {
            let day = start + Duration::days(step * 3);
            // Read first (the ledger is kept), then write, then compare on today and on a day
            // looked at earlier.
            same(&store, &p, day, &format!("seed {seed} step {step} before")).await;
            let what = write(&store, &p, &mut rng, day).await;
            let tag = format!("seed {seed} step {step} after {what}");
            same(&store, &p, day, &tag).await;
            same(&store, &p, start, &tag).await;
            // Ledgers of earlier days assessed from today's facts (as a scheduler pass keeps
            // them), and those carried over a lock (a lock's period ends within three weeks).
            let earlier: Vec<NaiveDate> = [4, 7, 11, 15]
                .into_iter()
                .map(|n| day - Duration::days(n))
                .filter(|d| *d >= start)
                .collect();
            if step % 2 == 0 {
                store.keep_ledgers(p.id, day, &earlier).await.unwrap();
            }
            for d in earlier {
                same(&store, &p, d, &format!("{tag}, as of {d}")).await;
            }
        }
    }
    // Closing the plan is seen too.
    store.set_plan_state(p.id, PlanState::Closed).await.unwrap();
    same(&store, &p, start + Duration::days(200), "closed").await;
}

conformance!(kept_equals_fresh_case);

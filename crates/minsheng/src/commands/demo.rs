//! `minsheng demo`: a fresh data directory with the demo lists shipped in `demo/`.

use chrono::{Duration, NaiveDate};
use minsheng_domain::PlanId;
use minsheng_domain::PlanState;
use minsheng_domain::ledger::{ReportContent, TargetValue};
use minsheng_domain::supervision::{BulletinKind, OrderAction};
use minsheng_store::{NewOrder, Now, ReportWrite, Store};
use std::path::Path;

/// Marks a directory as made by `demo`, so it may be emptied next time.
const MARKER: &str = ".minsheng-demo";

/// The demo lists, embedded so the binary needs no source tree: (file name, bytes, region, year).
pub const LISTS: &[(&str, &[u8], &str, i32)] = &[
    (
        "示范区2025年民生实事项目清单.txt",
        include_bytes!("../../../../demo/示范区2025年民生实事项目清单.txt"),
        "示范区",
        2025,
    ),
    (
        "示范区2025年街道民生实事.txt",
        include_bytes!("../../../../demo/示范区2025年街道民生实事.txt"),
        "示范区",
        2025,
    ),
];

/// Empties (or creates) the demo directory, opens a store in it and loads the demo lists.
pub async fn prepare(data: &Path, today: NaiveDate) -> Result<Store, String> {
    if data.exists() {
        let is_demo = data.join(MARKER).exists();
        let is_empty = std::fs::read_dir(data)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_demo && !is_empty {
            return Err(format!(
                "目录 {} 已存在且不是示范数据目录，为免误删未作改动；请用 --data 指定一个新目录 (refusing to empty a non-demo directory)",
                data.display()
            ));
        }
        std::fs::remove_dir_all(data)
            .map_err(|e| format!("无法清空示范目录 {}：{e}", data.display()))?;
    }
    std::fs::create_dir_all(data).map_err(|e| {
        format!(
            "数据目录 {} 不可写：{e}；请换一个目录 (data directory not writable)",
            data.display()
        )
    })?;
    std::fs::write(
        data.join(MARKER),
        b"demo data directory: emptied by `minsheng demo`\n",
    )
    .map_err(|e| {
        format!(
            "数据目录 {} 不可写：{e}；请换一个目录 (data directory not writable)",
            data.display()
        )
    })?;
    let store = Store::open(data, None).await.map_err(|e| e.to_string())?;
    let mut first = None;
    for (name, bytes, region, year) in LISTS {
        let list = super::read_list(name, bytes, &minsheng_importer::Choice::default())?;
        let s = super::import_into(
            &store,
            name,
            bytes.to_vec(),
            &list,
            Some(region.to_string()),
            Some(*year),
        )
        .await?;
        println!("示范清单 (demo list) {name}: {} 项 items", s.items);
        store
            .set_plan_state(s.plan_id, PlanState::Published)
            .await
            .map_err(|e| e.to_string())?;
        let n = fill_ledger(&store, s.plan_id, today).await?;
        println!("  已按周填报示范台账 {n} 份 (demo weekly reports filed)");
        supervise(&store, s.plan_id, today).await?;
        first.get_or_insert(s.plan_id);
    }
    if let Some(plan) = first {
        super::accounts::demo_accounts(&store, plan).await?;
    }
    Ok(store)
}

/// Supervision to look at: an order on each red item (the first answered), and a draft
/// bulletin for the quarter so far.
async fn supervise(store: &Store, plan: PlanId, today: NaiveDate) -> Result<(), String> {
    let err = |e: minsheng_store::StoreError| e.to_string();
    let ledger = store.plan_ledger(plan, today).await.map_err(err)?;
    let now = Now {
        today,
        at: today.and_hms_opt(1, 0, 0).expect("valid time").and_utc(),
    };
    let red = store.proposed_orders(&ledger).await.map_err(err)?;
    for (i, item) in red.into_iter().enumerate() {
        let id = store
            .issue_order(
                &NewOrder {
                    item,
                    unit: None,
                    requirement: "该项目进度滞后、亮红灯，请分析原因，制定整改措施，明确完成时限，并书面反馈。".into(),
                    deadline: today + Duration::days(7),
                    origin: "red_light".into(),
                },
                now,
            )
            .await
            .map_err(err)?;
        if i == 0 {
            store
                .act_on_order(
                    id,
                    OrderAction::Answer,
                    "已召开专题会，增加施工力量，月底前完成主体工程。",
                    None,
                    now,
                )
                .await
                .map_err(err)?;
        }
    }
    store
        .create_bulletin(plan, BulletinKind::Quarterly, today, now)
        .await
        .map_err(err)?;
    Ok(())
}

/// Files weekly reports up to `today` at different paces, so the dashboard shows every light:
/// some items ahead, some behind, one silent for the last weeks, one not started.
async fn fill_ledger(store: &Store, plan: PlanId, today: NaiveDate) -> Result<usize, String> {
    let err = |e: minsheng_store::StoreError| e.to_string();
    let ledger = store.plan_ledger(plan, today).await.map_err(err)?;
    let rule = ledger.settings.rule;
    const PACE: [f64; 7] = [1.15, 1.0, 0.95, 0.75, 0.5, 1.05, 0.0];
    let mut filed = 0;
    for (i, it) in ledger.items.iter().enumerate() {
        let pace = PACE[i % PACE.len()];
        let Some(unit) = it.detail.lead_units.first().map(|u| u.id) else {
            continue;
        };
        if pace == 0.0 {
            continue;
        }
        let silent_from = if i % 5 == 4 {
            today - Duration::days(21)
        } else {
            today
        };
        let span = (it.original_deadline - it.start).num_days().max(1) as f64;
        for p in rule.periods(it.start, today) {
            if p.due >= today || p.start > silent_from {
                break;
            }
            let elapsed = ((p.end - it.start).num_days() as f64 / span).clamp(0.0, 1.0);
            let frac = (pace * elapsed).min(1.0);
            let values = it
                .detail
                .targets
                .iter()
                .map(|t| TargetValue {
                    target_id: t.id,
                    value: (t.value * frac).round(),
                })
                .collect();
            let content = ReportContent {
                values,
                percent: it
                    .detail
                    .targets
                    .is_empty()
                    .then_some((100.0 * frac).round()),
                progress: format!("完成总体任务的 {:.0}%，按计划推进。", 100.0 * frac),
                problems: if pace < 0.8 {
                    "前期手续办理较慢，施工进度滞后。".into()
                } else {
                    String::new()
                },
                next_steps: "加快推进，确保按期完成。".into(),
                investments: vec![],
            };
            let w = ReportWrite {
                content,
                revision: None,
                submit: true,
                correction_reason: None,
                ..ReportWrite::default()
            };
            let now = Now {
                today: p.due,
                at: p.due.and_hms_opt(1, 0, 0).expect("valid time").and_utc(),
            };
            store
                .save_report(it.detail.item.id, unit, p.start, &w, now)
                .await
                .map_err(err)?;
            filed += 1;
        }
    }
    Ok(filed)
}

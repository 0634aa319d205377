//! `minsheng demo`: a fresh data directory with the demo lists shipped in `demo/`.

use chrono::NaiveDate;
use minsheng_domain::{PlanId, PlanState};
use minsheng_store::{AllocationInput, Store};
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
        let n = store
            .demo_activity(s.plan_id, today)
            .await
            .map_err(|e| e.to_string())?;
        println!("  已按周填报示范台账 {n} 份 (demo weekly reports filed)");
        first.get_or_insert(s.plan_id);
    }
    if let Some(plan) = first {
        allocate_to_streets(&store, plan, today).await?;
        super::accounts::demo_accounts(&store, plan).await?;
    }
    Ok(store)
}

/// Two streets of the district receive one of its items (分解下达) with a share of its first
/// target; each puts its office in charge, publishes its list and reports weekly, so the
/// district's allocation page shows figures from below.
async fn allocate_to_streets(store: &Store, plan: PlanId, today: NaiveDate) -> Result<(), String> {
    let e = |e: minsheng_store::StoreError| e.to_string();
    let detail = store.plan_detail(plan, None).await.map_err(e)?;
    let Some(item) = detail
        .items
        .iter()
        .find(|i| i.targets.first().is_some_and(|t| t.value >= 4.0))
    else {
        return Ok(());
    };
    let target = &item.targets[0];
    let streets = [("东城街道", 0.4), ("西城街道", 0.35)];
    let mut to = Vec::new();
    for (name, part) in streets {
        let region = store
            .ensure_region(name, Some(detail.region.id))
            .await
            .map_err(e)?;
        to.push(AllocationInput {
            region: region.id,
            shares: vec![(target.id, (target.value * part).round().max(1.0))],
        });
    }
    let start = NaiveDate::from_ymd_opt(detail.plan.year, 1, 15).unwrap_or(today);
    let at = start
        .min(today)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let given = store.allocate(item.item.id, &to, at).await.map_err(e)?;
    for (g, (name, _)) in given.iter().zip(streets) {
        let (_, mut draft) = store.item_draft(g.item).await.map_err(e)?;
        draft.lead_units = vec![format!("{name}办事处")];
        store.update_item(g.item, draft).await.map_err(e)?;
        store
            .set_plan_state(g.plan, PlanState::Published)
            .await
            .map_err(e)?;
        store.demo_activity(g.plan, today).await.map_err(e)?;
    }
    println!(
        "示范分解下达 (demo allocation)：{} → 东城街道、西城街道",
        item.item.display_title()
    );
    Ok(())
}

//! `minsheng gen`: fills a database with generated data at city, province or national scale,
//! for benchmarks and load tests, and says how many rows of each kind it wrote and how long
//! that took.

use crate::cli::DbArgs;
use minsheng_store::{GENERATED_PASSWORD, GenOptions, Scale};
use std::time::Instant;

/// Runs the generator.
pub async fn generate(
    db: &DbArgs,
    scale: &str,
    seed: u64,
    years: i32,
    report_years: Option<i32>,
    items: usize,
    today: chrono::NaiveDate,
) -> Result<(), String> {
    let scale = match scale {
        "city" => Scale::City,
        "province" => Scale::Province,
        "national" => Scale::National,
        other => {
            return Err(format!(
                "--scale {other}：应为 city、province 或 national (scale: city, province or national)"
            ));
        }
    };
    if !(1..=20).contains(&years) || items == 0 || items > 500 {
        return Err("--years 应为 1–20，--items 应为 1–500 (years 1–20, items 1–500)".into());
    }
    let report_years = report_years
        .unwrap_or(match scale {
            Scale::City => 5,
            Scale::Province => 2,
            Scale::National => 1,
        })
        .clamp(0, years);
    let store = super::open(db).await?;
    let started = Instant::now();
    let summary = store
        .generate(
            &GenOptions {
                scale,
                seed,
                years,
                report_years,
                items,
                today,
            },
            |line| println!("{line}"),
        )
        .await
        .map_err(|e| e.to_string())?;
    store.close().await;
    let secs = started.elapsed().as_secs_f64();
    let total: u64 = summary.rows.iter().map(|(_, n)| n).sum();
    println!("\n| 表 table | 行数 rows |\n|---|---:|");
    for (table, n) in &summary.rows {
        println!("| {table} | {n} |");
    }
    println!(
        "\n共 {total} 行，用时 {secs:.1} 秒（{:.0} 行/秒）；账号口令均为 {GENERATED_PASSWORD}，专班账号 r<地区号>，单位账号 u<单位号>\n\
         ({total} rows in {secs:.1} s; every account's password is {GENERATED_PASSWORD}; office accounts r<region id>, unit accounts u<unit id>)",
        total as f64 / secs
    );
    Ok(())
}

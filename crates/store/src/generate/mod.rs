//! Synthetic reports for benchmarks and load tests: a year of weekly reports for every item of
//! a plan, written in one transaction with plain inserts. These rows are generated data, not
//! anyone's filing, so they carry no audit entries; never run this on a production database.

mod bulk;
mod demo;
mod levels;
mod plan;
mod regions;
mod vocab;
mod world;

pub use world::{GENERATED_PASSWORD, GenOptions, GenSummary, Scale};

use crate::{Store, StoreError, in_write_tx};
use chrono::{Duration, NaiveDate};
use minsheng_domain::PlanId;

/// A small deterministic generator (splitmix64), so runs are repeatable from a seed.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// (item, unit, period start, submission day, (target, value)…) of a generated report.
type Row = (i64, i64, NaiveDate, NaiveDate, Vec<(i64, f64)>);

impl Store {
    /// Files, for every item's first lead unit, one submitted report per period from the
    /// plan's start up to `upto`: cumulative values that grow towards each target at an
    /// item's own pace (some ahead, some far behind), one report in seven a day late, one
    /// item in twenty never reported. Returns the number of reports written.
    pub async fn generate_reports(
        &self,
        plan: PlanId,
        upto: NaiveDate,
        seed: u64,
    ) -> Result<usize, StoreError> {
        let detail = self.plan_detail(plan, None).await?;
        let settings = self.plan_settings(plan).await?;
        let start = settings.start_for(&detail.plan);
        let periods = settings.rule.periods(start, upto);
        let n = periods.len().max(1) as f64;
        let mut mix = Mix(seed);
        let mut rows: Vec<Row> = Vec::new();
        for it in &detail.items {
            let Some(unit) = it.lead_units.first() else {
                continue;
            };
            let pace = 0.3 + mix.unit() * 1.1;
            if mix.unit() < 0.05 {
                continue;
            }
            for (k, p) in periods.iter().enumerate() {
                if p.start > upto {
                    break;
                }
                let f = ((k + 1) as f64 / n * pace).min(1.0);
                let values = it
                    .targets
                    .iter()
                    .map(|t| (t.id.0, (t.value * f * 100.0).round() / 100.0))
                    .collect();
                let day = if mix.next().is_multiple_of(7) {
                    p.due + Duration::days(1)
                } else {
                    p.due
                };
                rows.push((it.item.id.0, unit.id.0, p.start, day, values));
            }
        }
        let written = rows.len();
        in_write_tx!(self, tx => {
            let mut values: Vec<(i64, i64, f64)> = Vec::new();
            for (item, unit, period, day, vals) in &rows {
                let at = day.and_hms_opt(9, 0, 0).expect("time").and_utc();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO reports (item_id, unit_id, period_start, version, state, revision, progress, created_at, updated_at, submitted_at, submitted_on) \
                     VALUES ($1, $2, $3, 1, 'submitted', 1, '按计划推进', $4, $4, $4, $5) RETURNING id",
                ).bind(item).bind(unit).bind(period).bind(at).bind(day).fetch_one(&mut *tx).await?;
                values.extend(vals.iter().map(|(t, v)| (id, *t, *v)));
            }
            for chunk in values.chunks(1000) {
                let mut sql = String::from("INSERT INTO report_values (report_id, target_id, value) VALUES ");
                for (i, _) in chunk.iter().enumerate() {
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3));
                }
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (r, t, v) in chunk {
                    q = q.bind(r).bind(t).bind(v);
                }
                q.execute(&mut *tx).await?;
            }
        });
        Ok(written)
    }
}

/// What a load test needs from generated data.
#[derive(Debug, Clone)]
pub struct BenchSamples {
    /// A county's list of the year.
    pub county_plan: i64,
    /// The province's own list of the year (the city's, at city scale).
    pub province_plan: i64,
    /// That region (its office account is `r<id>`).
    pub province_region: i64,
    /// A city (the region of a city's list of the year), for its cockpit.
    pub city_region: i64,
    /// An item of the county list, and its lead unit (account `u<id>`).
    pub item: i64,
    /// Its lead unit.
    pub unit: i64,
}

/// A report a load test may file: item, unit, and each target with the value to file — the
/// unit's last running total plus one week's even share of the goal, as a unit on pace files.
pub type WriteSlot = (i64, i64, Vec<(i64, f64)>);

impl Store {
    /// Sample ids for a load test of `year`'s generated lists.
    pub async fn bench_samples(&self, year: i32) -> Result<BenchSamples, StoreError> {
        let pick = |level: &'static str| async move {
            let ids: Vec<(i64, i64)> = crate::on_pool!(self, p => sqlx::query_as(
                "SELECT p.id, r.id FROM plans p JOIN regions r ON r.id = p.region_id WHERE p.year = $1 AND r.level = $2 AND p.state = 'published' ORDER BY p.id",
            ).bind(year).bind(level).fetch_all(p).await?);
            ids.get(ids.len() / 2)
                .copied()
                .ok_or(StoreError::NotFound("生成的计划 (generated plan)"))
        };
        let (county_plan, _) = pick("district").await?;
        // The top of the tree: the province, or the city when only a city was generated.
        let (province_plan, province_region) = match pick("province").await {
            Ok(x) => x,
            Err(_) => pick("city").await?,
        };
        let (_, city_region) = pick("city").await?;
        let (item, unit): (i64, i64) = crate::on_pool!(self, p => sqlx::query_as(
            "SELECT i.id, u.unit_id FROM items i JOIN item_units u ON u.item_id = i.id AND u.role = 'lead' WHERE i.plan_id = $1 ORDER BY i.position LIMIT 1",
        ).bind(county_plan).fetch_one(p).await?);
        Ok(BenchSamples {
            county_plan,
            province_plan,
            province_region,
            city_region,
            item,
            unit,
        })
    }

    /// Up to `n` items of `year`'s lists with no report yet for the period starting
    /// `period`, with their lead unit and targets.
    pub async fn bench_write_slots(
        &self,
        year: i32,
        period: NaiveDate,
        n: usize,
    ) -> Result<Vec<WriteSlot>, StoreError> {
        let rows: Vec<(i64, i64, i64, f64, Option<f64>)> = crate::on_pool!(self, p => sqlx::query_as(
            "SELECT i.id, u.unit_id, t.id, t.value, \
               (SELECT v.value FROM report_values v JOIN reports r ON r.id = v.report_id \
                WHERE r.item_id = i.id AND r.unit_id = u.unit_id AND r.state = 'submitted' AND r.period_start < $2 AND v.target_id = t.id \
                ORDER BY r.period_start DESC, r.version DESC LIMIT 1) \
             FROM items i JOIN plans p ON p.id = i.plan_id \
             JOIN item_units u ON u.item_id = i.id AND u.role = 'lead' JOIN targets t ON t.item_id = i.id \
             WHERE p.year = $1 AND p.state = 'published' AND i.id IN (SELECT i2.id FROM items i2 JOIN plans p2 ON p2.id = i2.plan_id WHERE p2.year = $1 \
               AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.item_id = i2.id AND r.period_start = $2) ORDER BY i2.id LIMIT $3) \
             ORDER BY i.id, t.position",
        ).bind(year).bind(period).bind(n as i64).fetch_all(p).await?);
        let mut out: Vec<WriteSlot> = Vec::new();
        for (item, unit, target, goal, last) in rows {
            let value = last.unwrap_or(0.0) + (goal.abs() / 52.0).max(1.0);
            match out.last_mut() {
                Some(slot) if slot.0 == item => slot.2.push((target, value)),
                _ => out.push((item, unit, vec![(target, value)])),
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Reports filed for the period starting `period`, with how many values each carries: what
    /// a load or crash test checks its acknowledged writes against.
    pub async fn bench_filed(&self, period: NaiveDate) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(crate::on_pool!(self, p => sqlx::query_as(
            "SELECT r.id, (SELECT COUNT(*) FROM report_values v WHERE v.report_id = r.id) FROM reports r WHERE r.period_start = $1 AND r.state = 'submitted' ORDER BY r.id",
        ).bind(period).fetch_all(p).await?))
    }
}

impl Store {
    /// Report submissions ready to send for a load or crash test: for up to `n` items of
    /// `year` with nothing filed for the period starting `period`, the API path, a write token
    /// of the item's lead unit's generated account (made here) and the JSON body — a unit on
    /// pace ([`WriteSlot`]), saying what it did this week and confirming a value the quality
    /// rules question (generated totals may already stand past 150 % of a small goal).
    pub async fn bench_requests(
        &self,
        year: i32,
        period: NaiveDate,
        n: usize,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        use crate::accounts::TokenScope;
        let mut tokens: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (item, unit, targets) in self.bench_write_slots(year, period, n).await? {
            let token = match tokens.entry(unit) {
                std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let user = self.user_by_name(&format!("u{unit}")).await?.ok_or(
                        StoreError::NotFound("生成的单位账号 (generated unit account)"),
                    )?;
                    let (tok, _) = self
                        .create_token(user.id, "bench", TokenScope::Write, now)
                        .await?;
                    e.insert(tok).clone()
                }
            };
            let values: Vec<String> = targets
                .iter()
                .map(|(t, v)| format!("{{\"target_id\":{t},\"value\":{v}}}"))
                .collect();
            out.push((
                format!("/api/v1/items/{item}/reports"),
                token,
                format!(
                    "{{\"unit_id\":{unit},\"period_start\":\"{period}\",\"submit\":true,\"confirm\":true,\"progress\":\"{period}起本周按计划推进\",\"values\":[{}]}}",
                    values.join(",")
                ),
            ));
        }
        Ok(out)
    }
}

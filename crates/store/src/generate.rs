//! Synthetic reports for benchmarks and load tests: a year of weekly reports for every item of
//! a plan, written in one transaction with plain inserts. These rows are generated data, not
//! anyone's filing, so they carry no audit entries; never run this on a production database.

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

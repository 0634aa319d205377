//! A whole country (or province, or city) of 民生实事 for benchmarks: regions in their tree,
//! bureaus and leaders, accounts, a published list per region per year with categories, items,
//! targets and assignments, weekly reports for the recent years, locked periods, delay
//! explanations, supervision orders, citizens' feedback and satisfaction ratings. Written in
//! batches with explicit ids (no round trip per row), then one audit entry for the lot.

use super::Mix;
use super::bulk::{Bulk, V};
use super::regions::{person, tree};
use super::vocab::BUREAUS;
use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Backend, Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::collections::HashSet;
/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One city and its 10 counties (11 lists a year).
    City,
    /// One province: 16 cities, about 100 counties (117 lists a year).
    Province,
    /// 31 provinces, 330 cities, about 2,850 counties (about 3,200 lists a year).
    National,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Scale.
    pub scale: Scale,
    /// Seed: the same seed gives the same data.
    pub seed: u64,
    /// Years of lists, ending with `today`'s year.
    pub years: i32,
    /// Of those, the most recent years that get weekly reports.
    pub report_years: i32,
    /// Items per list (about; ±3).
    pub items: usize,
    /// Reports run up to this day in its year; earlier years are complete.
    pub today: NaiveDate,
}

/// The password of every generated account.
pub const GENERATED_PASSWORD: &str = "Bench-pass-1";

/// Rows written, by table.
#[derive(Debug, Clone, Default)]
pub struct GenSummary {
    /// (table, rows).
    pub rows: Vec<(&'static str, u64)>,
}

pub(super) struct Tables {
    pub(super) regions: Bulk,
    pub(super) units: Bulk,
    pub(super) leaders: Bulk,
    pub(super) users: Bulk,
    pub(super) user_units: Bulk,
    pub(super) plans: Bulk,
    pub(super) categories: Bulk,
    pub(super) items: Bulk,
    pub(super) targets: Bulk,
    pub(super) item_units: Bulk,
    pub(super) item_leaders: Bulk,
    pub(super) locks: Bulk,
    pub(super) reports: Bulk,
    pub(super) values: Bulk,
    pub(super) delays: Bulk,
    pub(super) orders: Bulk,
    pub(super) feedback: Bulk,
    pub(super) campaigns: Bulk,
    pub(super) ratings: Bulk,
}

/// The generated tables whose writes move a plan's version (every trigger they have on
/// PostgreSQL is such a one).
const VERSIONED_TABLES: [&str; 15] = [
    "regions",
    "units",
    "leaders",
    "plans",
    "categories",
    "items",
    "targets",
    "item_units",
    "item_leaders",
    "period_locks",
    "reports",
    "delay_explanations",
    "supervision_orders",
    "feedback",
    "rating_campaigns",
];

impl Tables {
    /// Every table, parents before children.
    fn all(&mut self) -> [(&'static str, &mut Bulk); 19] {
        [
            ("regions", &mut self.regions),
            ("units", &mut self.units),
            ("leaders", &mut self.leaders),
            ("users", &mut self.users),
            ("user_units", &mut self.user_units),
            ("plans", &mut self.plans),
            ("categories", &mut self.categories),
            ("items", &mut self.items),
            ("targets", &mut self.targets),
            ("item_units", &mut self.item_units),
            ("item_leaders", &mut self.item_leaders),
            ("period_locks", &mut self.locks),
            ("reports", &mut self.reports),
            ("report_values", &mut self.values),
            ("delay_explanations", &mut self.delays),
            ("supervision_orders", &mut self.orders),
            ("feedback", &mut self.feedback),
            ("rating_campaigns", &mut self.campaigns),
            ("ratings", &mut self.ratings),
        ]
    }

    /// Writes every batch when one is full.
    pub(super) async fn spill(&mut self, s: &Store) -> Result<(), StoreError> {
        if self.all().iter().any(|(_, b)| b.full()) {
            for (_, b) in self.all() {
                b.flush(s).await?;
            }
        }
        Ok(())
    }
}

/// Next ids, from what the database already holds.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) region: i64,
    pub(super) unit: i64,
    pub(super) leader: i64,
    pub(super) user: i64,
    pub(super) plan: i64,
    pub(super) category: i64,
    pub(super) item: i64,
    pub(super) target: i64,
    pub(super) report: i64,
    pub(super) delay: i64,
    pub(super) order: i64,
    pub(super) feedback: i64,
    pub(super) campaign: i64,
    pub(super) rating: i64,
}

const ID_TABLES: &[&str] = &[
    "regions",
    "units",
    "leaders",
    "users",
    "plans",
    "categories",
    "items",
    "targets",
    "reports",
    "delay_explanations",
    "supervision_orders",
    "feedback",
    "rating_campaigns",
    "ratings",
];

pub(super) fn bump(n: &mut i64) -> i64 {
    *n += 1;
    *n
}

pub(super) fn between(mix: &mut Mix, lo: u32, hi: u32) -> f64 {
    let v = f64::from(lo) + mix.unit() * f64::from(hi - lo);
    if hi > 100 {
        (v / 10.0).round() * 10.0
    } else {
        v.round()
    }
}

pub(super) fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).expect("hour").and_utc()
}

impl Store {
    /// Fills the database with generated data; `say` hears progress. Meant for an empty
    /// database (or one with other regions: names are kept apart).
    ///
    /// On PostgreSQL the plan-version triggers are switched off on the tables written while
    /// the rows go in (each generated report would otherwise update its plan's version row:
    /// millions of updates of a few thousand rows), switched on again whatever happens, and
    /// then every plan's version is moved once, so nothing kept before stays in use.
    pub async fn generate(
        &self,
        o: &GenOptions,
        say: impl Fn(String),
    ) -> Result<GenSummary, StoreError> {
        let mut summary = if self.backend() != Backend::Postgres {
            self.generate_rows(o, &say).await?
        } else {
            self.version_triggers("DISABLE").await?;
            let out = self.generate_rows(o, &say).await;
            self.version_triggers("ENABLE").await?;
            on_pool!(self, p => sqlx::query(
                "INSERT INTO plan_versions (plan_id, version) SELECT id, 1 FROM plans \
                 ON CONFLICT (plan_id) DO UPDATE SET version = plan_versions.version + 1",
            ).execute(p).await.map(|_| ())?);
            out?
        };
        // With the triggers on: allocating moves the versions of the lists above.
        let made = self
            .generate_allocations(o.today.year(), at(o.today, 8))
            .await?;
        say(format!(
            "{made} 份分解下达 ({made} allocations to regions below)"
        ));
        summary.rows.push(("allocations", made as u64));
        Ok(summary)
    }

    /// Switches the version triggers of the generated tables on or off (PostgreSQL).
    pub(super) async fn version_triggers(&self, how: &str) -> Result<(), StoreError> {
        for table in VERSIONED_TABLES {
            let sql = format!("ALTER TABLE {table} {how} TRIGGER USER");
            on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await.map(|_| ())?);
        }
        Ok(())
    }

    async fn generate_rows(
        &self,
        o: &GenOptions,
        say: &impl Fn(String),
    ) -> Result<GenSummary, StoreError> {
        let mut mix = Mix(o.seed);
        let existing: Vec<String> =
            on_pool!(self, p => sqlx::query_scalar("SELECT name FROM regions").fetch_all(p).await?);
        let nodes = tree(o.scale, &mut mix, existing.into_iter().collect());
        let mut ids = Ids::default();
        for (t, slot) in ID_TABLES.iter().zip([
            &mut ids.region,
            &mut ids.unit,
            &mut ids.leader,
            &mut ids.user,
            &mut ids.plan,
            &mut ids.category,
            &mut ids.item,
            &mut ids.target,
            &mut ids.report,
            &mut ids.delay,
            &mut ids.order,
            &mut ids.feedback,
            &mut ids.campaign,
            &mut ids.rating,
        ]) {
            let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {t}");
            *slot = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(p).await?);
        }
        let hash = crate::accounts::password::hash(GENERATED_PASSWORD).await?;
        let mut t = Tables {
            regions: Bulk::new("regions (id, name, level, parent_id)"),
            units: Bulk::new("units (id, region_id, name, kind)"),
            leaders: Bulk::new("leaders (id, region_id, name, title)"),
            users: Bulk::new(
                "users (id, username, display_name, role, password_hash, must_change_password, leader_id, created_at)",
            ),
            user_units: Bulk::new("user_units (user_id, unit_id)"),
            plans: Bulk::new(
                "plans (id, region_id, year, title, doc_number, issuer, issued_on, default_deadline, state, source_name)",
            ),
            categories: Bulk::new("categories (id, plan_id, position, name)"),
            items: Bulk::new(
                "items (id, plan_id, category_id, seq, position, name, content, deadline, voted, extra)",
            ),
            targets: Bulk::new(
                "targets (id, item_id, position, metric, unit, value, comparator, optional)",
            ),
            item_units: Bulk::new("item_units (item_id, unit_id, role, position)"),
            item_leaders: Bulk::new("item_leaders (item_id, leader_id, position)"),
            locks: Bulk::new("period_locks (plan_id, period_start, locked_at)"),
            reports: Bulk::new(
                "reports (id, item_id, unit_id, period_start, version, state, revision, percent, progress, created_at, updated_at, submitted_at, submitted_on)",
            ),
            values: Bulk::new("report_values (report_id, target_id, value)"),
            delays: Bulk::new(
                "delay_explanations (id, item_id, unit_id, cause, explanation, new_deadline, state, created_at)",
            ),
            orders: Bulk::new(
                "supervision_orders (id, plan_id, item_id, unit_id, year, number, origin, requirement, deadline, state, created_by, created_at, updated_at)",
            ),
            feedback: Bulk::new(
                "feedback (id, item_id, kind, body, client, state, reply, reply_unit_id, replied_at, moderated_by, moderated_at, created_at)",
            ),
            campaigns: Bulk::new(
                "rating_campaigns (id, plan_id, title, opens_at, closes_at, created_by, created_at)",
            ),
            ratings: Bulk::new(
                "ratings (id, campaign_id, item_id, voter_kind, voter, choice, created_at)",
            ),
        };
        let s = self;
        let first_year = o.today.year() - o.years + 1;
        let created = at(NaiveDate::from_ymd_opt(first_year, 1, 5).expect("date"), 9);
        let mut region_ids = Vec::with_capacity(nodes.len());
        for (n, node) in nodes.iter().enumerate() {
            let rid = bump(&mut ids.region);
            region_ids.push(rid);
            let parent = node.parent.map(|p| V::I(region_ids[p])).unwrap_or(V::Null);
            t.regions
                .row(s, &[V::I(rid), V::T(&node.name), V::T(node.level), parent])
                .await?;
            // Bureaus, five leaders, an office account and one liaison per bureau.
            let units: Vec<i64> = BUREAUS.iter().map(|_| bump(&mut ids.unit)).collect();
            for (u, name) in units.iter().zip(BUREAUS) {
                let kind = if name.starts_with('各') {
                    "all_sub_districts"
                } else {
                    "department"
                };
                t.units
                    .row(s, &[V::I(*u), V::I(rid), V::T(name), V::T(kind)])
                    .await?;
            }
            let mut leaders = Vec::new();
            let mut seen = HashSet::new();
            for k in 0..5 {
                let id = bump(&mut ids.leader);
                let name = loop {
                    let n = person(&mut mix);
                    if seen.insert(n.clone()) {
                        break n;
                    }
                };
                let title = if k == 0 { "常务副职" } else { "副职" };
                t.leaders
                    .row(s, &[V::I(id), V::I(rid), V::T(&name), V::T(title)])
                    .await?;
                leaders.push(id);
            }
            let office = bump(&mut ids.user);
            let who = format!("{}专班", node.name);
            t.users
                .row(
                    s,
                    &[
                        V::I(office),
                        V::T(&format!("r{rid}")),
                        V::T(&who),
                        V::T("coordinator"),
                        V::T(&hash),
                        V::B(false),
                        V::Null,
                        V::At(created),
                    ],
                )
                .await?;
            for u in &units {
                let id = bump(&mut ids.user);
                let name = person(&mut mix);
                t.users
                    .row(
                        s,
                        &[
                            V::I(id),
                            V::T(&format!("u{u}")),
                            V::T(&name),
                            V::T("unit_staff"),
                            V::T(&hash),
                            V::B(false),
                            V::Null,
                            V::At(created),
                        ],
                    )
                    .await?;
                t.user_units.row(s, &[V::I(id), V::I(*u)]).await?;
            }
            t.spill(s).await?;
            for year in first_year..=o.today.year() {
                self.gen_plan(
                    o,
                    &mut t,
                    &mut ids,
                    &mut mix,
                    (rid, &node.name),
                    year,
                    &units,
                    &leaders,
                )
                .await?;
            }
            if n % 100 == 99 || n + 1 == nodes.len() {
                say(format!(
                    "{}/{} 个地区，{} 个项目，{} 份台账 ({} regions, {} items, {} reports)",
                    n + 1,
                    nodes.len(),
                    t.items.written,
                    t.reports.written,
                    n + 1,
                    t.items.written,
                    t.reports.written
                ));
            }
        }
        let mut summary = GenSummary::default();
        for (name, b) in t.all() {
            b.flush(s).await?;
            summary.rows.push((name, b.written));
        }
        if self.backend() == Backend::Postgres {
            // Explicit ids leave the identity sequences behind.
            for table in ID_TABLES {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                );
                on_pool!(self, p => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await.map(|_| ())?);
            }
        }
        on_pool!(self, p => sqlx::raw_sql("ANALYZE").execute(p).await.map(|_| ())?);
        let rows = serde_json::json!(
            summary
                .rows
                .iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<std::collections::BTreeMap<_, _>>()
        );
        in_write_tx!(self, tx => {
            tx.audit(&self.actor, Change::new("data.generate", "database", 0).after(serde_json::json!({"scale": format!("{:?}", o.scale), "seed": o.seed, "rows": rows}))).await?;
        });
        Ok(summary)
    }
}

//! A whole country (or province, or city) of 民生实事 for benchmarks: regions in their tree,
//! bureaus and leaders, accounts, a published list per region per year with categories, items,
//! targets and assignments, weekly reports for the recent years, locked periods, delay
//! explanations, supervision orders, citizens' feedback and satisfaction ratings. Written in
//! batches with explicit ids (no round trip per row), then one audit entry for the lot.

use super::Mix;
use super::bulk::{Bulk, V};
use super::vocab::{BUREAUS, CATEGORIES, GIVEN, PLACE, PROGRESS, PROVINCES, SURNAMES};
use crate::audit::{Change, audit};
use crate::{Backend, Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use minsheng_domain::ledger::ReportingRule;
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

struct Tables {
    regions: Bulk,
    units: Bulk,
    leaders: Bulk,
    users: Bulk,
    user_units: Bulk,
    plans: Bulk,
    categories: Bulk,
    items: Bulk,
    targets: Bulk,
    item_units: Bulk,
    item_leaders: Bulk,
    locks: Bulk,
    reports: Bulk,
    values: Bulk,
    delays: Bulk,
    orders: Bulk,
    feedback: Bulk,
    campaigns: Bulk,
    ratings: Bulk,
}

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
    async fn spill(&mut self, s: &Store) -> Result<(), StoreError> {
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
struct Ids {
    region: i64,
    unit: i64,
    leader: i64,
    user: i64,
    plan: i64,
    category: i64,
    item: i64,
    target: i64,
    report: i64,
    delay: i64,
    order: i64,
    feedback: i64,
    campaign: i64,
    rating: i64,
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

fn bump(n: &mut i64) -> i64 {
    *n += 1;
    *n
}

/// A region to generate: name, level and parent index.
struct Node {
    name: String,
    level: &'static str,
    parent: Option<usize>,
}

/// Names made of two place characters and a suffix, never twice.
struct Names<'a> {
    used: HashSet<String>,
    mix: &'a mut Mix,
}

impl Names<'_> {
    fn make(&mut self, suffix: &str) -> String {
        loop {
            let a = PLACE[(self.mix.next() % PLACE.len() as u64) as usize];
            let b = PLACE[(self.mix.next() % PLACE.len() as u64) as usize];
            let name = format!("{a}{b}{suffix}");
            if a != b && self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}

fn tree(scale: Scale, mix: &mut Mix, used: HashSet<String>) -> Vec<Node> {
    let mut names = Names { used, mix };
    let mut out: Vec<Node> = Vec::new();
    let city = |out: &mut Vec<Node>, names: &mut Names, parent: Option<usize>, counties: usize| {
        let c = out.len();
        out.push(Node {
            name: names.make("市"),
            level: "city",
            parent,
        });
        for k in 0..counties {
            let suffix = ["县", "区", "县", "区", "高新区"][k % 5];
            out.push(Node {
                name: names.make(suffix),
                level: "district",
                parent: Some(c),
            });
        }
    };
    match scale {
        Scale::City => city(&mut out, &mut names, None, 10),
        Scale::Province => {
            let p = PROVINCES[(names.mix.next() % PROVINCES.len() as u64) as usize];
            names.used.insert(p.to_string());
            out.push(Node {
                name: p.to_string(),
                level: "province",
                parent: None,
            });
            for k in 0..16 {
                city(&mut out, &mut names, Some(0), 6 + usize::from(k % 4 == 0));
            }
        }
        Scale::National => {
            // 330 cities over 31 provinces, 2,850 counties over 330 cities.
            let mut j = 0usize;
            for (i, p) in PROVINCES.iter().enumerate() {
                if !names.used.insert(p.to_string()) {
                    continue;
                }
                let pi = out.len();
                out.push(Node {
                    name: p.to_string(),
                    level: "province",
                    parent: None,
                });
                let cities = 330 * (i + 1) / PROVINCES.len() - 330 * i / PROVINCES.len();
                for _ in 0..cities {
                    let per = 2850 * (j + 1) / 330 - 2850 * j / 330;
                    j += 1;
                    city(&mut out, &mut names, Some(pi), per);
                }
            }
        }
    }
    out
}

fn person(mix: &mut Mix) -> String {
    let s = SURNAMES[(mix.next() % SURNAMES.len() as u64) as usize];
    let g = GIVEN[(mix.next() % GIVEN.len() as u64) as usize];
    if mix.next().is_multiple_of(2) {
        format!("{s}{g}")
    } else {
        let h = GIVEN[(mix.next() % GIVEN.len() as u64) as usize];
        format!("{s}{g}{h}")
    }
}

fn between(mix: &mut Mix, lo: u32, hi: u32) -> f64 {
    let v = f64::from(lo) + mix.unit() * f64::from(hi - lo);
    if hi > 100 {
        (v / 10.0).round() * 10.0
    } else {
        v.round()
    }
}

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).expect("hour").and_utc()
}

impl Store {
    /// Fills the database with generated data; `say` hears progress. Meant for an empty
    /// database (or one with other regions: names are kept apart).
    pub async fn generate(
        &self,
        o: &GenOptions,
        say: impl Fn(String),
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
            audit!(self, tx, Change::new("data.generate", "database", 0).after(serde_json::json!({"scale": format!("{:?}", o.scale), "seed": o.seed, "rows": rows})));
        });
        Ok(summary)
    }

    #[allow(clippy::too_many_arguments)]
    async fn gen_plan(
        &self,
        o: &GenOptions,
        t: &mut Tables,
        ids: &mut Ids,
        mix: &mut Mix,
        (rid, region): (i64, &str),
        year: i32,
        units: &[i64],
        leaders: &[i64],
    ) -> Result<(), StoreError> {
        let s = self;
        let plan = bump(&mut ids.plan);
        let jan = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).expect("date");
        let current = year == o.today.year();
        let title = format!("{region}{year}年民生实事项目");
        let doc = format!(
            "{}办发〔{year}〕{}号",
            region.chars().next().unwrap_or('某'),
            3 + mix.next() % 20
        );
        let issuer = format!("{region}人民政府办公室");
        t.plans
            .row(
                s,
                &[
                    V::I(plan),
                    V::I(rid),
                    V::I(i64::from(year)),
                    V::T(&title),
                    V::T(&doc),
                    V::T(&issuer),
                    V::D(jan(2, 15)),
                    V::D(jan(12, 31)),
                    V::T(if current { "published" } else { "closed" }),
                    V::T("generated"),
                ],
            )
            .await?;
        let cats: Vec<i64> = CATEGORIES.iter().map(|_| bump(&mut ids.category)).collect();
        for (k, (c, (name, _))) in cats.iter().zip(CATEGORIES).enumerate() {
            t.categories
                .row(s, &[V::I(*c), V::I(plan), V::I(k as i64 + 1), V::T(name)])
                .await?;
        }
        let upto = if current { o.today } else { jan(12, 31) };
        let reported = year > o.today.year() - o.report_years;
        let periods = ReportingRule::default().periods(jan(1, 1), upto);
        let n = (o.items as i64 - 3 + (mix.next() % 7) as i64).max(1) as usize;
        // Items in category order, as lists are printed.
        let mut picks: Vec<(usize, usize)> = (0..n)
            .map(|_| {
                let c = (mix.next() % CATEGORIES.len() as u64) as usize;
                (c, (mix.next() % CATEGORIES[c].1.len() as u64) as usize)
            })
            .collect();
        picks.sort();
        let mut order_no = 0;
        for (pos, (c, p)) in picks.into_iter().enumerate() {
            let pat = &CATEGORIES[c].1[p];
            let item = bump(&mut ids.item);
            let deadline = [
                jan(12, 31),
                jan(12, 31),
                jan(11, 30),
                jan(9, 30),
                jan(6, 30),
            ][(mix.next() % 5) as usize];
            let mut targets: Vec<(i64, f64)> = Vec::new();
            let mut text = Vec::new();
            let extra = [
                ("受益群众", "人", 1000u32, 50000u32),
                ("完成投资", "万元", 100, 20000),
            ];
            let want = 2 + (mix.next() % 4) as usize;
            for (k, (metric, unit, lo, hi)) in pat
                .targets
                .iter()
                .chain(extra.iter())
                .take(want.max(pat.targets.len().min(5)))
                .enumerate()
            {
                let id = bump(&mut ids.target);
                let value = between(mix, *lo, *hi);
                t.targets
                    .row(
                        s,
                        &[
                            V::I(id),
                            V::I(item),
                            V::I(k as i64 + 1),
                            V::T(metric),
                            V::T(unit),
                            V::F(value),
                            V::T("ge"),
                            V::B(false),
                        ],
                    )
                    .await?;
                targets.push((id, value));
                text.push(format!("{metric}{value}{unit}"));
            }
            let content = format!("{}，{}。", pat.name, text.join("、"));
            t.items
                .row(
                    s,
                    &[
                        V::I(item),
                        V::I(plan),
                        V::I(cats[c]),
                        V::T(&(pos + 1).to_string()),
                        V::I(pos as i64 + 1),
                        V::T(pat.name),
                        V::T(&content),
                        V::D(deadline),
                        V::B(false),
                        V::T("{}"),
                    ],
                )
                .await?;
            let lead = units[pat.lead];
            t.item_units
                .row(s, &[V::I(item), V::I(lead), V::T("lead"), V::I(1)])
                .await?;
            let co = units[(mix.next() % units.len() as u64) as usize];
            if co != lead {
                t.item_units
                    .row(s, &[V::I(item), V::I(co), V::T("co"), V::I(1)])
                    .await?;
            }
            let leader = leaders[(mix.next() % leaders.len() as u64) as usize];
            t.item_leaders
                .row(s, &[V::I(item), V::I(leader), V::I(1)])
                .await?;
            t.spill(s).await?;
            if !reported {
                continue;
            }
            // Weekly reports from the lead unit: cumulative values at the item's own pace;
            // one item in twenty never reports, one report in seven comes a day late.
            let pace = 0.3 + mix.unit() * 1.1;
            let silent = mix.unit() < 0.05;
            let total = periods.len().max(1) as f64;
            let horizon = (deadline - jan(1, 1)).num_days().max(1) as f64;
            for (k, per) in periods.iter().enumerate() {
                if silent || per.due > upto {
                    break;
                }
                let elapsed = ((per.start - jan(1, 1)).num_days() as f64 / horizon).min(1.0);
                let f = ((k + 1) as f64 / total * pace)
                    .max(elapsed * pace * 0.9)
                    .min(1.0);
                let day = if mix.next().is_multiple_of(7) {
                    per.due + Duration::days(1)
                } else {
                    per.due
                };
                let r = bump(&mut ids.report);
                let when = at(day, 9);
                let progress = PROGRESS[(mix.next() % PROGRESS.len() as u64) as usize];
                t.reports
                    .row(
                        s,
                        &[
                            V::I(r),
                            V::I(item),
                            V::I(lead),
                            V::D(per.start),
                            V::I(1),
                            V::T("submitted"),
                            V::I(1),
                            V::F((f * 100.0).round()),
                            V::T(progress),
                            V::At(when),
                            V::At(when),
                            V::At(when),
                            V::D(day),
                        ],
                    )
                    .await?;
                for (tid, v) in &targets {
                    t.values
                        .row(
                            s,
                            &[V::I(r), V::I(*tid), V::F((v * f * 100.0).round() / 100.0)],
                        )
                        .await?;
                }
            }
            let created = at(upto - Duration::days(10), 10);
            if pace < 0.45 && !silent {
                let d = bump(&mut ids.delay);
                t.delays
                    .row(
                        s,
                        &[
                            V::I(d),
                            V::I(item),
                            V::I(lead),
                            V::T("施工"),
                            V::T("受征地拆迁影响，工期顺延"),
                            V::D(deadline + Duration::days(60)),
                            V::T("pending"),
                            V::At(created),
                        ],
                    )
                    .await?;
                order_no += 1;
                let o_id = bump(&mut ids.order);
                t.orders
                    .row(
                        s,
                        &[
                            V::I(o_id),
                            V::I(plan),
                            V::I(item),
                            V::I(lead),
                            V::I(i64::from(year)),
                            V::I(order_no),
                            V::T("red_light"),
                            V::T("请于 7 日内报告滞后原因和整改措施"),
                            V::D(upto + Duration::days(7)),
                            V::T("issued"),
                            V::T("generated"),
                            V::At(created),
                            V::At(created),
                        ],
                    )
                    .await?;
            }
            for k in 0..2 {
                let f = bump(&mut ids.feedback);
                let client = format!("{:016x}", mix.next());
                let reply = (k == 0).then_some("已纳入施工计划，将按期完成。");
                t.feedback
                    .row(
                        s,
                        &[
                            V::I(f),
                            V::I(item),
                            V::T(if k == 0 { "question" } else { "comment" }),
                            V::T(if k == 0 {
                                "这个项目什么时候能完工？"
                            } else {
                                "希望施工期间做好围挡，减少噪音。"
                            }),
                            V::T(&client),
                            V::T("approved"),
                            reply.map(V::T).unwrap_or(V::Null),
                            if reply.is_some() { V::I(lead) } else { V::Null },
                            if reply.is_some() {
                                V::At(created)
                            } else {
                                V::Null
                            },
                            V::T("generated"),
                            V::At(created),
                            V::At(created),
                        ],
                    )
                    .await?;
            }
        }
        t.spill(s).await?;
        if reported {
            // Periods are locked once a week has passed since they were due.
            for per in periods.iter().filter(|p| p.due + Duration::days(7) <= upto) {
                t.locks
                    .row(
                        s,
                        &[
                            V::I(plan),
                            V::D(per.start),
                            V::At(at(per.due + Duration::days(7), 8)),
                        ],
                    )
                    .await?;
            }
            if !current {
                let c = bump(&mut ids.campaign);
                t.campaigns
                    .row(
                        s,
                        &[
                            V::I(c),
                            V::I(plan),
                            V::T(&format!("{year}年度民生实事满意度测评")),
                            V::At(at(jan(12, 1), 0)),
                            V::At(at(jan(12, 20), 0)),
                            V::T("generated"),
                            V::At(at(jan(11, 25), 9)),
                        ],
                    )
                    .await?;
                let first_item = ids.item - n as i64 + 1;
                for item in first_item..=ids.item {
                    for _ in 0..10 {
                        let r = bump(&mut ids.rating);
                        let roll = mix.next() % 10;
                        let choice = if roll < 7 {
                            "satisfied"
                        } else if roll < 9 {
                            "basic"
                        } else {
                            "unsatisfied"
                        };
                        let voter = format!("{:016x}", mix.next());
                        t.ratings
                            .row(
                                s,
                                &[
                                    V::I(r),
                                    V::I(c),
                                    V::I(item),
                                    V::T("citizen"),
                                    V::T(&voter),
                                    V::T(choice),
                                    V::At(at(jan(12, 5), 12)),
                                ],
                            )
                            .await?;
                    }
                }
            }
        }
        t.spill(s).await
    }
}

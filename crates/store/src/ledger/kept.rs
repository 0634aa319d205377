//! Kept ledgers: a plan's assessed ledger is kept in memory per (plan, day) while the plan's
//! version is unchanged. The version lives in `plan_versions` and is moved by the database's
//! triggers inside every transaction that writes what a ledger shows (items, targets,
//! assignments, reports, milestones, reviews, settings, locks, the plan row, the directory's
//! names), so a reader pays one primary-key lookup instead of rebuilding the ledger, and a
//! write on any instance is seen by every other instance on the next read.

use super::achieved::{Series, current_versions, series};
use super::assess::{ItemLedgerView, PlanLedger};
use super::reports::ReportScope;
use super::{ItemRecords, Report};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::Region;
use minsheng_domain::ledger::Rollup;
use minsheng_domain::{ItemId, PlanId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Ledgers kept at most (a province's lists on a few days; about 50 KB each for a 30-item list).
const KEPT_MAX: usize = 1024;
/// Roll-ups kept at most: a few hundred bytes each, so every list of the country on a few days.
const ROLLUPS_MAX: usize = 65_536;

/// The kept ledgers, shared by the clones of a store.
pub(crate) type KeptLedgers = Arc<Mutex<Kept>>;

/// Ledgers by (plan, day), each with the plan version it was built at and when it was last
/// used (for evicting the least recently used).
#[derive(Default)]
pub(crate) struct Kept {
    entries: HashMap<(PlanId, NaiveDate), (i64, Arc<PlanLedger>, u64)>,
    tick: u64,
    /// Each assessed ledger's region and whole-plan roll-up, under the same version: what the
    /// country's and provinces' overviews read.
    rollups: HashMap<(PlanId, NaiveDate), (i64, Region, Rollup)>,
    /// Each assessed ledger's average progress, under the same version: what a region's
    /// trend over a year reads (a province's hundred lists on twenty-odd days would not fit
    /// among the kept ledgers).
    progress: HashMap<(PlanId, NaiveDate), (i64, PlanProgress)>,
    /// Each assessed ledger's figures on its items allocated from above (item, target,
    /// achieved), under the same version: what the lists above read as their figures from
    /// below, on every day of a trend (more than the kept ledgers hold).
    figures: HashMap<(PlanId, NaiveDate), (i64, Arc<Figures>)>,
    /// Per item and day, under its plan's version: every version of its reports with its
    /// progress series, and its milestones, delays, deadline changes and acceptance requests.
    item_reports: ItemMap<ReportsAndSeries>,
    records: ItemMap<ItemRecords>,
    exchanges: ItemMap<ItemExchanges>,
    /// Ledgers being assessed now, each with a gate: a request that finds its ledger being
    /// assessed waits for that one instead of assessing it again (32 screens opening a cold
    /// province cockpit at once assess each list once, not 32 times).
    flights: HashMap<(PlanId, NaiveDate), (i64, Gate)>,
}

/// The gate one assessment of a ledger is made behind.
type Gate = Arc<tokio::sync::Mutex<()>>;

/// What was said about an item, as its ledger page shows it: notes (instructions, replies),
/// supervision orders on it, and approved public feedback; kept under the plan's version.
#[derive(Debug, Clone, Default)]
pub struct ItemExchanges {
    /// Notes, oldest first.
    pub notes: Vec<super::Note>,
    /// Supervision orders on the item.
    pub orders: Vec<crate::Order>,
    /// Approved public feedback, oldest first.
    pub feedback: Vec<crate::PublicFeedback>,
    /// Adjustments of the item, newest first.
    pub adjustments: Vec<crate::Adjustment>,
}

/// A list's figures on its items allocated from above: (item, target, achieved).
pub(crate) type Figures = Vec<(i64, i64, f64)>;

/// The figures of `l`'s items allocated from above.
pub(crate) fn figures_of(l: &PlanLedger) -> Figures {
    l.items
        .iter()
        .filter(|i| i.from_plan.is_some())
        .flat_map(|i| {
            i.targets
                .iter()
                .filter_map(move |t| Some((i.detail.item.id.0, t.target.id.0, t.achieved?)))
        })
        .collect()
}

/// Every version of an item's reports, and its progress series.
type ReportsAndSeries = (Vec<Report>, Series);

/// A list's average progress on a day: the mean of its items' planned (序时) and reported
/// percents, and how many items; and, per list above that allocated some of them, their
/// part (a board showing that list too counts them once, there).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgress {
    /// Mean planned percent.
    pub planned: f64,
    /// Mean reported percent (an item with none counts as 0).
    pub actual: f64,
    /// Items.
    pub items: usize,
    /// Per list above: (list, planned sum, reported sum, items) of the items it allocated.
    pub from: Vec<(PlanId, f64, f64, usize)>,
}

impl PlanProgress {
    /// The averages of `l`'s items.
    pub fn of(l: &PlanLedger) -> PlanProgress {
        PlanProgress::of_items(&l.items)
    }

    /// The averages of any items (of one list or several).
    pub fn of_items<'a>(items: impl IntoIterator<Item = &'a super::ItemLedger>) -> PlanProgress {
        let (mut n, mut planned, mut actual) = (0usize, 0.0, 0.0);
        let mut from: Vec<(PlanId, f64, f64, usize)> = Vec::new();
        for i in items {
            let (p, a) = (i.assessment.expected, i.assessment.actual.unwrap_or(0.0));
            n += 1;
            planned += p;
            actual += a;
            if let Some(above) = i.from_plan {
                match from.iter_mut().find(|f| f.0 == above) {
                    Some(f) => (f.1, f.2, f.3) = (f.1 + p, f.2 + a, f.3 + 1),
                    None => from.push((above, p, a, 1)),
                }
            }
        }
        let per = n.max(1) as f64;
        PlanProgress {
            planned: planned / per,
            actual: actual / per,
            items: n,
            from,
        }
    }

    /// (planned sum, reported sum, items) without the items allocated from any of `above`:
    /// what this list adds to a board that shows those lists too.
    pub fn without(&self, above: &[PlanId]) -> (f64, f64, usize) {
        let n = self.items as f64;
        let (mut p, mut a, mut k) = (self.planned * n, self.actual * n, self.items);
        for f in self.from.iter().filter(|f| above.contains(&f.0)) {
            (p, a, k) = (p - f.1, a - f.2, k - f.3);
        }
        (p, a, k)
    }
}

/// Something kept per item and day, with the plan version it was read at.
type ItemMap<V> = HashMap<(ItemId, NaiveDate), (i64, Arc<V>)>;

/// Item entries kept at most (each map starts over when full).
const ITEMS_MAX: usize = 8192;

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} ledgers)", self.entries.len())
    }
}

impl Kept {
    /// The gate of the assessment of `key` at `version`, made if there is none.
    fn flight(&mut self, key: (PlanId, NaiveDate), version: i64) -> Gate {
        match self.flights.get(&key) {
            Some((v, gate)) if *v == version => gate.clone(),
            _ => {
                let gate = Arc::new(tokio::sync::Mutex::new(()));
                self.flights.insert(key, (version, gate.clone()));
                gate
            }
        }
    }

    /// Forgets the gate of `key` at `version` once its ledger is kept (or its assessment
    /// failed): those still waiting hold it and find the ledger kept.
    fn landed(&mut self, key: (PlanId, NaiveDate), version: i64) {
        if self.flights.get(&key).is_some_and(|(v, _)| *v == version) {
            self.flights.remove(&key);
        }
    }

    fn get(&mut self, key: (PlanId, NaiveDate), version: i64) -> Option<Arc<PlanLedger>> {
        self.tick += 1;
        let tick = self.tick;
        match self.entries.get_mut(&key) {
            Some((v, l, used)) if *v == version => {
                *used = tick;
                Some(l.clone())
            }
            _ => None,
        }
    }

    fn put(&mut self, key: (PlanId, NaiveDate), version: i64, ledger: Arc<PlanLedger>) {
        self.tick += 1;
        if self.rollups.len() >= ROLLUPS_MAX && !self.rollups.contains_key(&key) {
            self.rollups.clear();
        }
        self.rollups
            .insert(key, (version, ledger.region.clone(), ledger.rollup.clone()));
        if self.progress.len() >= ROLLUPS_MAX && !self.progress.contains_key(&key) {
            self.progress.clear();
        }
        self.progress
            .insert(key, (version, PlanProgress::of(&ledger)));
        if self.figures.len() >= ROLLUPS_MAX && !self.figures.contains_key(&key) {
            self.figures.clear();
        }
        self.figures
            .insert(key, (version, Arc::new(figures_of(&ledger))));
        if self.entries.len() >= KEPT_MAX
            && !self.entries.contains_key(&key)
            && let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (.., used))| *used)
                .map(|(k, _)| *k)
        {
            self.entries.remove(&oldest);
        }
        self.entries.insert(key, (version, ledger, self.tick));
    }
}

impl Store {
    /// A write that moved a plan's version from `from` to `to` without changing what its
    /// ledger is assessed from (a period lock): ledgers and roll-ups kept at `from` stand at
    /// `to` too. Item entries are left to be read again (pages may show what the write did).
    pub(crate) fn carry_kept(&self, plan: PlanId, from: i64, to: i64) {
        if let Ok(mut k) = self.kept.lock() {
            for ((p, _), (v, ..)) in k.entries.iter_mut() {
                if *p == plan && *v == from {
                    *v = to;
                }
            }
            for ((p, _), (v, ..)) in k.rollups.iter_mut() {
                if *p == plan && *v == from {
                    *v = to;
                }
            }
            for ((p, _), (v, _)) in k.progress.iter_mut() {
                if *p == plan && *v == from {
                    *v = to;
                }
            }
        }
    }

    /// A list's figures on its items allocated from above as of `day`: kept ones while its
    /// version is unchanged, else from its ledger (assessed and kept).
    pub(crate) async fn figures(
        &self,
        plan: PlanId,
        day: NaiveDate,
    ) -> Result<Arc<Figures>, StoreError> {
        let version = self.plan_version(plan).await?;
        let kept = self.kept.lock().ok().and_then(|k| {
            k.figures
                .get(&(plan, day))
                .filter(|(v, _)| *v == version)
                .map(|(_, f)| f.clone())
        });
        match kept {
            Some(f) => Ok(f),
            None => Ok(Arc::new(figures_of(
                &*self.kept_or_assessed(plan, day, version).await?,
            ))),
        }
    }

    /// A plan's average progress as of each of `days` (at most `today`), kept like its
    /// roll-up: the ledgers of the days not kept are assessed from one reading of its facts.
    pub async fn plan_progress(
        &self,
        plan: PlanId,
        today: NaiveDate,
        days: &[NaiveDate],
    ) -> Result<Vec<PlanProgress>, StoreError> {
        let version = self.plan_version(plan).await?;
        let kept = |k: &Kept| -> Option<Vec<PlanProgress>> {
            days.iter()
                .map(|d| match k.progress.get(&(plan, *d)) {
                    Some((v, p)) if *v == version => Some(p.clone()),
                    _ => None,
                })
                .collect()
        };
        if let Some(all) = self.kept.lock().ok().and_then(|k| kept(&k)) {
            return Ok(all);
        }
        let earlier: Vec<NaiveDate> = days.iter().copied().filter(|d| *d < today).collect();
        self.keep_ledgers(plan, today, &earlier).await?;
        if let Some(all) = self.kept.lock().ok().and_then(|k| kept(&k)) {
            return Ok(all);
        }
        // The plan was written meanwhile: each day as it is now.
        let mut out = Vec::with_capacity(days.len());
        for d in days {
            out.push(PlanProgress::of(&*self.plan_ledger(plan, *d).await?));
        }
        Ok(out)
    }

    /// The version of a plan's ledger: it moves with every write that changes what the ledger
    /// shows. 0 for a plan never written.
    pub async fn plan_version(&self, plan: PlanId) -> Result<i64, StoreError> {
        let v: Option<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT version FROM plan_versions WHERE plan_id = $1").bind(plan.0).fetch_optional(p).await?);
        Ok(v.unwrap_or(0))
    }

    /// A plan's ledger as of `today`: the kept one while the plan's version is unchanged,
    /// else assessed anew and kept.
    pub async fn plan_ledger(
        &self,
        plan: PlanId,
        today: NaiveDate,
    ) -> Result<Arc<PlanLedger>, StoreError> {
        let version = self.plan_version(plan).await?;
        self.kept_or_assessed(plan, today, version).await
    }

    /// The ledger kept for `version`, or assessed now and kept under it. The version was read
    /// first: what is built is at least as new as the version it is kept under, so a write in
    /// between only costs one more rebuild.
    async fn kept_or_assessed(
        &self,
        plan: PlanId,
        today: NaiveDate,
        version: i64,
    ) -> Result<Arc<PlanLedger>, StoreError> {
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|mut k| k.get((plan, today), version));
        if let Some(l) = kept {
            return Ok(l);
        }
        let key = (plan, today);
        let Some(gate) = self.kept.lock().ok().map(|mut k| k.flight(key, version)) else {
            return Ok(Arc::new(self.assess_plan(plan, today).await?));
        };
        let _turn = gate.lock().await;
        // Whoever held the gate before may have kept it meanwhile.
        if let Some(l) = self.kept.lock().ok().and_then(|mut k| k.get(key, version)) {
            return Ok(l);
        }
        let assessed = self.assess_plan(plan, today).await.map(Arc::new);
        if let Ok(mut k) = self.kept.lock() {
            if let Ok(l) = &assessed {
                k.put(key, version, l.clone());
            }
            k.landed(key, version);
        }
        assessed
    }

    /// A list's ledger as of `today` at `version`, read beforehand with others
    /// ([`Store::region_plan_versions`]): kept, or assessed once however many ask at once.
    pub async fn plan_ledger_at(
        &self,
        plan: PlanId,
        today: NaiveDate,
        version: i64,
    ) -> Result<Arc<PlanLedger>, StoreError> {
        self.kept_or_assessed(plan, today, version).await
    }

    /// Assesses `plan` as of `today` and of each of `earlier` days (before today) from one
    /// reading of its facts, and keeps the ledgers under the plan's version.
    pub async fn keep_ledgers(
        &self,
        plan: PlanId,
        today: NaiveDate,
        earlier: &[NaiveDate],
    ) -> Result<(), StoreError> {
        self.prime_ledgers(plan, today, |_, _| earlier.to_vec())
            .await
    }

    /// Assesses `plan` as of `today` and of each of the earlier days that `also` names (from
    /// its settings and plan row), and keeps every ledger under the plan's version: the facts
    /// are read once, only if a day is not kept already, and each earlier day is assessed from
    /// them. For a scheduler that needs a list as of today and as of the ends of the periods
    /// it closes.
    pub(crate) async fn prime_ledgers(
        &self,
        plan: PlanId,
        today: NaiveDate,
        also: impl FnOnce(&super::PlanSettings, &minsheng_domain::Plan) -> Vec<NaiveDate>,
    ) -> Result<(), StoreError> {
        let version = self.plan_version(plan).await?;
        let kept = |day: NaiveDate| {
            self.kept
                .lock()
                .ok()
                .and_then(|mut k| k.get((plan, day), version))
        };
        let mut facts = None;
        let mut days = match kept(today) {
            Some(l) => also(&l.settings, &l.plan),
            None => {
                let f = self.plan_facts(plan, today).await?;
                let days = also(&f.settings, &f.detail.plan);
                facts = Some(f);
                days
            }
        };
        days.retain(|d| *d < today);
        days.sort();
        days.dedup();
        // The lists below, for the same days, each read once (not once a day below).
        let earlier: Vec<NaiveDate> = days
            .iter()
            .copied()
            .filter(|d| kept(*d).is_none())
            .collect();
        if !earlier.is_empty() && facts.as_ref().is_none_or(|f| !f.below.is_empty()) {
            self.prime_below(plan, today, earlier).await?;
        }
        days.push(today);
        for day in days {
            if kept(day).is_some() {
                continue;
            }
            if facts.is_none() {
                facts = Some(self.plan_facts(plan, today).await?);
            }
            let facts = facts.as_ref().expect("facts read");
            let mut earlier;
            let f = if day == today {
                facts
            } else {
                earlier = facts.on(day);
                // Figures from the lists below as they were on that day, as a fresh reading
                // of that day gives them.
                if !earlier.below.is_empty() {
                    earlier.below = self.figures_below(plan, day).await?;
                }
                &earlier
            };
            let l = Arc::new(self.assess_facts(f, day).await?);
            if let Ok(mut k) = self.kept.lock() {
                k.put((plan, day), version, l);
            }
        }
        Ok(())
    }

    /// The region and whole-plan roll-up of each of a year's published and closed plans as of
    /// `today`, in plan order: one query for the plans' versions, then what is kept (a plan
    /// changed since is assessed anew).
    pub async fn year_rollups(
        &self,
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<(Region, Rollup)>, StoreError> {
        let versions: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT p.id, COALESCE(v.version, 0) FROM plans p LEFT JOIN plan_versions v ON v.plan_id = p.id \
             WHERE p.year = $1 AND p.state <> 'draft' ORDER BY p.id",
        ).bind(year).fetch_all(p).await?);
        let mut out = Vec::with_capacity(versions.len());
        for (plan, version) in versions {
            let key = (PlanId(plan), today);
            let kept = self.kept.lock().ok().and_then(|k| {
                k.rollups
                    .get(&key)
                    .filter(|(v, ..)| *v == version)
                    .map(|(_, r, u)| (r.clone(), u.clone()))
            });
            match kept {
                Some(row) => out.push(row),
                None => {
                    let l = self.kept_or_assessed(key.0, today, version).await?;
                    out.push((l.region.clone(), l.rollup.clone()));
                }
            }
        }
        Ok(out)
    }

    /// An item's plan and that plan's version, in one query; None for an unknown item.
    async fn item_plan_version(&self, item: ItemId) -> Result<Option<(PlanId, i64)>, StoreError> {
        let row: Option<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT i.plan_id, COALESCE(v.version, 0) FROM items i LEFT JOIN plan_versions v ON v.plan_id = i.plan_id WHERE i.id = $1",
        ).bind(item.0).fetch_optional(p).await?);
        Ok(row.map(|(p, v)| (PlanId(p), v)))
    }

    /// [`Store::item_plan_version`] of an item that must exist.
    async fn known_item_plan_version(&self, item: ItemId) -> Result<(PlanId, i64), StoreError> {
        self.item_plan_version(item)
            .await?
            .ok_or(StoreError::NotFound("项目 (item)"))
    }

    /// What an item's public page is made from, as one number that grows with every change:
    /// its plan's version (carrying the item over into another plan, and publishing that
    /// plan, move it too). None for an unknown item.
    pub async fn item_page_version(&self, item: ItemId) -> Result<Option<i64>, StoreError> {
        Ok(self.item_plan_version(item).await?.map(|(_, v)| v))
    }

    /// What `pick` keeps for `key` at `version`, or what `load` reads, kept under it.
    async fn kept_item<V>(
        &self,
        pick: fn(&mut Kept) -> &mut ItemMap<V>,
        key: (ItemId, NaiveDate),
        version: i64,
        load: impl std::future::Future<Output = Result<V, StoreError>>,
    ) -> Result<Arc<V>, StoreError> {
        let kept = self.kept.lock().ok().and_then(|mut k| {
            pick(&mut k)
                .get(&key)
                .filter(|(v, _)| *v == version)
                .map(|(_, x)| x.clone())
        });
        if let Some(x) = kept {
            return Ok(x);
        }
        let x = Arc::new(load.await?);
        if let Ok(mut k) = self.kept.lock() {
            let map = pick(&mut k);
            if map.len() >= ITEMS_MAX && !map.contains_key(&key) {
                map.clear();
            }
            map.insert(key, (version, x.clone()));
        }
        Ok(x)
    }

    /// One item's ledger entry with its plan's (kept) ledger, every version of its reports,
    /// and its progress over time (kept too, under the plan's version).
    pub async fn item_ledger(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<ItemLedgerView, StoreError> {
        let (plan_id, version) = self.known_item_plan_version(item).await?;
        let plan = self.kept_or_assessed(plan_id, today, version).await?;
        let index = plan
            .items
            .iter()
            .position(|i| i.detail.item.id == item)
            .ok_or(StoreError::NotFound("项目 (item)"))?;
        let load = async {
            // The series needs every version's values: from the item's full reports.
            let reports = self.load_reports(ReportScope::Item(item)).await?;
            let it = &plan.items[index];
            let cur: Vec<&Report> = current_versions(&reports)
                .into_iter()
                .filter(|r| r.period_start <= today)
                .collect();
            let s = series(&it.detail.targets, &it.assigns, &cur);
            Ok((reports, s))
        };
        let extras = self
            .kept_item(|k| &mut k.item_reports, (item, today), version, load)
            .await?;
        Ok(ItemLedgerView {
            plan,
            index,
            reports: extras.0.clone(),
            series: extras.1.clone(),
            version,
        })
    }

    /// An item's milestones, delays, deadline changes and acceptance requests, kept under its
    /// plan's version.
    pub async fn item_records(
        &self,
        item: ItemId,
        today: NaiveDate,
    ) -> Result<ItemRecords, StoreError> {
        let (_, version) = self.known_item_plan_version(item).await?;
        self.records_at(item, today, version).await
    }

    /// [`Store::item_records`] of the item of a view just read: no second version lookup.
    pub async fn item_records_of(
        &self,
        view: &ItemLedgerView,
        today: NaiveDate,
    ) -> Result<ItemRecords, StoreError> {
        self.records_at(view.item().detail.item.id, today, view.version)
            .await
    }

    async fn records_at(
        &self,
        item: ItemId,
        today: NaiveDate,
        version: i64,
    ) -> Result<ItemRecords, StoreError> {
        let load = self.load_item_records(item, today);
        let r = self
            .kept_item(|k| &mut k.records, (item, today), version, load)
            .await?;
        Ok((*r).clone())
    }

    /// [`ItemExchanges`] of the item of a view just read, kept under its plan's version.
    pub async fn item_exchanges_of(
        &self,
        view: &ItemLedgerView,
        today: NaiveDate,
    ) -> Result<Arc<ItemExchanges>, StoreError> {
        let item = view.item().detail.item.id;
        let load = async {
            let on_item = crate::OrderFilter {
                item: Some(item),
                ..Default::default()
            };
            Ok(ItemExchanges {
                notes: self.notes(item).await?,
                orders: self.orders(&on_item).await?,
                feedback: self.public_feedback(item).await?,
                adjustments: self.item_adjustments(item).await?,
            })
        };
        self.kept_item(|k| &mut k.exchanges, (item, today), view.version, load)
            .await
    }

    /// Every published plan, in id order.
    pub async fn published_plans(&self) -> Result<Vec<PlanId>, StoreError> {
        let all = self.published_plan_versions().await?;
        Ok(all.into_iter().map(|(p, _)| p).collect())
    }

    /// Every published plan with its version, in id order: one query, for a scheduler that
    /// looks again only at plans changed since its last pass.
    pub async fn published_plan_versions(&self) -> Result<Vec<(PlanId, i64)>, StoreError> {
        let rows: Vec<(i64, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT p.id, COALESCE(v.version, 0) FROM plans p LEFT JOIN plan_versions v ON v.plan_id = p.id \
             WHERE p.state = 'published' ORDER BY p.id",
        ).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(p, v)| (PlanId(p), v)).collect())
    }
}

//! Kept ledgers: a plan's assessed ledger is kept in memory per (plan, day) while the plan's
//! version is unchanged. The version lives in `plan_versions` and is moved by the database's
//! triggers inside every transaction that writes what a ledger shows (items, targets,
//! assignments, reports, milestones, reviews, settings, locks, the plan row, the directory's
//! names), so a reader pays one primary-key lookup instead of rebuilding the ledger, and a
//! write on any instance is seen by every other instance on the next read.

use super::ItemRecords;
use super::assess::PlanLedger;
use super::kept_items::{ItemExchanges, ItemMap, ReportsAndSeries};
use super::progress::{Figures, PlanProgress, figures_of};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::PlanId;
use minsheng_domain::Region;
use minsheng_domain::ledger::Rollup;
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
    pub(super) item_reports: ItemMap<ReportsAndSeries>,
    pub(super) records: ItemMap<ItemRecords>,
    pub(super) exchanges: ItemMap<ItemExchanges>,
    /// Ledgers being assessed now, each with a gate: a request that finds its ledger being
    /// assessed waits for that one instead of assessing it again (32 screens opening a cold
    /// province cockpit at once assess each list once, not 32 times).
    flights: HashMap<(PlanId, NaiveDate), (i64, Gate)>,
}

/// The gate one assessment of a ledger is made behind.
type Gate = Arc<tokio::sync::Mutex<()>>;

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
    pub(super) async fn kept_or_assessed(
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

//! What is kept per item and day under its plan's version: every version of its reports with
//! its progress series, its records (milestones, delays, deadline changes, acceptance), and
//! what was said about it (notes, orders, feedback, adjustments).

use super::achieved::{Series, current_versions, series};
use super::assess::ItemLedgerView;
use super::kept::Kept;
use super::reports::ReportScope;
use super::{ItemRecords, Report};
use crate::{Store, StoreError, on_pool};
use chrono::NaiveDate;
use minsheng_domain::{ItemId, PlanId};
use std::collections::HashMap;
use std::sync::Arc;

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

/// Every version of an item's reports, and its progress series.
pub(super) type ReportsAndSeries = (Vec<Report>, Series);

/// Something kept per item and day, with the plan version it was read at.
pub(super) type ItemMap<V> = HashMap<(ItemId, NaiveDate), (i64, Arc<V>)>;

/// Item entries kept at most (each map starts over when full).
const ITEMS_MAX: usize = 8192;

impl Store {
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
}

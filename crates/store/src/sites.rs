//! Sites (点位): the places where an item is carried out, with coordinates, for the public map
//! and the open-data GeoJSON.

use crate::audit::Change;
use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use minsheng_domain::Refusal;
use minsheng_domain::{ItemId, PlanId, Site, SiteId, TargetId};
use serde_json::json;

type SiteRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<i64>,
    Option<f64>,
);

fn site((id, item, name, address, lat, lon, target, share): SiteRow) -> Site {
    Site {
        id: SiteId(id),
        item_id: ItemId(item),
        name,
        address,
        lat,
        lon,
        target_id: target.map(TargetId),
        share,
    }
}

impl Store {
    /// Adds a site to an item. Coordinates are WGS-84 degrees and must come as a pair.
    pub async fn add_site(
        &self,
        item: ItemId,
        name: &str,
        address: Option<&str>,
        coords: Option<(f64, f64)>,
    ) -> Result<SiteId, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Refusal::SiteName.into());
        }
        if let Some((lat, lon)) = coords
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            return Err(Refusal::CoordinatesOutOfRange.into());
        }
        self.item_parties(item).await?;
        let address = address.map(str::trim).filter(|a| !a.is_empty());
        let id: i64 = in_write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar("INSERT INTO sites (item_id, name, address, lat, lon) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(item.0).bind(name).bind(address).bind(coords.map(|c| c.0)).bind(coords.map(|c| c.1))
                .fetch_one(&mut *tx).await?;
            tx.audit(&self.actor, Change::new("site.add", "site", id).after(json!({"item": item, "name": name, "address": address, "coords": coords}))).await?;
            id
        });
        Ok(SiteId(id))
    }

    /// The sites of a plan's items, in item order.
    pub async fn plan_sites(&self, plan: PlanId) -> Result<Vec<Site>, StoreError> {
        let rows: Vec<SiteRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT s.id, s.item_id, s.name, s.address, s.lat, s.lon, s.target_id, s.share FROM sites s JOIN items i ON i.id = s.item_id WHERE i.plan_id = $1 ORDER BY i.position, s.id",
        ).bind(plan.0).fetch_all(p).await?);
        Ok(rows.into_iter().map(site).collect())
    }
}

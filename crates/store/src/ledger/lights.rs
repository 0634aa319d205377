//! Changes of light (亮灯变化): the light each item last showed is kept, and a change becomes the
//! event `light.changed` — written with the new light in one transaction, so each change is told
//! once however many servers look. An item seen for the first time is recorded without an event
//! (a new deployment does not announce every light it finds).

use crate::tx::WriteTx;
use crate::{Store, StoreError, in_write_tx, on_pool};
use chrono::{DateTime, NaiveDate, Utc};
use minsheng_domain::ledger::Light;
use minsheng_domain::{ItemId, PlanId};
use std::collections::HashMap;

impl Store {
    /// Records the lights of items (with their plans) as of `today`; returns the changes told.
    pub async fn record_lights(
        &self,
        lights: &[(PlanId, ItemId, Light)],
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        if lights.is_empty() {
            return Ok(0);
        }
        let mut plans: Vec<i64> = lights.iter().map(|(p, ..)| p.0).collect();
        plans.sort_unstable();
        plans.dedup();
        let mut kept: HashMap<i64, String> = HashMap::new();
        for chunk in plans.chunks(500) {
            let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT l.item_id, l.light FROM item_lights l JOIN items i ON i.id = l.item_id \
                 WHERE i.plan_id IN ({})",
                ids.join(", ")
            );
            kept.extend(on_pool!(self, p => sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql)).fetch_all(p).await?));
        }
        let changed: Vec<(PlanId, ItemId, Light, Option<&String>)> = lights
            .iter()
            .filter(|(_, i, l)| kept.get(&i.0).map(String::as_str) != Some(l.code()))
            .map(|(p, i, l)| (*p, *i, *l, kept.get(&i.0)))
            .collect();
        if changed.is_empty() {
            return Ok(0);
        }
        let mut told = 0;
        // Derived from the ledger, not an edit of it: the kept ledgers and pages stay valid.
        in_write_tx!(@unhooked self, tx => {
            // In chunks of many rows: the first pass over a whole country records every item.
            for chunk in changed.chunks(300) {
                let sql = format!(
                    "INSERT INTO item_lights (item_id, light, since) VALUES {} \
                     ON CONFLICT (item_id) DO UPDATE SET light = excluded.light, since = excluded.since",
                    crate::placeholders(chunk.len(), 3)
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (_, item, light, _) in chunk {
                    q = q.bind(item.0).bind(light.code()).bind(today);
                }
                q.execute(&mut *tx).await?;
            }
            for (plan, item, light, before) in &changed {
                if let Some(before) = before {
                    tx.event(
                        "light.changed",
                        &serde_json::json!({"item": item, "plan": plan, "from": before, "to": light.code(), "on": today}),
                        now,
                    )
                    .await?;
                    told += 1;
                }
            }
        });
        Ok(told)
    }
}

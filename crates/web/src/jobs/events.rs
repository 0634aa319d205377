//! Outbound event webhooks (`--event-webhook`): each configured address is told, in order, of
//! the events the store wrote in the transactions that caused them (`report.filed`,
//! `order.issued`, `bulletin.issued`), as a signed JSON post: `{"id", "kind", "at", "data"}` with
//! `X-Minsheng-Event`, `X-Minsheng-Delivery` (the event's number: a receiver drops one it has),
//! `X-Minsheng-Timestamp` and `X-Minsheng-Signature` (hex HMAC-SHA256 of `timestamp.body` under
//! `--event-secret`, as for the SMS gateway). An address that does not answer 2xx is told the
//! same event again at the next pass, so none is skipped or reordered (at least once).

use minsheng_store::{Event, Store, StoreError};

/// An address to tell.
#[derive(Clone, Debug)]
pub struct EventHook {
    /// Where to post.
    pub url: String,
    /// The shared signing secret.
    pub secret: String,
}

/// Events told per address per pass, at most.
const PER_PASS: i64 = 500;

/// The post of one event.
pub fn body(e: &Event) -> String {
    let data: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
    serde_json::json!({"id": e.id, "kind": e.kind, "at": e.at, "data": data}).to_string()
}

/// Tells `hook` the events after its cursor up to `upto`; how many it took.
pub async fn tell(
    store: &Store,
    http: &reqwest::Client,
    hook: &EventHook,
    upto: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, StoreError> {
    let from = store.event_cursor(&hook.url, upto, now).await?;
    let mut told = 0;
    for e in store.events_between(from, upto, PER_PASS).await? {
        let body = body(&e);
        let ts = chrono::Utc::now().timestamp();
        let sent = http
            .post(&hook.url)
            .header("Content-Type", "application/json")
            .header("X-Minsheng-Event", &e.kind)
            .header("X-Minsheng-Delivery", e.id.to_string())
            .header("X-Minsheng-Timestamp", ts.to_string())
            .header(
                "X-Minsheng-Signature",
                crate::sms::gateway_signature(&hook.secret, ts, &body),
            )
            .body(body)
            .send()
            .await;
        let failure = match sent {
            Ok(r) if r.status().is_success() => None,
            Ok(r) => Some(format!("HTTP {}", r.status())),
            Err(e) => Some(format!("无法访问：{e}")),
        };
        if let Some(why) = failure {
            tracing::warn!(url = %hook.url, event = e.id, error = %why, "event webhook refused");
            store.event_refused(&hook.url, &why, now).await?;
            break;
        }
        store.event_told(&hook.url, e.id, now).await?;
        told += 1;
    }
    Ok(told)
}

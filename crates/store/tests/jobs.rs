//! The durable job queue on both databases: a key is enqueued once, due jobs are claimed
//! oldest first under a lease, a lapsed lease is claimed again, failures back off and give up,
//! a failed job can be put back, done jobs are pruned.

use chrono::{DateTime, Duration, Utc};
use minsheng_store::{LEASE, MAX_ATTEMPTS, Store, StoreError};
use serde_json::json;

#[macro_use]
mod common;

fn at(s: &str) -> DateTime<Utc> {
    format!("{s}T08:00:00Z").parse().unwrap()
}

async fn job_queue_case(s: Store) {
    let t0 = at("2025-03-10");
    // A key is enqueued once.
    assert!(
        s.enqueue_job("remind", "a", &json!({"n": 1}), t0)
            .await
            .unwrap()
    );
    assert!(
        !s.enqueue_job("remind", "a", &json!({"n": 2}), t0)
            .await
            .unwrap()
    );
    assert!(
        s.enqueue_job("deliver", "b", &json!({}), t0 + Duration::hours(1))
            .await
            .unwrap()
    );
    // Nothing is due before its time; the oldest due job first.
    assert!(
        s.claim_job(t0 - Duration::minutes(1))
            .await
            .unwrap()
            .is_none()
    );
    let a = s.claim_job(t0).await.unwrap().expect("a is due");
    assert_eq!((a.dedup_key.as_str(), a.attempts), ("a", 1));
    assert_eq!(a.payload, r#"{"n":1}"#, "the first payload is kept");
    // Claimed: nobody else takes it while the lease holds; after the lease lapses it is
    // claimed again (its runner died).
    assert!(
        s.claim_job(t0 + Duration::minutes(1))
            .await
            .unwrap()
            .is_none()
    );
    let again = s
        .claim_job(t0 + LEASE + Duration::seconds(1))
        .await
        .unwrap()
        .expect("a lapsed lease");
    assert_eq!((again.id, again.attempts), (a.id, 2));
    // A failure is retried later, then given up after MAX_ATTEMPTS tries.
    let mut now = t0 + LEASE + Duration::seconds(1);
    let mut job = again;
    loop {
        s.fail_job(&job, "SMTP 451", now).await.unwrap();
        if job.attempts >= MAX_ATTEMPTS {
            break;
        }
        assert!(
            s.claim_job(now)
                .await
                .unwrap()
                .is_none_or(|j| j.id != job.id),
            "not retried at once"
        );
        now += Duration::hours(2);
        job = s.claim_job(now).await.unwrap().expect("retried");
    }
    let failed = s.jobs(Some("failed"), 10).await.unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].last_error.as_deref(), Some("SMTP 451"));
    // Only a failed job is put back; then it runs and is done.
    assert!(matches!(
        s.retry_job(job.id + 1000, now).await,
        Err(StoreError::Refused(minsheng_domain::Refusal::Setup(
            minsheng_domain::refusal::SetupRefusal::JobNotFailed
        )))
    ));
    s.retry_job(job.id, now).await.unwrap();
    let b = s.claim_job(now).await.unwrap().expect("b is due");
    assert_eq!(b.dedup_key, "b", "b was due before a was put back");
    s.finish_job(b.id, now).await.unwrap();
    let a = s.claim_job(now).await.unwrap().expect("a again");
    assert_eq!((a.dedup_key.as_str(), a.attempts), ("a", 1));
    s.finish_job(a.id, now).await.unwrap();
    assert!(
        s.claim_job(now + Duration::days(1))
            .await
            .unwrap()
            .is_none()
    );
    // Done jobs are pruned by age; their keys are then free.
    assert_eq!(s.prune_jobs(now).await.unwrap(), 0, "not older than now");
    assert_eq!(s.prune_jobs(now + Duration::seconds(1)).await.unwrap(), 2);
    assert!(s.jobs(None, 10).await.unwrap().is_empty());
    assert!(s.enqueue_job("remind", "a", &json!({}), now).await.unwrap());
}

conformance!(job_queue_case);

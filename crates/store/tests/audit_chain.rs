//! The audit chain's group commit on both databases: many writers at once each leave one
//! entry, every entry ends up chained in one unbroken sequence with nothing left pending,
//! without anyone asking (the store chains after a batch of writes or shortly after the last),
//! and an edited entry is found.

use minsheng_store::audit::check_chain;
use minsheng_store::{AuditFilter, Store};
use std::time::Duration;

#[macro_use]
mod common;

async fn group_commit_case(s: Store) {
    let region = s.ensure_region("示范区", None).await.unwrap().id;
    let before = s.verify_audit().await.unwrap().rows;
    // 150 writers at once: more than one batch, and a tail shorter than one.
    let writers: Vec<_> = (0..150)
        .map(|n| {
            let s = s.clone();
            tokio::spawn(async move {
                s.save_leader(None, region, &format!("领导{n}"), Some("副区长"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    // And three more after them, fewer than a batch.
    for n in 150..153 {
        s.save_leader(None, region, &format!("领导{n}"), None)
            .await
            .unwrap();
    }
    // Nobody asks: the tail is chained within the store's delay.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        s.chain_audit().await.unwrap(),
        0,
        "entries were still pending two seconds after the last write"
    );
    let check = s.verify_audit().await.unwrap();
    assert!(check.breaks.is_empty(), "{:?}", check.breaks);
    assert_eq!(check.rows, before + 153);
    // Every entry once, in one sequence.
    let rows = s
        .audit_entries(&AuditFilter {
            action: Some("leader.create".into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 153);
    let mut seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), 153);
    // The chain read back verifies on its own, and breaks when a chained entry is edited.
    let mut chain = s
        .audit_entries(&AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    chain.reverse();
    let last = chain.last().unwrap().clone();
    assert!(check_chain(&chain, last.seq, &last.hash).breaks.is_empty());
    let k = chain.len() / 2;
    chain[k].after_json = "{}".into();
    assert_eq!(
        check_chain(&chain, last.seq, &last.hash).breaks.len(),
        1,
        "an edited entry is found"
    );
}

conformance!(group_commit_case);

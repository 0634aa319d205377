//! The PostgreSQL server of the tests (`MINSHENG_TEST_DATABASE_URL`), shared by the store, web
//! and binary tests: its address, and a fresh migrated schema per test.

#![allow(dead_code)]

use minsheng_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The server's URL, or None (with the reason printed) when there is none and this build was
/// made without one (its PostgreSQL tests are then marked ignored).
pub fn server_url(case: &str) -> Option<String> {
    let Ok(url) = std::env::var("MINSHENG_TEST_DATABASE_URL") else {
        if std::env::var("MINSHENG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") || !cfg!(no_postgres)
        {
            // Built with a server (the test is not marked ignored), so it must run.
            panic!(
                "MINSHENG_TEST_DATABASE_URL is not set: it was when the tests were built, or MINSHENG_REQUIRE_POSTGRES=1"
            );
        }
        eprintln!(
            "skipped: postgres::{case}: set MINSHENG_TEST_DATABASE_URL=postgres://… to run it on PostgreSQL"
        );
        return None;
    };
    Some(url)
}

/// A migrated store on a fresh schema of the server, and the schema's name; None as
/// [`server_url`].
pub async fn fresh_schema(prefix: &str, case: &str) -> Option<(Store, String)> {
    let url = server_url(case)?;
    let schema = format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        // PostgreSQL cuts names at 63 bytes.
        &case[..case.len().min(40)]
    );
    let admin = sqlx::PgPool::connect(&url)
        .await
        .expect("connect to MINSHENG_TEST_DATABASE_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let store = Store::connect_postgres(&url, Some(&schema)).await.unwrap();
    store.migrate().await.unwrap();
    Some((store, schema))
}

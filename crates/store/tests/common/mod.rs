//! Test harness shared by the conformance suites: a fresh SQLite file or a fresh
//! PostgreSQL schema per case, and a macro that runs each case on both.

#![allow(dead_code)]

use minsheng_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---- harness -------------------------------------------------------------------------------

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    (store, dir)
}

/// A fresh schema on the test server, or None (with the reason printed) when there is none.
pub async fn postgres_store(case: &str) -> Option<Store> {
    postgres_store_named(case).await.map(|(store, _)| store)
}

/// [`postgres_store`] and the name of its schema.
pub async fn postgres_store_named(case: &str) -> Option<(Store, String)> {
    let Ok(url) = std::env::var("MINSHENG_TEST_DATABASE_URL") else {
        if std::env::var("MINSHENG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") || !cfg!(no_postgres)
        {
            // Built with a server (the test is not marked ignored), so it must run.
            panic!(
                "MINSHENG_TEST_DATABASE_URL is not set: it was when the tests were built, or MINSHENG_REQUIRE_POSTGRES=1"
            );
        }
        eprintln!(
            "skipped: postgres::{case}: set MINSHENG_TEST_DATABASE_URL=postgres://… to run the PostgreSQL conformance tests"
        );
        return None;
    };
    let schema = format!(
        "t_{}_{}_{}",
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

/// Runs each case once on SQLite and once on PostgreSQL.
#[allow(unused_macros)]
macro_rules! conformance {
    ($($case:ident),+ $(,)?) => {
        mod sqlite { $(
            #[tokio::test]
            async fn $case() {
                let (store, _dir) = crate::common::sqlite_store().await;
                super::$case(store).await;
            }
        )+ }
        mod postgres { $(
            #[tokio::test]
            #[cfg_attr(no_postgres, ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again")]
            async fn $case() {
                if let Some(store) = crate::common::postgres_store(stringify!($case)).await {
                    super::$case(store).await;
                }
            }
        )+ }
    };
}

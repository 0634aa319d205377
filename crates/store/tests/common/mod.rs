//! Test harness shared by the conformance suites: a fresh SQLite file or a fresh
//! PostgreSQL schema per case, and a macro that runs each case on both.

#![allow(dead_code)]

use minsheng_store::Store;

pub mod editing;
pub mod ledger;
pub mod postgres;

// ---- harness -------------------------------------------------------------------------------

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
    postgres::fresh_schema("t", case).await
}

// ---- fixtures ------------------------------------------------------------------------------

/// Imports `list` (a list as Word's text export gives it) as 示范区's 2025 plan, a draft.
pub async fn import_list(store: &Store, list: &str) -> minsheng_store::ImportSummary {
    let parsed = minsheng_importer::parse_bytes(list.as_bytes(), "l.txt").unwrap();
    store
        .import_plan(
            &parsed,
            &minsheng_store::ImportOptions {
                region: "示范区".into(),
                year: 2025,
                source_name: "l.txt".into(),
                source_bytes: list.as_bytes().to_vec(),
            },
        )
        .await
        .unwrap()
}

/// [`import_list`], then published.
pub async fn published_list(store: &Store, list: &str) -> minsheng_store::ImportSummary {
    let s = import_list(store, list).await;
    store
        .set_plan_state(s.plan_id, minsheng_domain::PlanState::Published)
        .await
        .unwrap();
    s
}

/// The moment of a write on `day`: 10:00 China time.
pub fn on(day: chrono::NaiveDate) -> minsheng_store::Now {
    use chrono::TimeZone;
    minsheng_store::Now {
        today: day,
        at: chrono::Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap()),
    }
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

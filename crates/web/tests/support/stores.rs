//! Fresh stores for the web tests: SQLite in a temporary directory, or a schema of its own on
//! the PostgreSQL server of `MINSHENG_TEST_DATABASE_URL`. [`both_databases!`] runs a test
//! once on each; inside the PostgreSQL run, [`fresh`] gives a PostgreSQL store.

#![allow(dead_code)]

use minsheng_store::Store;

#[path = "../../../store/tests/common/postgres.rs"]
mod pg;

tokio::task_local! {
    /// Set (to the test's name) while a test runs on PostgreSQL.
    pub static ON_POSTGRES: String;
}

/// A fresh store for the running test: on PostgreSQL inside a [`both_databases!`] PostgreSQL
/// run, else SQLite in `dir`.
pub async fn fresh(dir: &std::path::Path) -> Store {
    match ON_POSTGRES.try_with(Clone::clone) {
        Ok(case) => postgres(&case)
            .await
            .expect("a PostgreSQL run needs MINSHENG_TEST_DATABASE_URL"),
        Err(_) => Store::open(dir, None).await.unwrap(),
    }
}

/// A migrated store on a fresh schema of the test server, or None (with the reason printed)
/// when there is none and this build was made without one.
pub async fn postgres(case: &str) -> Option<Store> {
    pg::fresh_schema("w", case).await.map(|(store, _)| store)
}

/// Runs each test (an `async fn name()` that makes its stores with [`fresh`]) once on SQLite
/// (`sqlite::name`) and once on PostgreSQL (`postgres::name`); the PostgreSQL run is reported as
/// ignored when this build has no `MINSHENG_TEST_DATABASE_URL`.
#[allow(unused_macros)]
macro_rules! both_databases {
    ($($case:ident),+ $(,)?) => {
        mod sqlite { $(
            #[tokio::test]
            async fn $case() {
                super::$case().await;
            }
        )+ }
        mod postgres { $(
            #[tokio::test]
            #[cfg_attr(no_postgres, ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again")]
            async fn $case() {
                super::stores::ON_POSTGRES
                    .scope(stringify!($case).to_string(), super::$case())
                    .await;
            }
        )+ }
    };
}
#[allow(unused_imports)]
pub(crate) use both_databases;

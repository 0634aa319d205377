//! Opening a store: a SQLite file in the data directory (WAL, foreign keys on, busy timeout),
//! or a PostgreSQL URL. Problems come back as one clear [`StoreError`].

use crate::{Db, Store, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// File name of the SQLite database inside the data directory.
pub const SQLITE_FILE: &str = "minsheng.db";

/// SQLite's `synchronous` setting: `NORMAL`, or `FULL` when MINSHENG_SQLITE_SYNCHRONOUS says so.
pub(crate) fn synchronous() -> &'static str {
    match std::env::var("MINSHENG_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("full") | Ok("FULL") => "FULL",
        _ => "NORMAL",
    }
}

impl Store {
    /// Opens (creating if needed) the SQLite database in `data_dir`.
    pub async fn open_sqlite(data_dir: &Path) -> Result<Store, StoreError> {
        let dir_err = |e: std::io::Error| StoreError::DataDir {
            path: data_dir.display().to_string(),
            reason: e.to_string(),
        };
        std::fs::create_dir_all(data_dir).map_err(dir_err)?;
        // Prove the directory is writable before SQLite gives a vaguer error.
        let probe = data_dir.join(".write-test");
        std::fs::write(&probe, b"ok").map_err(dir_err)?;
        let _ = std::fs::remove_file(&probe);
        let opts = SqliteConnectOptions::new()
            .filename(data_dir.join(SQLITE_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // WAL with NORMAL: a commit is in the log file (the operating system's hands) before
            // it is acknowledged, so a killed or crashed server loses nothing it acknowledged
            // (tests/durability.rs kills it 20 times). Only a power cut or kernel crash can drop
            // the last commits, never corrupt; MINSHENG_SQLITE_SYNCHRONOUS=full closes that too,
            // at the price of an fsync per commit.
            .synchronous(match synchronous() {
                "FULL" => SqliteSynchronous::Full,
                _ => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A larger page cache per connection. No memory map: each write that grows the file
            // made every connection remap it (munmap and its TLB flushes were a tenth of a
            // submission's time, and submissions ran 20–30 % faster without it).
            .pragma("cache_size", "-16000")
            // No checkpoint inside a committing write (it would hold every writer queued
            // behind it while it copies and syncs pages): a task of the store does it.
            .pragma("wal_autocheckpoint", "0");
        Self::from_sqlite_options(opts).await
    }

    async fn from_sqlite_options(opts: SqliteConnectOptions) -> Result<Store, StoreError> {
        let file = opts.get_filename().to_path_buf();
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A connection to a local file does not go stale: no ping to its thread before
            // each use (a round trip per query otherwise).
            .test_before_acquire(false)
            .connect_with(opts)
            .await
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let store = Store::over(Db::Sqlite(pool.clone()));
        *store.write_gate.lock().await = crate::direct::Writer::on(Some(file));
        checkpoint_in_background(pool, std::sync::Arc::downgrade(&store.unchained));
        Ok(store)
    }

    /// Connects to PostgreSQL. `search_path` selects a schema (used by the test harness).
    pub async fn connect_postgres(
        url: &str,
        search_path: Option<&str>,
    ) -> Result<Store, StoreError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::BadUrl(url.to_string()));
        }
        let mut opts = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::BadUrl(format!("{url}（{e}）")))?;
        if let Some(s) = search_path {
            opts = opts.options([("search_path", s)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        Ok(Store::over(Db::Postgres(pool)))
    }

    /// Opens the store a command line asks for: PostgreSQL when a URL is given, else SQLite
    /// in the data directory. Runs migrations.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Store, StoreError> {
        let store = match database_url.filter(|u| !u.trim().is_empty()) {
            Some(url) if url.starts_with("sqlite:") => {
                let opts = SqliteConnectOptions::from_str(url)
                    .map_err(|e| StoreError::BadUrl(format!("{url}（{e}）")))?;
                Self::from_sqlite_options(
                    opts.create_if_missing(true)
                        .foreign_keys(true)
                        .journal_mode(SqliteJournalMode::Wal),
                )
                .await?
            }
            Some(url) => Self::connect_postgres(url, None).await?,
            None => Self::open_sqlite(data_dir).await?,
        };
        store.migrate().await?;
        Ok(store)
    }
}

impl Store {
    /// The database's own consistency check: SQLite's `integrity_check` and
    /// `foreign_key_check`; PostgreSQL keeps both itself. Empty when sound.
    pub async fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        match &self.db {
            Db::Sqlite(p) => {
                let mut out: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await?;
                out.retain(|r| r != "ok");
                let fk: Vec<(String, Option<i64>)> =
                    sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
                        .fetch_all(p)
                        .await?;
                out.extend(
                    fk.into_iter()
                        .map(|(t, r)| format!("{t} row {r:?}: foreign key")),
                );
                Ok(out)
            }
            Db::Postgres(_) => Ok(Vec::new()),
        }
    }
}

/// How often the write-ahead log is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);

/// Checkpoints SQLite's write-ahead log off the write path (`PASSIVE`: it never waits for or
/// blocks a reader or writer) until the store is closed or dropped; a process without a
/// runtime leaves it to SQLite, which checkpoints when the last connection closes.
fn checkpoint_in_background(
    pool: sqlx::SqlitePool,
    alive: std::sync::Weak<std::sync::atomic::AtomicUsize>,
) {
    let Ok(rt) = tokio::runtime::Handle::try_current() else {
        return;
    };
    rt.spawn(async move {
        loop {
            tokio::time::sleep(CHECKPOINT_EVERY).await;
            if alive.upgrade().is_none() || pool.is_closed() {
                return;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::debug!(error = %e, "checkpoint");
            }
        }
    });
}

//! Backups: a consistent copy of the database taken while the server runs (SQLite's
//! `VACUUM INTO`, a read transaction of its own; PostgreSQL's `pg_dump` is run by the command
//! line), and a digest of every table to compare a restored copy with its source.

use crate::{Db, Store, StoreError};
use minsheng_domain::refusal::SetupRefusal;
use sha2::Digest;
use std::path::Path;

/// SHA-256 of a file, as lowercase hex (a backup's manifest records its database file's).
pub fn file_sha256(file: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut hasher = sha2::Sha256::new();
    let mut f = std::fs::File::open(file)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// What SQLite's own check finds wrong with a database file (`PRAGMA integrity_check`),
/// opened read-only; empty when the file is intact. A file that is not a database at all is
/// one problem, named.
pub async fn sqlite_file_problems(file: &Path) -> Vec<String> {
    use sqlx::ConnectOptions;
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true);
    let mut conn = match opts.connect().await {
        Ok(c) => c,
        Err(e) => return vec![e.to_string()],
    };
    let rows: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await;
    let _ = sqlx::Connection::close(conn).await;
    match rows {
        Ok(r) if r.len() == 1 && r[0] == "ok" => Vec::new(),
        Ok(r) => r,
        Err(e) => vec![e.to_string()],
    }
}

impl Store {
    /// Writes a consistent copy of the SQLite database to `file` (which must not exist),
    /// without stopping writers.
    pub async fn backup_sqlite_to(&self, file: &Path) -> Result<(), StoreError> {
        let Db::Sqlite(p) = &self.db else {
            return Err(SetupRefusal::BackupIsPgDump.into());
        };
        let target = file.to_string_lossy().replace('\'', "''");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("VACUUM INTO '{target}'")))
            .execute(p)
            .await?;
        Ok(())
    }

    /// The tables of a PostgreSQL database's schema (a restore goes only into an empty one).
    pub async fn postgres_tables(&self) -> Result<Vec<String>, StoreError> {
        match &self.db {
            Db::Postgres(p) => Ok(sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            )
            .fetch_all(p)
            .await?),
            Db::Sqlite(_) => Ok(Vec::new()),
        }
    }

    /// Drops every table of a PostgreSQL database's schema: undoes a restore that failed
    /// half-way, so the database is empty again for the next attempt. Only ever called on a
    /// database that was empty before the restore began. (A SQLite restore removes its file.)
    pub async fn drop_restored_tables(&self) -> Result<(), StoreError> {
        let Db::Postgres(p) = &self.db else {
            return Ok(());
        };
        for t in self.postgres_tables().await? {
            let t = t.replace('"', "\"\"");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP TABLE IF EXISTS \"{t}\" CASCADE"
            )))
            .execute(p)
            .await?;
        }
        Ok(())
    }

    /// The schema PostgreSQL puts the tables in (for `pg_dump --schema`).
    pub async fn current_schema(&self) -> Result<Option<String>, StoreError> {
        match &self.db {
            Db::Postgres(p) => Ok(Some(
                sqlx::query_scalar("SELECT current_schema()")
                    .fetch_one(p)
                    .await?,
            )),
            Db::Sqlite(_) => Ok(None),
        }
    }

    /// Every table with its row count and a SHA-256 over its rows in a fixed order: equal
    /// digests mean equal contents.
    pub async fn table_digests(&self) -> Result<Vec<(String, i64, String)>, StoreError> {
        let mut out = Vec::new();
        match &self.db {
            Db::Sqlite(p) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .fetch_all(p)
                .await?;
                for t in tables {
                    let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
                    )))
                    .fetch_all(p)
                    .await?;
                    let list = cols
                        .iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", ");
                    // JSON holds no blobs (a plan's source file): those go in as hex.
                    let json = cols
                        .iter()
                        .map(|c| format!("CASE typeof(\"{c}\") WHEN 'blob' THEN hex(\"{c}\") ELSE \"{c}\" END"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let (n, rows): (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT COUNT(*), COALESCE(json_group_array(json_array({json})), '[]') FROM (SELECT {list} FROM \"{t}\" ORDER BY {list}) q"
                    )))
                    .fetch_one(p)
                    .await?;
                    out.push((t, n, hex::encode(sha2::Sha256::digest(rows.as_bytes()))));
                }
            }
            Db::Postgres(p) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
                )
                .fetch_all(p)
                .await?;
                for t in tables {
                    let (n, rows): (i64, String) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT COUNT(*), COALESCE(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM \"{t}\" x"
                    )))
                    .fetch_one(p)
                    .await?;
                    out.push((t, n, hex::encode(sha2::Sha256::digest(rows.as_bytes()))));
                }
            }
        }
        Ok(out)
    }
}

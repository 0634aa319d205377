//! Batched inserts for generated data: many rows per statement, values written as SQL
//! literals. Only for the generator, whose text comes from its own word lists (quotes are
//! still doubled); user input never goes through here.

use crate::{Store, StoreError, on_pool};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use std::fmt::Write;

/// A value as an SQL literal both databases read the same way.
pub(super) enum V<'a> {
    I(i64),
    F(f64),
    T(&'a str),
    D(NaiveDate),
    At(DateTime<Utc>),
    B(bool),
    Null,
}

/// Rows waiting for one table, written when enough have gathered.
pub(super) struct Bulk {
    head: String,
    sql: String,
    rows: usize,
    /// Rows written in all.
    pub written: u64,
}

/// Rows per statement: large enough to amortise the round trip, small enough for the
/// statement to stay a few hundred kilobytes.
const ROWS: usize = 2000;

impl Bulk {
    pub fn new(table_and_columns: &str) -> Bulk {
        Bulk {
            head: format!("INSERT INTO {table_and_columns} VALUES "),
            sql: String::new(),
            rows: 0,
            written: 0,
        }
    }

    /// Adds a row.
    pub async fn row(&mut self, store: &Store, values: &[V<'_>]) -> Result<(), StoreError> {
        if self.rows == 0 {
            self.sql.clone_from(&self.head);
        } else {
            self.sql.push(',');
        }
        self.sql.push('(');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.sql.push(',');
            }
            let _ = match v {
                V::I(n) => write!(self.sql, "{n}"),
                V::F(x) if x.is_finite() => write!(self.sql, "{x:?}"),
                V::F(_) | V::Null => write!(self.sql, "NULL"),
                V::T(s) => write!(self.sql, "'{}'", s.replace('\'', "''")),
                V::D(d) => write!(self.sql, "'{d}'"),
                V::At(t) => write!(
                    self.sql,
                    "'{}'",
                    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
                ),
                V::B(b) => write!(self.sql, "{}", if *b { "TRUE" } else { "FALSE" }),
            };
        }
        self.sql.push(')');
        self.rows += 1;
        let _ = store;
        Ok(())
    }

    /// Whether the batch is full (the caller flushes every table, parents first, so foreign
    /// keys hold at each statement).
    pub fn full(&self) -> bool {
        self.rows >= ROWS
    }

    /// Writes what is waiting.
    pub async fn flush(&mut self, store: &Store) -> Result<(), StoreError> {
        if self.rows == 0 {
            return Ok(());
        }
        let sql = std::mem::take(&mut self.sql);
        on_pool!(store, p => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(p).await.map(|_| ())?);
        self.written += self.rows as u64;
        self.rows = 0;
        Ok(())
    }
}

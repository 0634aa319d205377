//! Statements written together. On SQLite one call to the connection's thread runs them all:
//! each statement is otherwise handed to that thread and answered on its own, and under load
//! those hand-overs, not SQLite's work, were most of the time a report's write held the
//! writer gate. On PostgreSQL they run one after another in the same transaction. Each
//! statement numbers its own parameters from `$1`; the SQLite call renumbers them.
//!
//! The SQLite path relies on sqlx running every statement of one string and binding
//! numbered parameters by number (`sqlx-sqlite`'s `arguments.rs`); `store/tests/ledger.rs`
//! fails if a version of sqlx stops doing so.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use sqlx::Either;
use std::borrow::Cow;

/// A value bound to a statement of a batch.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bool(bool),
    Day(Option<NaiveDate>),
    At(Option<DateTime<Utc>>),
}

macro_rules! arg_from {
    ($t:ty, $v:ident => $e:expr) => {
        impl From<$t> for Arg {
            fn from($v: $t) -> Arg {
                $e
            }
        }
    };
}
arg_from!(i64, v => Arg::Int(Some(v)));
arg_from!(i32, v => Arg::Int(Some(v.into())));
arg_from!(Option<i64>, v => Arg::Int(v));
arg_from!(f64, v => Arg::Real(Some(v)));
arg_from!(Option<f64>, v => Arg::Real(v));
arg_from!(&str, v => Arg::Text(Some(v.to_string())));
arg_from!(String, v => Arg::Text(Some(v)));
arg_from!(&String, v => Arg::Text(Some(v.clone())));
arg_from!(Option<&str>, v => Arg::Text(v.map(str::to_string)));
arg_from!(&Option<String>, v => Arg::Text(v.clone()));
arg_from!(bool, v => Arg::Bool(v));
arg_from!(NaiveDate, v => Arg::Day(Some(v)));
arg_from!(Option<NaiveDate>, v => Arg::Day(v));
arg_from!(DateTime<Utc>, v => Arg::At(Some(v)));
arg_from!(Option<DateTime<Utc>>, v => Arg::At(v));

/// One statement and its parameters, `$1` first.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    sql: Cow<'static, str>,
    args: Vec<Arg>,
    /// The rows it must change, when that is checked.
    expect: Option<(u64, fn() -> StoreError)>,
}

impl Stmt {
    pub fn new(sql: impl Into<Cow<'static, str>>) -> Stmt {
        Stmt {
            sql: sql.into(),
            args: Vec::new(),
            expect: None,
        }
    }

    /// Binds the next parameter.
    pub fn arg(mut self, a: impl Into<Arg>) -> Stmt {
        self.args.push(a.into());
        self
    }

    /// Its SQL.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Its parameters, `$1` first.
    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// The statement must change exactly `rows` rows, else the batch fails with `err()`
    /// (and the transaction it ran in is not committed).
    pub fn expect(mut self, rows: u64, err: fn() -> StoreError) -> Stmt {
        self.expect = Some((rows, err));
        self
    }
}

/// `$N` in `sql` as `$(N + offset)`.
fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut n = String::new();
        while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            n.push(*d);
            chars.next();
        }
        match n.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&n),
        }
    }
    out
}

/// The rows changed by each statement, checked against what each expects.
pub(crate) fn checked(stmts: &[Stmt], changed: &[u64]) -> Result<(), StoreError> {
    if changed.len() != stmts.len() {
        return Err(StoreError::Internal(format!(
            "a batch of {} statements reported {}",
            stmts.len(),
            changed.len()
        )));
    }
    for (s, n) in stmts.iter().zip(changed) {
        if let Some((rows, err)) = s.expect
            && rows != *n
        {
            return Err(err());
        }
    }
    Ok(())
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Real(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Bool(v) => q.bind(*v),
                Arg::Day(v) => q.bind(*v),
                Arg::At(v) => q.bind(*v),
            };
        }
        q
    }};
}

/// Runs a batch through a connection (a transaction's).
pub(crate) trait RunBatch {
    /// Runs the statements in order, stopping at the first failure.
    async fn run_batch(&mut self, stmts: &[Stmt]) -> Result<(), StoreError>;
}

impl RunBatch for sqlx::SqliteConnection {
    async fn run_batch(&mut self, stmts: &[Stmt]) -> Result<(), StoreError> {
        if stmts.is_empty() {
            return Ok(());
        }
        let mut sql = String::new();
        let mut offset = 0;
        for s in stmts {
            sql.push_str(&renumber(&s.sql, offset));
            sql.push_str(";\n");
            offset += s.args.len();
        }
        let q = bind_all!(
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            stmts.iter().flat_map(|s| s.args.iter())
        );
        let mut changed = Vec::with_capacity(stmts.len());
        let mut results = sqlx::Executor::fetch_many(&mut *self, q);
        while let Some(r) = results.try_next().await? {
            if let Either::Left(done) = r {
                changed.push(done.rows_affected());
            }
        }
        checked(stmts, &changed)
    }
}

impl RunBatch for sqlx::PgConnection {
    async fn run_batch(&mut self, stmts: &[Stmt]) -> Result<(), StoreError> {
        let mut changed = Vec::with_capacity(stmts.len());
        for s in stmts {
            let q = bind_all!(sqlx::query(sqlx::AssertSqlSafe(s.sql.to_string())), &s.args);
            changed.push(q.execute(&mut *self).await?.rows_affected());
        }
        checked(stmts, &changed)
    }
}

#[cfg(test)]
mod tests {
    use super::renumber;

    #[test]
    fn parameters_are_renumbered_past_the_statements_before() {
        assert_eq!(
            renumber("INSERT INTO t VALUES ($1, $2, $10) -- $", 3),
            "INSERT INTO t VALUES ($4, $5, $13) -- $"
        );
        assert_eq!(renumber("SELECT 1", 5), "SELECT 1");
    }
}

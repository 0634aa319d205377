//! The one writer of a SQLite store, and the connection of its own on which a report's write
//! runs whole. Through sqlx every statement is handed to the connection's thread
//! and its answer handed back; under load each hand-over waits for a core, and they were most
//! of the time the writer gate was held (1.36 ms per submission, 0.8 ms of it the first read;
//! docs/PERFORMANCE.md). Here the gate's holder runs `BEGIN IMMEDIATE`, the read, the rules,
//! the statements and `COMMIT` itself, each statement prepared once per process.
//!
//! The writes run on a thread of their own (`WriterThread`): a caller hands it the whole write
//! and awaits the answer, and the thread takes the gate once for every write queued meanwhile
//! (up to [`BATCH`]), running them one after another, each in its own transaction. Holding the
//! gate across a batch, it never waits for a core between two writes; when the calling task ran
//! the write itself (the step before), the gate passed from one waiting task to the next, and each such hand-over waited for a tokio
//! worker to poll the next holder while the other requests' work ran.
//!
//! The connection opens the same file, in WAL mode, with the pool's settings (foreign keys,
//! busy timeout, synchronous, no automatic checkpoint); the gate keeps it the only writer
//! among this process's connections. Statements are the batches' [`Stmt`]s: the same SQL and
//! values as through sqlx, each value stored as sqlx stores it (days as `%F`, instants in
//! RFC 3339), so either path reads what the other wrote.

use crate::StoreError;
use crate::batch::{Arg, Stmt, checked};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::types::Value;
use rusqlite::{CachedStatement, Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;
use tokio::sync::{Mutex, oneshot};

/// The most writes the writer thread runs while holding the gate once; then it lets the
/// writes queued at the gate through the pool (sessions, jobs, other transactions) take
/// their turn.
const BATCH: usize = 64;

/// A write handed to the writer thread: run with the gate held.
type Job = Box<dyn FnOnce(&mut Writer) + Send>;

/// The thread that runs writes handed to it with the store's write gate held (see the
/// module's notes). Started on first use; it ends when the last clone of the store is gone
/// (the channel closes) or the gate is.
#[derive(Debug, Default)]
pub(crate) struct WriterThread(OnceLock<Option<mpsc::Sender<Job>>>);

impl WriterThread {
    /// Runs `f` on the writer's connection with the gate held, on the writer thread.
    /// `Ok(None)`: the store has no file to open a connection on (a database in memory) or
    /// the thread could not be started; the caller writes through the pool instead.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        gate: &Arc<Mutex<Writer>>,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<Option<T>, StoreError> {
        let Some(tx) = self.0.get_or_init(|| start(Arc::downgrade(gate))) else {
            return Ok(None);
        };
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |w: &mut Writer| {
            let out = match w.conn() {
                Ok(Some(c)) => f(c).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            };
            let _ = answer.send(out);
        });
        if tx.send(job).is_err() {
            return Ok(None);
        }
        answered.await.map_err(|_| {
            StoreError::Internal("the SQLite writer thread stopped during a write".into())
        })?
    }
}

/// Starts the writer thread; `None` when the system would not start one.
fn start(gate: Weak<Mutex<Writer>>) -> Option<mpsc::Sender<Job>> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("minsheng-writer".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let Some(gate) = gate.upgrade() else { break };
                let mut w = gate.blocking_lock();
                let mut next = Some(first);
                let mut ran = 0;
                while let Some(job) = next.take() {
                    // A job that panics drops its answer (its caller gets an error) and the
                    // connection, which rolls back what it had begun; the thread and the
                    // gate go on, with a new connection for the next write.
                    let run =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut w)));
                    if run.is_err() {
                        w.conn = None;
                    }
                    ran += 1;
                    if ran < BATCH {
                        next = rx.try_recv().ok();
                    }
                }
            }
        })
        .ok()?;
    Some(tx)
}

/// What the store's write gate guards: on SQLite, the database file and, once a write has
/// needed it, the connection opened on it.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// The database file; `None` on PostgreSQL and for a SQLite database in memory, which a
    /// second connection would not see.
    path: Option<PathBuf>,
    conn: Option<Connection>,
}

impl Writer {
    /// A writer of the SQLite database in `path` (`None` or `:memory:`: none).
    pub fn on(path: Option<PathBuf>) -> Writer {
        Writer {
            path: path.filter(|p| !p.as_os_str().is_empty() && p.as_os_str() != ":memory:"),
            conn: None,
        }
    }

    /// The connection, opened on first use; `None` when the store has no file to open.
    pub fn conn(&mut self) -> Result<Option<&mut Connection>, StoreError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if self.conn.is_none() {
            let c = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            c.busy_timeout(Duration::from_secs(10))?;
            c.pragma_update(None, "foreign_keys", true)?;
            c.pragma_update(None, "synchronous", crate::connect::synchronous())?;
            c.pragma_update(None, "cache_size", -16000)?;
            c.pragma_update(None, "wal_autocheckpoint", 0)?;
            c.set_prepared_statement_cache_capacity(64);
            self.conn = Some(c);
        }
        Ok(self.conn.as_mut())
    }
}

/// A batch's value as SQLite stores it through sqlx.
fn value(a: &Arg) -> Value {
    match a {
        Arg::Int(v) => v.map_or(Value::Null, Value::Integer),
        Arg::Real(v) => v.map_or(Value::Null, Value::Real),
        Arg::Text(v) => v.clone().map_or(Value::Null, Value::Text),
        Arg::Bool(v) => Value::Integer(i64::from(*v)),
        Arg::Day(v) => v.map_or(Value::Null, |d| Value::Text(d.format("%F").to_string())),
        Arg::At(v) => v.map_or(Value::Null, |t| {
            Value::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
    }
}

/// `sql` prepared (once per connection) with `args` bound to `$1`, `$2`… by name, so a
/// parameter used out of order or twice is bound right.
fn bound<'c>(
    c: &'c Connection,
    sql: &str,
    args: &[Arg],
) -> Result<CachedStatement<'c>, rusqlite::Error> {
    let mut st = c.prepare_cached(sql)?;
    for (i, a) in args.iter().enumerate() {
        if let Some(at) = st.parameter_index(&format!("${}", i + 1))? {
            st.raw_bind_parameter(at, value(a))?;
        }
    }
    Ok(st)
}

/// Runs `stmts` in order, each checked against the rows it must change.
pub(crate) fn run_all(c: &Connection, stmts: &[Stmt]) -> Result<(), StoreError> {
    let mut changed = Vec::with_capacity(stmts.len());
    for s in stmts {
        changed.push(bound(c, s.sql(), s.args())?.raw_execute()? as u64);
    }
    checked(stmts, &changed)
}

/// The first row of `sql` (parameters `args`), read by `row`.
pub(crate) fn first_row<T>(
    c: &Connection,
    sql: &str,
    args: &[Arg],
    row: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>, StoreError> {
    let mut st = bound(c, sql, args)?;
    let mut rows = st.raw_query();
    Ok(match rows.next()? {
        Some(r) => Some(row(r)?),
        None => None,
    })
}

/// A write transaction on the writer's connection: `BEGIN IMMEDIATE`, then `body` (reads,
/// rules, statements), then `COMMIT`; rolled back when `body` fails or the commit does.
pub(crate) fn in_tx<T>(
    c: &Connection,
    body: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    c.execute_batch("BEGIN IMMEDIATE")?;
    let out = body(c).and_then(|t| {
        c.execute_batch("COMMIT")?;
        Ok(t)
    });
    if out.is_err() && !c.is_autocommit() {
        // If even the rollback fails, the next BEGIN says so.
        let _ = c.execute_batch("ROLLBACK");
    }
    out
}

/// A day stored as sqlx stores it (`%F`).
pub(crate) fn day(v: Option<String>) -> Option<NaiveDate> {
    v.and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%F").ok())
}

/// An instant stored as sqlx stores it (RFC 3339), or as SQLite's own `datetime()` writes it
/// (UTC, no offset).
pub(crate) fn instant(v: Option<String>) -> Option<DateTime<Utc>> {
    let s = v?;
    DateTime::parse_from_rfc3339(&s)
        .or_else(|_| DateTime::parse_from_str(&s, "%F %T%.f%:z"))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(&s, "%F %T%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

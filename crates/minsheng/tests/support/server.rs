//! A real `minsheng` process for tests: starting it, plain HTTP/1.1 to it, and where its
//! data lives (a data directory, and a PostgreSQL URL when on PostgreSQL).
#![allow(dead_code)]

use minsheng_store::Store;
use std::io::{Read, Write};
use std::process::{Child, Command};
use std::time::Duration;

#[path = "../../../store/tests/common/postgres.rs"]
pub mod pg;

pub const BIN: &str = env!("CARGO_BIN_EXE_minsheng");

pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request over a fresh socket: the status and body, or None if the server is
/// gone (refused, reset or cut off).
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.get(9..12)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n").map(|x| x.1.to_string())?;
    Some((status, body))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn run(args: &[&str]) {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where the data lives: the data directory, and a PostgreSQL URL when on PostgreSQL.
pub struct Place {
    pub data: tempfile::TempDir,
    pub url: Option<String>,
}

impl Place {
    pub fn args(&self) -> Vec<String> {
        let mut a = vec!["--data".to_string(), self.data.path().display().to_string()];
        if let Some(u) = &self.url {
            a.extend(["--database-url".to_string(), u.clone()]);
        }
        a
    }

    pub async fn store(&self) -> Store {
        match &self.url {
            Some(u) => Store::connect_postgres(u, None).await.unwrap(),
            None => Store::open(self.data.path(), None).await.unwrap(),
        }
    }
}

/// Starts `minsheng serve` with `args` (and no background jobs) on a free port and waits until
/// it answers.
pub fn start(args: &[String]) -> (Server, String) {
    let mut a = args.to_vec();
    a.push("--no-jobs".into());
    start_with(&a)
}

/// Starts `minsheng serve` with exactly `args` (plus the address and day).
pub fn start_with(args: &[String]) -> (Server, String) {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--bind", &addr, "--today", "2025-09-30"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let server = Server(cmd.spawn().unwrap());
    let started = std::time::Instant::now();
    while http(&addr, "GET", "/login", "", "").map(|r| r.0) != Some(200) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    (server, addr)
}

/// A fresh PostgreSQL database for a test, made through `MINSHENG_TEST_DATABASE_URL` (whose
/// role may create databases), or None with the reason printed.
pub async fn pg_database(case: &str) -> Option<String> {
    let url = pg::server_url(case)?;
    let name = format!("minsheng_{case}_{}", std::process::id());
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    // This case's databases of earlier runs whose process is gone, and this one's if it is
    // left over: a database per run would otherwise pile up on a developer's server.
    let earlier: Vec<(String,)> =
        sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE $1")
            .bind(format!("minsheng_{case}_%"))
            .fetch_all(&admin)
            .await
            .unwrap();
    for (db,) in earlier {
        let pid = db.rsplit('_').next().unwrap_or_default();
        let gone = pid.parse::<u32>().is_ok_and(|p| {
            p == std::process::id()
                || (std::path::Path::new("/proc/self").exists()
                    && !std::path::Path::new(&format!("/proc/{p}")).exists())
        });
        if gone {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS \"{db}\""
            )))
            .execute(&admin)
            .await
            .unwrap();
        }
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let base = url.split('?').next().unwrap();
    let (server, _) = base.rsplit_once('/').unwrap();
    Some(format!("{server}/{name}"))
}

/// Signs in through the login form: the session cookie the server set.
pub fn log_in(addr: &str, user: &str, password: &str) -> String {
    let body = format!("username={user}&password={password}");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 303"), "{out}");
    out.lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

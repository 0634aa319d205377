//! Crash safety: a real `minsheng serve` process takes concurrent report submissions and is
//! killed with SIGKILL at a random moment, 20 times over; after each kill the database must
//! hold every submission the server acknowledged (with its values), pass its own consistency
//! check, and keep an intact audit chain. On SQLite, and on PostgreSQL when one is configured.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/server.rs"]
mod server;

use server::*;

const TODAY: &str = "2025-09-30";
const PERIOD: &str = "2025-09-29";
const ROUNDS: usize = 20;
const CLIENTS: usize = 8;

/// Reports to file: (path, token, body), one per item for this week.
async fn slots(place: &Place) -> Vec<(String, String, String)> {
    let store = place.store().await;
    let out = store
        .bench_requests(2025, PERIOD.parse().unwrap(), 6000, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
    out
}

async fn kill_and_check(place: Place) {
    let mut generate = vec![
        "gen",
        "--scale",
        "province",
        "--years",
        "1",
        "--report-years",
        "1",
        "--items",
        "40",
        "--today",
        TODAY,
    ];
    let args = place.args();
    generate.extend(args.iter().map(String::as_str));
    run(&generate);
    let slots = Arc::new(slots(&place).await);
    assert!(slots.len() > 3000, "{} slots", slots.len());
    let next = Arc::new(AtomicUsize::new(0));
    // Acknowledged submissions: (report id, values sent).
    let acked: Arc<Mutex<Vec<(i64, usize)>>> = Arc::default();
    let mut seed = 0x5eed_u64;
    for round in 0..ROUNDS {
        let addr = format!("127.0.0.1:{}", free_port());
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--bind", &addr, "--today", TODAY, "--no-jobs"])
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut server = Server(cmd.spawn().unwrap());
        let started = Instant::now();
        while http(&addr, "GET", "/login", "", "").map(|r| r.0) != Some(200) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "round {round}: no start"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let before = acked.lock().unwrap().len();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (slots, next, acked, addr) =
                    (slots.clone(), next.clone(), acked.clone(), addr.clone());
                std::thread::spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some((path, tok, body)) = slots.get(i) else {
                            return;
                        };
                        let headers = format!(
                            "Authorization: Bearer {tok}\r\nContent-Type: application/json\r\n"
                        );
                        match http(&addr, "PUT", path, &headers, body) {
                            Some((200, reply)) => {
                                let v: serde_json::Value = serde_json::from_str(&reply).unwrap();
                                let id = v["id"].as_i64().expect("report id in the reply");
                                acked
                                    .lock()
                                    .unwrap()
                                    .push((id, body.matches("target_id").count()));
                            }
                            Some((status, reply)) => panic!("{status}: {reply}"),
                            // The server is gone: this write was never acknowledged.
                            None => return,
                        }
                    }
                })
            })
            .collect();
        // Kill at a random moment, 0–750 ms after the round's first acknowledged write.
        let load = Instant::now();
        while acked.lock().unwrap().len() == before {
            assert!(
                load.elapsed() < Duration::from_secs(30),
                "round {round}: no write acknowledged"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis((seed >> 33) % 750));
        server.0.kill().unwrap();
        server.0.wait().unwrap();
        for c in clients {
            c.join().unwrap();
        }
        let acked_now = acked.lock().unwrap().clone();
        assert!(
            acked_now.len() > before,
            "round {round}: no write acknowledged before the kill"
        );
        // Every acknowledged write is there, whole.
        let store = place.store().await;
        let filed: std::collections::HashMap<i64, i64> = store
            .bench_filed(PERIOD.parse().unwrap())
            .await
            .unwrap()
            .into_iter()
            .collect();
        for (id, values) in &acked_now {
            assert_eq!(
                filed.get(id).copied(),
                Some(*values as i64),
                "round {round}: report {id} lost or partial"
            );
        }
        assert_eq!(
            store.integrity_problems().await.unwrap(),
            Vec::<String>::new()
        );
        let audit = store.verify_audit().await.unwrap();
        assert!(
            audit.breaks.is_empty(),
            "round {round}: audit chain broken: {:?}",
            audit.breaks
        );
        store.close().await;
        eprintln!(
            "round {round}: {} acknowledged so far, all present",
            acked_now.len()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_sqlite() {
    kill_and_check(Place {
        data: tempfile::tempdir().unwrap(),
        url: None,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn acknowledged_writes_survive_sigkill_on_postgres() {
    let Some(url) = pg::server_url("durability") else {
        return;
    };
    // A schema of its own, named in the URL so the server's process uses it too.
    let schema = format!("durability_{}", std::process::id());
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    kill_and_check(Place {
        data: tempfile::tempdir().unwrap(),
        url: Some(format!("{url}{sep}options=-c%20search_path%3D{schema}")),
    })
    .await;
}

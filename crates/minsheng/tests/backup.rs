//! Backup and restore: `minsheng backup` while the server takes report submissions gives a copy
//! that restores into a fresh place whole (consistent, audit chain intact); taken at rest, the
//! restored copy equals the source in every table and every evidence file. On SQLite, and on
//! PostgreSQL (pg_dump, pg_restore) when one is configured.

#[path = "support/server.rs"]
mod server;

use minsheng_store::files::FileStore;
use server::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn cli(args: Vec<String>) -> String {
    let out = std::process::Command::new(BIN)
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn with(cmd: &str, path: &Path, place: &Place) -> Vec<String> {
    let mut a = vec![cmd.to_string(), path.display().to_string()];
    a.extend(place.args());
    a
}

async fn round_trip(src: Place, fresh: impl Fn() -> Place) {
    let mut g: Vec<String> = [
        "gen",
        "--scale",
        "city",
        "--years",
        "2",
        "--today",
        "2025-09-30",
    ]
    .map(String::from)
    .to_vec();
    g.extend(src.args());
    cli(g);
    // Evidence files: photos with thumbnails and a document, as uploads leave them.
    let fs = FileStore::new(src.data.path().join("files"));
    for k in 0..5u8 {
        fs.put(&[k; 3000], (k % 2 == 0).then_some(&[k + 1; 500][..]))
            .unwrap();
    }
    let store = src.store().await;
    let requests = Arc::new(
        store
            .bench_requests(2025, "2025-09-29".parse().unwrap(), 300, chrono::Utc::now())
            .await
            .unwrap(),
    );
    store.close().await;

    // Online: writes go on while the backup is taken.
    let (server, addr) = start(&src.args());
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let (stop, next, requests, addr) =
                (stop.clone(), next.clone(), requests.clone(), addr.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let Some((path, tok, body)) = requests.get(next.fetch_add(1, Ordering::SeqCst))
                    else {
                        return;
                    };
                    let h = format!(
                        "Authorization: Bearer {tok}\r\nContent-Type: application/json\r\n"
                    );
                    let (st, reply) = http(&addr, "PUT", path, &h, body).unwrap();
                    assert_eq!(st, 200, "{reply}");
                }
            })
        })
        .collect();
    while next.load(Ordering::SeqCst) < 20 {
        // A writer that stopped this early was refused (its panic says why): fail, not wait.
        assert!(
            !writers.iter().any(|w| w.is_finished()),
            "a writer stopped before the backup began"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let online = tempfile::tempdir().unwrap();
    let dest = online.path().join("backup");
    cli(with("backup", &dest, &src));
    let during = next.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    drop(server);
    assert!(during > 20, "writes went on during the backup");
    let target = fresh();
    cli(with("restore", &dest, &target));
    let restored = target.store().await;
    assert_eq!(
        restored.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    assert!(restored.verify_audit().await.unwrap().breaks.is_empty());
    restored.close().await;

    // At rest: the restored copy equals the source, table by table and file by file.
    let rest = tempfile::tempdir().unwrap();
    let dest = rest.path().join("backup");
    let out = cli(with("backup", &dest, &src));
    assert!(
        out.contains("5 个文件") || out.contains("8 个文件"),
        "{out}"
    );
    let target = fresh();
    cli(with("restore", &dest, &target));
    let (a, b) = (src.store().await, target.store().await);
    let (da, db) = (
        a.table_digests().await.unwrap(),
        b.table_digests().await.unwrap(),
    );
    assert!(da.len() > 40, "{} tables", da.len());
    assert!(
        da.iter().any(|(t, n, _)| t == "reports" && *n > 10_000),
        "{da:?}"
    );
    assert_eq!(da, db);
    let (fa, fb) = (
        files(&src.data.path().join("files")),
        files(&target.data.path().join("files")),
    );
    assert_eq!(fa.len(), 8, "5 files and 3 thumbnails");
    assert_eq!(fa, fb);
    // A second restore into the same place is refused, and nothing there is touched.
    let again = std::process::Command::new(BIN)
        .args(with("restore", &dest, &target))
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert_eq!(b.table_digests().await.unwrap(), db);
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_and_restore_round_trip_on_sqlite() {
    let fresh = || Place {
        data: tempfile::tempdir().unwrap(),
        url: None,
    };
    round_trip(fresh(), fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    no_postgres,
    ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again"
)]
async fn backup_and_restore_round_trip_on_postgres() {
    let Some(src) = pg_database("backup_src").await else {
        return;
    };
    let mut targets = Vec::new();
    for k in 0..2 {
        targets.push(pg_database(&format!("backup_dst{k}")).await.unwrap());
    }
    let targets = std::sync::Mutex::new(targets);
    round_trip(
        Place {
            data: tempfile::tempdir().unwrap(),
            url: Some(src),
        },
        || Place {
            data: tempfile::tempdir().unwrap(),
            url: Some(targets.lock().unwrap().remove(0)),
        },
    )
    .await;
}

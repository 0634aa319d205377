//! `minsheng bench signin`: the sign-in flood an attacker would send, against `minsheng serve`
//! as its own process on a fresh database. Wrong passwords for one account arrive all at once,
//! each from its own loopback address (127.x.y.z), then guesses at many names from one address;
//! it counts the answers, reads how many failures were evaluated and whether the account
//! locked, and samples the server's memory throughout. Prints a Markdown table for
//! docs/PERFORMANCE.md and fails when a limit did not hold.

use minsheng_domain::access::UserRole;
use minsheng_store::Store;
use minsheng_store::accounts::NewUser;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const TARGET: &str = "flood.target";
const PASSWORD: &str = "Flood-pass-2026";
/// Memory the server may use under the flood (docs/PERFORMANCE.md).
const RSS_LIMIT_MB: u64 = 300;

/// A data directory removed when done.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

use super::load::{Server, memory_kb};

/// Sends `n` sign-ins at once, the `k`th from `from(k)` as `who(k)` with `password(k)`; the
/// answers by status.
async fn flood(
    base: &str,
    n: usize,
    from: impl Fn(usize) -> std::net::IpAddr,
    who: impl Fn(usize) -> String,
    password: impl Fn(usize) -> String,
) -> Result<BTreeMap<u16, usize>, String> {
    let mut tasks = Vec::new();
    for k in 0..n {
        let client = reqwest::Client::builder()
            .local_address(from(k))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| e.to_string())?;
        let body = format!("username={}&password={}&next=/", who(k), password(k));
        let url = format!("{base}/login");
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut by = BTreeMap::new();
    for t in tasks {
        *by.entry(t.await.unwrap_or(0)).or_insert(0) += 1;
    }
    Ok(by)
}

fn answers(by: &BTreeMap<u16, usize>) -> String {
    by.iter()
        .map(|(s, n)| format!("{s}×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs the flood with `attempts` requests per phase.
pub async fn signin(attempts: usize) -> Result<(), String> {
    minsheng_web::jobs::install_crypto();
    let dir = Scratch(std::env::temp_dir().join(format!("minsheng-flood-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(dir.path());
    let store = Store::open(dir.path(), None)
        .await
        .map_err(|e| e.to_string())?;
    store
        .create_user(
            &NewUser {
                username: TARGET.into(),
                display_name: TARGET.into(),
                role: UserRole::Viewer,
                password: PASSWORD.into(),
                must_change_password: false,
                units: Vec::new(),
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| e.to_string())?;
    store.close().await;

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // Listening on every loopback address, so each attempt may come from its own.
    let base = format!("http://127.0.0.1:{port}");
    let server = Server(
        Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
            .args(["serve", "--no-jobs", "--bind", &format!("0.0.0.0:{port}")])
            .arg("--data")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    let pid = server.0.id();
    let probe = reqwest::Client::new();
    let started = Instant::now();
    while probe.get(format!("{base}/login")).send().await.is_err() {
        if started.elapsed() > Duration::from_secs(60) {
            return Err("服务一分钟内未启动 (the server did not start)".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let idle = memory_kb(pid, "VmRSS:");
    let peak = Arc::new(AtomicU64::new(idle));
    let running = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, running) = (peak.clone(), running.clone());
        std::thread::spawn(move || {
            while running.load(Ordering::Relaxed) {
                peak.fetch_max(memory_kb(pid, "VmRSS:"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    // One account, `attempts` wrong passwords at once, each from its own address.
    let addr = |k: usize| {
        std::net::IpAddr::V4(std::net::Ipv4Addr::new(
            127,
            1,
            (k / 250) as u8,
            (k % 250 + 1) as u8,
        ))
    };
    let t = Instant::now();
    let one = flood(
        &base,
        attempts,
        addr,
        |_| TARGET.into(),
        |k| format!("Wrong-{k}-x"),
    )
    .await?;
    let one_s = t.elapsed().as_secs_f64();
    let store = Store::open(dir.path(), None)
        .await
        .map_err(|e| e.to_string())?;
    let user = store
        .user_by_name(TARGET)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the target account is gone")?;
    store.close().await;
    // The right password afterwards, from yet another address: still locked.
    let after = flood(
        &base,
        1,
        |_| std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 2, 0, 1)),
        |_| TARGET.into(),
        |_| PASSWORD.into(),
    )
    .await?;
    // Many names from one address.
    let t = Instant::now();
    let from_one = flood(
        &base,
        attempts,
        |_| std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 3, 0, 1)),
        |k| format!("guess{k}"),
        |_| "Wrong-pass-1".into(),
    )
    .await?;
    let two_s = t.elapsed().as_secs_f64();
    running.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    // The kernel's own high-water mark catches a peak between samples.
    peak.fetch_max(memory_kb(pid, "VmHWM:"), Ordering::Relaxed);
    let peak_mb = peak.load(Ordering::Relaxed) / 1024;
    drop(server);

    let locked = user.locked_until.is_some() && after.contains_key(&403);
    let evaluated = user.failed_logins;
    let from_one_checked = from_one.get(&401).copied().unwrap_or(0);
    let ok = |b: bool| if b { "✔" } else { "✘" };
    println!("| measurement | result | target |");
    println!("|---|---|---|");
    println!(
        "| {attempts} wrong passwords for one account at once, {attempts} addresses ({one_s:.1} s) | {} | — |",
        answers(&one)
    );
    println!(
        "| failures evaluated, account locked | {evaluated}, {} | ≤ 5, locked {} |",
        if locked { "locked" } else { "not locked" },
        ok(evaluated <= 5 && locked)
    );
    println!(
        "| {attempts} names guessed at once from one address ({two_s:.1} s) | {} | ≤ 20 checked {} |",
        answers(&from_one),
        ok(from_one_checked <= 20)
    );
    println!(
        "| server RSS idle → peak during the floods | {} MB → {peak_mb} MB | ≤ {RSS_LIMIT_MB} MB {} |",
        idle / 1024,
        ok(peak_mb <= RSS_LIMIT_MB)
    );
    if evaluated > 5 || !locked || from_one_checked > 20 || peak_mb > RSS_LIMIT_MB {
        return Err("一项限制未守住，见上表 (a limit did not hold: see the table)".into());
    }
    Ok(())
}

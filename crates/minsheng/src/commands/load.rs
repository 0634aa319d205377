//! `minsheng bench load`: starts `minsheng serve` on a generated database, as its own process
//! on loopback, and measures it with wrk: start-up time, latency (p50, p99) and throughput of
//! the pages people use most, the paged API, concurrent report submissions, a mixed run of
//! both with a latency per route, and the server's peak memory. Prints Markdown tables for
//! docs/PERFORMANCE.md.

use crate::cli::DbArgs;
use chrono::NaiveDate;
use minsheng_store::accounts::AuthConfig;
use minsheng_store::{GENERATED_PASSWORD, Store};
use minsheng_web::{Clock, SESSION_COOKIE};
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What to measure with.
pub struct LoadArgs {
    pub db: DbArgs,
    pub seconds: u64,
    pub connections: u32,
    pub threads: u32,
    pub today: NaiveDate,
    pub writes: usize,
    pub wrk: String,
    /// The measurements to take (all when empty).
    pub only: Vec<String>,
}

impl LoadArgs {
    fn wants(&self, key: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == key)
    }
}

/// A server process, stopped when dropped.
pub(super) struct Server(pub(super) Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One wrk run's results.
struct Run {
    rps: f64,
    p50: f64,
    p99: f64,
    requests: u64,
    errors: u64,
}

fn ms(v: &str) -> Option<f64> {
    let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

fn parse(out: &str) -> Result<Run, String> {
    let field = |prefix: &str| {
        out.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
    };
    let requests = out
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("wrk printed no request count:\n{out}"))?;
    let errors = out
        .lines()
        .find(|l| l.contains("Non-2xx or 3xx responses:"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let socket: u64 = out
        .lines()
        .find(|l| l.contains("Socket errors:"))
        .map(|l| {
            l.split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Ok(Run {
        rps: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .ok_or("wrk printed no Requests/sec")?,
        p50: field("50%").and_then(|v| ms(&v)).ok_or("no p50")?,
        p99: field("99%").and_then(|v| ms(&v)).ok_or("no p99")?,
        requests,
        errors: errors + socket,
    })
}

fn wrk(a: &LoadArgs, url: &str, headers: &[String], script: Option<&str>) -> Result<Run, String> {
    let mut cmd = Command::new(&a.wrk);
    cmd.arg(format!("-t{}", a.threads))
        .arg(format!("-c{}", a.connections))
        .arg(format!("-d{}s", a.seconds))
        .arg("--latency")
        .arg("--timeout")
        .arg("10s");
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let out = cmd.arg(url).output().map_err(|e| {
        format!(
            "无法运行 {}：{e}（请安装 wrk：apt-get install wrk）(cannot run wrk)",
            a.wrk
        )
    })?;
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// A GET over a plain socket: the status code, or None while the server is not up.
fn status(addr: &str, path: &str) -> Option<u16> {
    answered(addr, path, &[], Duration::from_secs(5))
}

/// One GET of `path` with `headers` (`Name: value`), read to its end: its status.
fn answered(addr: &str, path: &str, headers: &[String], wait: Duration) -> Option<u16> {
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(wait)).ok()?;
    let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Connection: close\r\n\r\n"
    )
    .ok()?;
    let mut whole = Vec::new();
    s.read_to_end(&mut whole).ok()?;
    std::str::from_utf8(whole.get(9..12)?).ok()?.parse().ok()
}

/// A memory figure of a process from /proc (`VmRSS:`, `VmHWM:`), in KiB.
pub(super) fn memory_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn session(
    store: &Store,
    user: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, String> {
    let (_, token, _) = store
        .login(
            user,
            GENERATED_PASSWORD,
            "127.0.0.1",
            "bench",
            now,
            &AuthConfig::default(),
        )
        .await
        .map_err(|e| format!("{user}: {e:?}"))?;
    Ok(format!("Cookie: {SESSION_COOKIE}={token}"))
}

/// A wrk script that files one report per request, each for another (item, unit) of `slots`,
/// with the unit's own token; each thread starts at its own share of the list.
fn write_script(a: &LoadArgs, slots: &[(String, String, String)]) -> String {
    let mut lua = String::from("local reqs = {\n");
    for (path, token, body) in slots {
        lua.push_str(&format!("{{{path:?}, {token:?}, {body:?}}},\n"));
    }
    lua.push_str(&format!(
        "}}\nlocal tid = 0\nfunction setup(thread) thread:set(\"offset\", tid) tid = tid + 1 end\n\
         function init(args) counter = (offset or 0) * math.floor(#reqs / {}) end\n\
         function request()\n  counter = counter + 1\n  local r = reqs[(counter % #reqs) + 1]\n  \
         return wrk.format(\"PUT\", r[1], {{[\"Authorization\"] = \"Bearer \" .. r[2], [\"Content-Type\"] = \"application/json\"}}, r[3])\nend\n",
        a.threads
    ));
    lua
}

/// Runs the load test and prints the table.
pub async fn load(a: LoadArgs) -> Result<(), String> {
    let store = super::open(&a.db).await?;
    let year = chrono::Datelike::year(&a.today);
    let s = store
        .bench_samples(year)
        .await
        .map_err(|e| format!("{e}（请先运行 minsheng gen）(run minsheng gen first)"))?;
    let now = Clock::fixed(a.today).now().at;
    let office = session(&store, &format!("r{}", s.province_region), now).await?;
    let unit = session(&store, &format!("u{}", s.unit), now).await?;
    // The current week: no report filed for it yet.
    let period = a.today
        - chrono::Duration::days(i64::from(
            chrono::Datelike::weekday(&a.today).num_days_from_monday(),
        ));
    let reqs = store
        .bench_requests(year, period, a.writes, now)
        .await
        .map_err(|e| e.to_string())?;
    let script = std::env::temp_dir().join(format!("minsheng-writes-{}.lua", std::process::id()));
    std::fs::write(&script, write_script(&a, &reqs)).map_err(|e| e.to_string())?;
    store.close().await;

    // The server, as deployed: its own process.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut cmd = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
    cmd.args([
        "serve",
        "--bind",
        &addr,
        "--no-jobs",
        "--today",
        &a.today.to_string(),
    ])
    .arg("--data")
    .arg(&a.db.data)
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    if let Some(url) = &a.db.database_url {
        cmd.args(["--database-url", url]);
    }
    let started = Instant::now();
    let server = Server(cmd.spawn().map_err(|e| e.to_string())?);
    while status(&addr, "/login") != Some(200) {
        if started.elapsed() > Duration::from_secs(120) {
            return Err("服务两分钟内未启动 (the server did not start within 2 minutes)".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let startup = started.elapsed().as_secs_f64() * 1000.0;
    let pid = server.0.id();
    let base = format!("http://{addr}");
    let pages: Vec<(&str, &str, String, Vec<String>)> = vec![
        (
            "plan",
            "公众计划页 public plan page",
            format!("/plans/{}", s.county_plan),
            vec![],
        ),
        (
            "item",
            "公众项目页 public item page",
            format!("/public/items/{}", s.item),
            vec![],
        ),
        (
            "dashboard",
            "省级调度看板 province dashboard",
            format!("/plans/{}/dashboard", s.province_plan),
            vec![office.clone()],
        ),
        (
            "cockpit-province",
            "省级地区驾驶舱 province cockpit",
            format!("/regions/{}/cockpit?year={year}", s.province_region),
            vec![office.clone()],
        ),
        (
            "cockpit-city",
            "市级地区驾驶舱 city cockpit",
            format!("/regions/{}/cockpit?year={year}", s.city_region),
            vec![office.clone()],
        ),
        (
            "workbench",
            "单位工作台 unit workbench",
            "/workbench".to_string(),
            vec![unit.clone()],
        ),
        (
            "ledger",
            "项目台账与历史 item ledger and history",
            format!("/items/{}", s.item),
            vec![office.clone()],
        ),
        (
            "api-plans",
            "API 计划列表（分页）API plans, paged",
            format!("/api/v1/plans?year={year}&limit=50&offset=100"),
            vec![office.clone()],
        ),
        (
            "api-items",
            "API 项目列表 API plan items",
            format!("/api/v1/plans/{}/items", s.county_plan),
            vec![office.clone()],
        ),
    ];
    println!(
        "启动 start-up: {startup:.0} ms · wrk -t{} -c{} -d{}s · today {}\n",
        a.threads, a.connections, a.seconds, a.today
    );
    println!(
        "| 测量 measurement | 请求/秒 req/s | p50 ms | p99 ms | 请求 requests | 错误 errors |\n|---|---:|---:|---:|---:|---:|"
    );
    for (key, name, path, headers) in &pages {
        if !a.wants(key) {
            continue;
        }
        if key.starts_with("cockpit") {
            // The first request after start-up assesses every list of the region (once,
            // however many ask); then the board is kept while no list moves. Both shown.
            let t = Instant::now();
            let code = answered(&addr, path, headers, Duration::from_secs(600));
            println!(
                "| {name}：启动后首次 first request after start-up (HTTP {}) | | | {:.0} | 1 | |",
                code.unwrap_or(0),
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        let r = wrk(&a, &format!("{base}{path}"), headers, None)?;
        println!(
            "| {name} `{path}` | {:.0} | {:.2} | {:.2} | {} | {} |",
            r.rps, r.p50, r.p99, r.requests, r.errors
        );
    }
    if !reqs.is_empty() && a.wants("submissions") {
        let r = wrk(
            &a,
            &format!("{base}/api/v1/items/0/reports"),
            &[],
            script.to_str(),
        )?;
        let ok = r.requests.saturating_sub(r.errors);
        println!(
            "| 并发报送台账 report submissions ({} clients) | {:.0} ok/s | {:.2} | {:.2} | {} | {} |",
            a.connections,
            ok as f64 / a.seconds as f64,
            r.p50,
            r.p99,
            r.requests,
            r.errors
        );
        if ok as usize >= reqs.len() {
            println!(
                "\n注意：{} 个空位已全部用完，可用 --writes 加大 (all {} write slots were used: raise --writes)",
                reqs.len(),
                reqs.len()
            );
        }
    }
    let _ = std::fs::remove_file(&script);
    // The mixed run is the day's traffic; the cockpits, a few screens in an office, are
    // measured on their own (one cold cockpit would hold the run's connections for seconds).
    let reads = pages
        .iter()
        .filter(|(key, ..)| !key.starts_with("cockpit"))
        .map(|(_, name, path, headers)| super::mixed::Read {
            name: format!("{name} `{path}`"),
            path: path.clone(),
            headers: headers.clone(),
        })
        .collect();
    if a.wants("mixed") {
        super::mixed::run(&base, reads, reqs, a.connections, a.seconds).await?;
    }
    println!(
        "\n服务进程内存 server memory: peak RSS {:.0} MB, RSS now {:.0} MB",
        memory_kb(pid, "VmHWM:") as f64 / 1024.0,
        memory_kb(pid, "VmRSS:") as f64 / 1024.0
    );
    drop(server);
    if !a.wants("scheduler") {
        return Ok(());
    }
    // The background scheduler over the whole data set: the first pass schedules and runs
    // every due reminder; the next one finds nothing changed.
    let store = super::open(&a.db).await?;
    let runner = minsheng_web::jobs::Runner::new(
        store.clone(),
        Clock::fixed(a.today),
        minsheng_web::jobs::Outbox {
            base_url: base.clone(),
            ..Default::default()
        },
    );
    for label in ["第一次 first", "第二次 second"] {
        let t = Instant::now();
        let p = runner.pass().await.map_err(|e| e.to_string())?;
        println!(
            "后台任务 {label} pass: {:.1} s ({} reminders scheduled and {} periods closed in {:.1} s, of which lights {:.1} s; {} jobs run in {:.1} s)",
            t.elapsed().as_secs_f64(),
            p.reminders,
            p.closed,
            p.scheduling.as_secs_f64(),
            p.lights.as_secs_f64(),
            p.ran,
            p.running.as_secs_f64()
        );
    }
    store.close().await;
    Ok(())
}

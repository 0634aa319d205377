//! The mixed run of `minsheng bench load`: concurrent clients, each sending nine reads (across
//! every page kind measured alone) for every report submission, with a latency kept per
//! route, as a real day mixes them. wrk cannot split latencies by route, so this client does.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A page read in the mix.
pub struct Read {
    /// What the table calls it.
    pub name: String,
    /// Its path.
    pub path: String,
    /// `Name: value` headers (the session cookie).
    pub headers: Vec<String>,
}

/// One route's results.
#[derive(Default)]
pub struct RouteStats {
    /// Latencies of the answered requests.
    pub latencies: Vec<Duration>,
    /// Requests answered with an error status, or not answered.
    pub errors: u64,
}

impl RouteStats {
    fn quantile(&self, q: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }
}

const WRITE: &str = "并发报送台账 report submissions";

/// Runs `connections` clients for `seconds`; each client's tenth request is a submission
/// (taken from `writes`, each slot once, from the end of the list backwards so that slots
/// the write-only run used come last), the others cycle through `reads`. Prints a table.
pub async fn run(
    base: &str,
    reads: Vec<Read>,
    writes: Vec<(String, String, String)>,
    connections: u32,
    seconds: u64,
) -> Result<(), String> {
    minsheng_web::jobs::install_crypto();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(connections as usize)
        .build()
        .map_err(|e| e.to_string())?;
    let reads = Arc::new(reads);
    let writes = Arc::new(writes);
    let next_write = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..connections as usize {
        let (client, reads, writes, next_write, base) = (
            client.clone(),
            reads.clone(),
            writes.clone(),
            next_write.clone(),
            base.to_string(),
        );
        tasks.push(tokio::spawn(async move {
            let mut stats: BTreeMap<String, RouteStats> = BTreeMap::new();
            let mut i = c;
            while Instant::now() < until {
                i += 1;
                let (name, req) = if i % 10 == 0 {
                    let n = next_write.fetch_add(1, Ordering::Relaxed);
                    let Some((path, token, body)) =
                        writes.len().checked_sub(n + 1).map(|k| &writes[k])
                    else {
                        continue;
                    };
                    (
                        WRITE.to_string(),
                        client
                            .put(format!("{base}{path}"))
                            .header("Authorization", format!("Bearer {token}"))
                            .header("Content-Type", "application/json")
                            .body(body.clone()),
                    )
                } else {
                    let r = &reads[(i + c) % reads.len()];
                    let mut req = client.get(format!("{base}{}", r.path));
                    for h in &r.headers {
                        if let Some((k, v)) = h.split_once(": ") {
                            req = req.header(k, v);
                        }
                    }
                    (r.name.clone(), req)
                };
                let t = Instant::now();
                let ok = match req.send().await {
                    Ok(resp) => {
                        let good = resp.status().is_success() || resp.status().is_redirection();
                        good && resp.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                let s = stats.entry(name).or_default();
                if ok {
                    s.latencies.push(t.elapsed());
                } else {
                    s.errors += 1;
                }
            }
            stats
        }));
    }
    let mut all: BTreeMap<String, RouteStats> = BTreeMap::new();
    for t in tasks {
        for (name, s) in t.await.map_err(|e| e.to_string())? {
            let a = all.entry(name).or_default();
            a.latencies.extend(s.latencies);
            a.errors += s.errors;
        }
    }
    println!(
        "\n混合负载 mixed run: {connections} clients, {seconds} s, 9 reads to 1 submission\n\n\
         | 路由 route | 请求/秒 req/s | p50 ms | p99 ms | 请求 requests | 错误 errors |\n|---|---:|---:|---:|---:|---:|"
    );
    let order: Vec<String> = reads
        .iter()
        .map(|r| r.name.clone())
        .chain([WRITE.to_string()])
        .collect();
    let mut total = 0usize;
    for name in order {
        let Some(s) = all.get_mut(&name) else {
            continue;
        };
        s.latencies.sort_unstable();
        total += s.latencies.len();
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {} |",
            s.latencies.len() as f64 / seconds as f64,
            s.quantile(0.5),
            s.quantile(0.99),
            s.latencies.len(),
            s.errors
        );
    }
    println!(
        "| 合计 all | {:.0} | | | {total} | |",
        total as f64 / seconds as f64
    );
    Ok(())
}

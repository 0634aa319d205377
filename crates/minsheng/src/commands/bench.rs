//! `minsheng bench`: generates a plan of N items in ten categories with three targets each,
//! fills a year of weekly reports, raises a few supervision orders, then times the quarterly
//! bulletin: computing its content, and the page, the DOCX and the XLSX as served (each
//! request computes the draft's content anew). Prints the median, minimum and maximum.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, NaiveDate};
use minsheng_domain::access::UserRole;
use minsheng_domain::supervision::BulletinKind;
use minsheng_domain::{PlanState, UnitId};
use minsheng_store::accounts::{AuthConfig, NewUser};
use minsheng_store::files::FileStore;
use minsheng_store::{ImportOptions, NewOrder, Store};
use minsheng_web::{AppState, Clock};
use std::time::Instant;
use tower::ServiceExt;

const CATEGORIES: [&str; 10] = [
    "教育",
    "养老",
    "医疗卫生",
    "就业",
    "交通出行",
    "城市更新",
    "住房保障",
    "文化体育",
    "生态环境",
    "公共安全",
];

/// A list of `n` items as the CSV a coordinator would upload.
fn list_csv(n: usize) -> String {
    let mut out = String::from("序号,项目名称,建设内容及工作目标,牵头单位,配合单位,完成时限\n");
    let per = n.div_ceil(CATEGORIES.len());
    let mut seq = 0;
    for (c, name) in CATEGORIES.iter().enumerate() {
        out.push_str(&format!(
            "{}、{name}类项目,,,,,\n",
            ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][c]
        ));
        for _ in 0..per {
            if seq == n {
                break;
            }
            seq += 1;
            out.push_str(&format!(
                "{seq},{name}民生项目{seq},新建服务站点{}个，改造提升道路{}.5公里，惠及群众{}人,责任单位{},街道办事处,2025年12月底前\n",
                2 + seq % 9,
                1 + seq % 7,
                100 * (1 + seq % 40),
                seq % 30
            ));
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// Runs the bulletin benchmark.
pub async fn bulletin(
    items: usize,
    weeks: u32,
    runs: usize,
    database_url: Option<String>,
) -> Result<(), String> {
    let dir = tempfile_dir()?;
    let store = Store::open(&dir, database_url.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    let t0 = Instant::now();
    let csv = list_csv(items);
    let list =
        minsheng_importer::parse_bytes(csv.as_bytes(), "bench.csv").map_err(|e| e.to_string())?;
    let summary = store
        .import_plan(
            &list,
            &ImportOptions {
                region: "基准区".into(),
                year: 2025,
                source_name: "bench.csv".into(),
                source_bytes: csv.clone().into_bytes(),
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    let plan = summary.plan_id;
    store
        .set_plan_state(plan, PlanState::Published)
        .await
        .map_err(|e| e.to_string())?;
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let upto = start + Duration::days(weeks as i64 * 7 - 1);
    let reports = store
        .generate_reports(plan, upto, 42)
        .await
        .map_err(|e| e.to_string())?;
    let detail = store
        .plan_detail(plan, None)
        .await
        .map_err(|e| e.to_string())?;
    let targets: usize = detail.items.iter().map(|i| i.targets.len()).sum();
    let now = minsheng_store::Now {
        today: upto - Duration::days(30),
        at: (upto - Duration::days(30))
            .and_hms_opt(9, 0, 0)
            .expect("time")
            .and_utc(),
    };
    for it in detail.items.iter().step_by(20) {
        store
            .issue_order(
                &NewOrder {
                    item: it.item.id,
                    unit: it.lead_units.first().map(|u| u.id).or(Some(UnitId(1))),
                    requirement: "加快推进，按期反馈".into(),
                    deadline: now.today + Duration::days(10),
                    origin: "manual".into(),
                },
                now,
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    println!(
        "生成 (generated): {} 项, {} 个指标, {} 份台账 in {:.1} s ({:?})",
        detail.items.len(),
        targets,
        reports,
        t0.elapsed().as_secs_f64(),
        store.backend()
    );
    // The coordinator's session and a draft quarterly bulletin for the last quarter covered.
    let today = upto + Duration::days(8);
    store
        .create_user(
            &NewUser {
                username: "bench".into(),
                display_name: "bench".into(),
                role: UserRole::Coordinator,
                password: "Bench-pass-1".into(),
                must_change_password: false,
                units: Vec::new(),
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            now.at,
        )
        .await
        .map_err(|e| e.to_string())?;
    let (_, token, _) = store
        .login(
            "bench",
            "Bench-pass-1",
            "127.0.0.1",
            "bench",
            now.at,
            &AuthConfig::default(),
        )
        .await
        .map_err(|e| format!("{e:?}"))?;
    let clock = Clock::fixed(today);
    let id = store
        .create_bulletin(plan, BulletinKind::Quarterly, upto, clock.now())
        .await
        .map_err(|e| e.to_string())?;
    let mut state = AppState::new(store.clone(), FileStore::new(dir.join("files")), clock);
    state.auth.session.idle = Duration::days(400);
    state.auth.session.absolute = Duration::days(400);
    let app = minsheng_web::router(state);
    let get = |path: String| {
        let app = app.clone();
        let cookie = format!("{}={token}", minsheng_web::SESSION_COOKIE);
        async move {
            let req = Request::get(&path)
                .header(header::HOST, "localhost")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request");
            let t = Instant::now();
            let res = app.oneshot(req).await.expect("response");
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .expect("body");
            if status != StatusCode::OK {
                return Err(format!(
                    "{path}: {status} {}",
                    String::from_utf8_lossy(&bytes)
                ));
            }
            Ok((t.elapsed().as_secs_f64() * 1000.0, bytes.len()))
        }
    };
    let (mut content, mut html, mut docx, mut xlsx, mut total) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut sizes = (0, 0, 0);
    let b = store.bulletin(id).await.map_err(|e| e.to_string())?;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let d = store
            .bulletin_content(&b, today)
            .await
            .map_err(|e| e.to_string())?;
        content.push(t.elapsed().as_secs_f64() * 1000.0);
        let (h, hs) = get(format!("/bulletins/{id}")).await?;
        let (w, ws) = get(format!("/bulletins/{id}/docx")).await?;
        let (x, xs) = get(format!("/bulletins/{id}/xlsx")).await?;
        sizes = (hs, ws, xs);
        html.push(h);
        docx.push(w);
        xlsx.push(x);
        total.push(h + w + x);
        if d.items != detail.items.len() {
            return Err("bulletin item count differs from the plan".into());
        }
    }
    println!(
        "季度通报 (quarterly bulletin), {} runs, ms: median (min–max)",
        runs.max(1)
    );
    for (name, v, size) in [
        ("content (compute only)", content, 0),
        ("HTML page", html, sizes.0),
        ("DOCX", docx, sizes.1),
        ("XLSX", xlsx, sizes.2),
        (
            "HTML + DOCX + XLSX",
            total.clone(),
            sizes.0 + sizes.1 + sizes.2,
        ),
    ] {
        let (m, lo, hi) = median(v);
        println!(
            "  {name:<24} {m:>8.0} ({lo:.0}–{hi:.0}){}",
            if size > 0 {
                format!("  {} KiB", size / 1024)
            } else {
                String::new()
            }
        );
    }
    let (m, _, _) = median(total);
    println!(
        "目标 (target) < 2000 ms: {}",
        if m < 2000.0 {
            "达到 (met)"
        } else {
            "未达到 (missed)"
        }
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("minsheng-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// `minsheng bench import`: parses every document in `dir` `runs` times and prints the
/// throughput in bytes and items per second, with the slowest document.
pub fn import(runs: usize, dir: &std::path::Path) -> Result<(), String> {
    let mut docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            std::fs::read(e.path()).ok().map(|b| (name, b))
        })
        .collect();
    docs.sort();
    if docs.is_empty() {
        return Err(format!("{} 中没有文档 (no documents)", dir.display()));
    }
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut items = 0usize;
    let mut slowest = (0.0f64, String::new());
    let started = Instant::now();
    for _ in 0..runs.max(1) {
        for (name, b) in &docs {
            let t = Instant::now();
            if let Ok(list) = minsheng_importer::parse_bytes(b, name) {
                items += list.items.len();
            }
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if ms > slowest.0 {
                slowest = (ms, name.clone());
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = runs.max(1) as f64;
    println!(
        "{} 个文档 × {} 次：{:.1} MB/s，{:.0} 份文档/秒，{:.0} 个项目/秒；最慢 {} {:.1} ms\n\
         ({} documents × {} runs: {:.1} MB/s, {:.0} documents/s, {:.0} items/s; slowest {} {:.1} ms)",
        docs.len(),
        runs,
        bytes as f64 * n / secs / 1e6,
        docs.len() as f64 * n / secs,
        items as f64 / secs,
        slowest.1,
        slowest.0,
        docs.len(),
        runs,
        bytes as f64 * n / secs / 1e6,
        docs.len() as f64 * n / secs,
        items as f64 / secs,
        slowest.1,
        slowest.0
    );
    Ok(())
}

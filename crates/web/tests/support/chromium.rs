//! Real Chromium through chromedriver for the page tests: a server with the demo list, a
//! phone-sized browser, accounts and sign-in helpers.

#![allow(dead_code)]

use fantoccini::{ClientBuilder, Locator};
use minsheng_domain::UnitId;
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::NewUser;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::{AppState, router};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const DEMO: &[u8] = include_bytes!("../../../../demo/示范区2025年民生实事项目清单.txt");

/// chromedriver, started in a process group of its own with the Chromium it starts.
pub struct Driver(Child);

impl Drop for Driver {
    /// Ends chromedriver and every Chromium process it started, whether or not the test
    /// closed its session (killing chromedriver alone left the browser running).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn tools() -> Option<(String, String)> {
    let chromium =
        std::env::var("MINSHENG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let driver =
        std::env::var("MINSHENG_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if Path::new(&chromium).exists() && Path::new(&driver).exists() {
        return Some((chromium, driver));
    }
    if std::env::var("MINSHENG_REQUIRE_BROWSER").is_ok_and(|v| v == "1") || !cfg!(no_browser) {
        // Built with both found (the test is not marked ignored), so it must run.
        panic!(
            "{chromium} or {driver} is missing: they were there when the tests were built, or MINSHENG_REQUIRE_BROWSER=1"
        );
    }
    eprintln!(
        "skipped: browser tests need {chromium} and {driver} (apt-get install chromium chromium-driver)"
    );
    None
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls a script in the page until it returns true (10 s at most).
pub async fn wait_until(c: &fantoccini::Client, script: &str) {
    for _ in 0..100 {
        if c.execute(script, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {script}");
}

/// Opens `url` and waits for its document. WebDriver's navigation can return while the
/// document is not yet readable on a busy machine (seen with 4 browsers on 2 cores: the page
/// source empty, no rows found), so this marks the page it leaves and waits for a new,
/// complete one with a body.
pub async fn visit(c: &fantoccini::Client, url: &str) {
    let _ = c
        .execute("window.__leaving = true; return true", vec![])
        .await;
    c.goto(url).await.unwrap();
    loaded(
        c,
        "!window.__leaving && document.body && document.body.childElementCount > 0",
    )
    .await;
}

/// The loaded page's HTML. WebDriver's page source can come back empty right after a
/// navigation on a busy machine (seen with 4 browsers on 2 cores: the document was complete
/// and 13,581 characters long, the source ""), so this waits for the document and reads it.
pub async fn page_html(c: &fantoccini::Client) -> String {
    for _ in 0..100 {
        let html = c
            .execute(
                "return document.readyState === 'complete' && document.documentElement \
                 ? document.documentElement.outerHTML : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        if !html.is_empty() {
            return html;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the page did not finish loading: {:?}",
        c.current_url().await
    );
}

/// Asserts the page needs no sideways scrolling on the phone, and keeps a screenshot for a
/// person to look at in target/tmp/.
pub async fn fits_phone(c: &fantoccini::Client, png: &str) {
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        fits,
        serde_json::Value::Bool(true),
        "no sideways scrolling on a 390px phone ({png})"
    );
    let shot = c.screenshot().await.unwrap();
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join(png), shot);
}

/// Keeps a screenshot in target/tmp/ for a person to look at; on a phone-sized window also
/// asserts the page needs no sideways scrolling ([`fits_phone`]).
pub async fn looked_at(c: &fantoccini::Client, png: &str, width: u32) {
    if width <= 480 {
        fits_phone(c, png).await;
    } else {
        let shot = c.screenshot().await.unwrap();
        let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join(png), shot);
    }
}

/// Table cells on the current page whose Chinese text (three characters or more) is squeezed
/// narrower than three characters of its font and wraps: what a phone shows as one character
/// per line. Empty when none.
pub async fn narrow_cells(c: &fantoccini::Client) -> Vec<String> {
    let js = r##"
const out = [];
for (const cell of document.querySelectorAll('td, th')) {
  const head = cell.closest('thead');
  if (head && head.getBoundingClientRect().width <= 1) continue;
  const text = cell.textContent.trim();
  if (text.length < 3 || !/[\u4e00-\u9fff]/.test(text)) continue;
  const r = cell.getBoundingClientRect();
  if (r.width === 0) continue;
  const size = parseFloat(getComputedStyle(cell).fontSize);
  if (r.width >= 3 * size - 1) continue;
  // Short text on one line is not squeezed: its lines are what tells.
  const range = document.createRange();
  range.selectNodeContents(cell);
  const lines = new Set(Array.from(range.getClientRects()).map(q => Math.round(q.top))).size;
  if (lines > 1) out.push(Math.round(r.width) + 'px, ' + lines + ' lines: ' + text.slice(0, 20));
}
return out;
"##;
    let v = c.execute(js, vec![]).await.unwrap();
    serde_json::from_value(v).unwrap()
}

/// Text in the current page's visible SVG charts drawn smaller than 11 px (its font size times
/// the scale the chart is drawn at). Empty when none.
pub async fn small_chart_text(c: &fantoccini::Client) -> Vec<String> {
    let js = r##"
const out = [];
for (const t of document.querySelectorAll('svg text')) {
  const svg = t.ownerSVGElement;
  if (!svg || svg.getBoundingClientRect().width === 0) continue;
  const size = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize);
  const px = size * svg.getScreenCTM().a;
  if (px < 11) out.push(px.toFixed(1) + 'px: ' + t.textContent.trim().slice(0, 20));
}
return out;
"##;
    let v = c.execute(js, vec![]).await.unwrap();
    serde_json::from_value(v).unwrap()
}

/// What a screen reader and keyboard user would trip over on the current page: no page
/// language, not exactly one h1, skipped heading levels, form fields without a label, images
/// without alt text, links or buttons with no name, duplicate ids, no skip link. Empty when
/// clean.
pub async fn accessibility_problems(c: &fantoccini::Client) -> Vec<String> {
    let js = r##"
const p = [];
if (!document.documentElement.lang) p.push('no page language');
const h1 = document.querySelectorAll('h1').length;
if (h1 !== 1) p.push(h1 + ' h1 elements');
let last = 1;
for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
  const n = +h.tagName[1];
  if (n > last + 1) p.push('heading skips to ' + h.tagName + ': ' + h.textContent.trim().slice(0, 30));
  last = n;
}
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  if (!((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    p.push('unlabelled ' + el.tagName.toLowerCase() + ' ' + (el.name || el.id));
}
for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) p.push('image without alt: ' + img.src);
for (const a of document.querySelectorAll('a[href], button')) {
  const img = a.querySelector('img[alt]');
  if (!(a.textContent.trim() || a.getAttribute('aria-label') || (img && img.alt.trim())))
    p.push('nameless ' + a.tagName.toLowerCase() + ' ' + (a.getAttribute('href') || a.id));
}
const seen = {};
for (const e of document.querySelectorAll('[id]')) { if (seen[e.id]) p.push('duplicate id ' + e.id); seen[e.id] = 1; }
if (!document.querySelector('a.skip[href="#main"]')) p.push('no skip link');
return p;
"##;
    let v = c.execute(js, vec![]).await.unwrap();
    serde_json::from_value(v).unwrap()
}

/// A server with the demo list on `clock`, and a phone-sized Chromium driving it.
pub struct Session {
    pub base: String,
    pub store: Store,
    pub c: fantoccini::Client,
    _browser: Browser,
    _data: tempfile::TempDir,
}

pub async fn session(
    chromium: &str,
    driver: &str,
    clock: minsheng_web::Clock,
    publish: bool,
) -> Session {
    session_sized(chromium, driver, clock, publish, 390).await
}

/// [`session`] in a window `width` pixels wide: 390 emulates a phone, wider is a desktop.
pub async fn session_sized(
    chromium: &str,
    driver: &str,
    clock: minsheng_web::Clock,
    publish: bool,
    width: u32,
) -> Session {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), None).await.unwrap();
    let list = minsheng_importer::parse_bytes(DEMO, "demo.txt").unwrap();
    let opts = ImportOptions {
        region: "示范区".into(),
        year: 2025,
        source_name: "demo.txt".into(),
        source_bytes: DEMO.to_vec(),
    };
    let summary = store.import_plan(&list, &opts).await.unwrap();
    if publish {
        store
            .set_plan_state(summary.plan_id, minsheng_domain::PlanState::Published)
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(
        store.clone(),
        minsheng_store::files::FileStore::new(data.path().join("files")),
        clock,
    );
    tokio::spawn(async move { axum::serve(listener, router(state)).await });

    let b = browser(chromium, driver, width).await;
    Session {
        base,
        store,
        c: b.c.clone(),
        _browser: b,
        _data: data,
    }
}

/// A Chromium of its own, driven through chromedriver, with a window `width` px wide (a phone
/// at 3× pixels when 480 or less).
pub struct Browser {
    pub c: fantoccini::Client,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// Starts a browser `width` px wide.
pub async fn browser(chromium: &str, driver: &str, width: u32) -> Browser {
    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({
        "binary": chromium,
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 format!("--user-data-dir={}", profile.path().display()),
                 format!("--window-size={width},900")],
    });
    if width <= 480 {
        options["mobileEmulation"] = serde_json::json!({ "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 3.0 } });
    }
    caps.insert("goog:chromeOptions".into(), options);
    let mut client = None;
    for _ in 0..50 {
        let mut b = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        b.capabilities(caps.clone());
        match b.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver did not start");
    Browser {
        c,
        _driver,
        _profile: profile,
    }
}

pub const PASSWORD: &str = "Browser-pass-1";

/// Creates an account straight in the store.
pub async fn account(store: &Store, username: &str, role: UserRole, units: Vec<UnitId>) {
    store
        .create_user(
            &NewUser {
                username: username.into(),
                display_name: username.into(),
                role,
                password: PASSWORD.into(),
                must_change_password: false,
                units,
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
}

/// Signs in through the login form, as a person would.
pub async fn log_in(c: &fantoccini::Client, base: &str, username: &str) {
    if !c.current_url().await.unwrap().path().starts_with("/login") {
        visit(c, &format!("{base}/login")).await;
    }
    c.find(Locator::Css("#username"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("#login button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        c,
        "return location.pathname !== '/login' && document.readyState === 'complete'",
    )
    .await;
}

/// Types `text` into the field `css` selects.
pub async fn type_into(c: &fantoccini::Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs in as `username` as [`log_in`] does; an account whose role must have a second factor
/// sets one up on its first sign-in (the secret kept in `secrets`) and gives the next step's
/// code on its second (the code just used is not taken again; one step of drift is).
pub async fn log_in_with_factor(
    c: &fantoccini::Client,
    base: &str,
    username: &str,
    secrets: &mut std::collections::HashMap<String, minsheng_domain::access::TotpSecret>,
) {
    log_in(c, base, username).await;
    let now = || chrono::Utc::now().timestamp() as u64;
    match c.current_url().await.unwrap().path() {
        "/account/second-factor" => {
            click(c, "#begin-form button").await;
            loaded(c, "!!document.querySelector('#factor-secret')").await;
            let shown = c
                .find(Locator::Css("#factor-secret"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let secret = minsheng_domain::access::TotpSecret::from_base32(&shown.replace(' ', ""))
                .expect("the secret as shown");
            type_into(c, "#confirm-code", &secret.code_at(now())).await;
            click(c, "#confirm-form button").await;
            loaded(c, "!!document.querySelector('#recovery-codes')").await;
            secrets.insert(username.to_string(), secret);
        }
        "/login/second-factor" => {
            let secret = secrets
                .get(username)
                .expect("a second factor set up before");
            type_into(c, "#code", &secret.code_at(now() + 30)).await;
            click(c, "#second-factor button").await;
            loaded(c, "location.pathname !== '/login/second-factor'").await;
        }
        _ => {}
    }
}

/// Signs out with the header's button.
pub async fn log_out(c: &fantoccini::Client) {
    c.find(Locator::Css("#logout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        c,
        "return location.pathname === '/login' && document.readyState === 'complete'",
    )
    .await;
}

/// Clicks the element `css` selects.
pub async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Waits for `condition` (JavaScript) and a loaded document.
pub async fn loaded(c: &fantoccini::Client, condition: &str) {
    wait_until(
        c,
        &format!("return ({condition}) && document.readyState === 'complete'"),
    )
    .await;
}

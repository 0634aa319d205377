//! The pages in a real headless Chromium at phone size, through chromedriver. Without
//! chromium/chromedriver the test says it was skipped and why, unless
//! `MINSHENG_REQUIRE_BROWSER=1` (set by CI), which makes their absence a failure.

use fantoccini::{ClientBuilder, Locator};
use minsheng_domain::UnitId;
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::NewUser;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::{AppState, router};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const DEMO: &[u8] = include_bytes!("../../../demo/示范区2025年民生实事项目清单.txt");

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tools() -> Option<(String, String)> {
    let chromium =
        std::env::var("MINSHENG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let driver =
        std::env::var("MINSHENG_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if Path::new(&chromium).exists() && Path::new(&driver).exists() {
        return Some((chromium, driver));
    }
    if std::env::var("MINSHENG_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("MINSHENG_REQUIRE_BROWSER=1 but {chromium} or {driver} is missing");
    }
    eprintln!(
        "skipped: browser tests need {chromium} and {driver} (apt-get install chromium chromium-driver)"
    );
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls a script in the page until it returns true (10 s at most).
async fn wait_until(c: &fantoccini::Client, script: &str) {
    for _ in 0..100 {
        if c.execute(script, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {script}");
}

/// Asserts the page needs no sideways scrolling on the phone, and keeps a screenshot for a
/// person to look at in target/tmp/.
async fn fits_phone(c: &fantoccini::Client, png: &str) {
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

/// A server with the demo list on `clock`, and a phone-sized Chromium driving it.
struct Session {
    base: String,
    store: Store,
    c: fantoccini::Client,
    _driver: Driver,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

async fn session(
    chromium: &str,
    driver: &str,
    clock: minsheng_web::Clock,
    publish: bool,
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

    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                     format!("--user-data-dir={}", profile.path().display())],
            "mobileEmulation": { "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0 } }
        }),
    );
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
    Session {
        base,
        store,
        c,
        _driver,
        _dirs: (data, profile),
    }
}

const PASSWORD: &str = "Browser-pass-1";

/// Creates an account straight in the store.
async fn account(store: &Store, username: &str, role: UserRole, units: Vec<UnitId>) {
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
                phone: None,
                email: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
}

/// Signs in through the login form, as a person would.
async fn log_in(c: &fantoccini::Client, base: &str, username: &str) {
    if !c.current_url().await.unwrap().path().starts_with("/login") {
        c.goto(&format!("{base}/login")).await.unwrap();
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

/// Signs out with the header's button.
async fn log_out(c: &fantoccini::Client) {
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

#[tokio::test]
async fn plan_page_works_on_a_phone_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let sess = session(&chromium, &driver, minsheng_web::Clock::system(), true).await;
    account(&sess.store, "viewer", UserRole::Viewer, Vec::new()).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());

    c.goto(&format!("{base}/plans/1")).await.unwrap();
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "示范区2025年民生实事项目清单");
    assert_eq!(
        c.find_all(Locator::Css(".card.item")).await.unwrap().len(),
        14
    );
    fits_phone(&c, "plan-phone.png").await;
    let width = c.execute("return window.innerWidth", vec![]).await.unwrap();
    assert_eq!(width, serde_json::json!(390));

    // Filter by a unit, as a user would: pick it and press the button.
    c.find(Locator::Css("select#unit"))
        .await
        .unwrap()
        .select_by_label("燃气集团有限公司")
        .await
        .unwrap();
    c.find(Locator::Css("form.filter button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Wait for the new page, not for an element the old page also has.
    wait_until(
        &c,
        "return location.search.includes('unit=') && document.readyState === 'complete'",
    )
    .await;
    assert_eq!(
        c.find_all(Locator::Css(".card.item")).await.unwrap().len(),
        1
    );
    assert!(c.source().await.unwrap().contains("燃气安全改造"));

    // Follow an item, then switch to English.
    c.find(Locator::Css(".card.item a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // An item's ledger is internal: the visitor is asked to sign in, then taken there.
    wait_until(
        &c,
        "return location.pathname === '/login' && document.readyState === 'complete'",
    )
    .await;
    log_in(&c, &base, "viewer").await;
    wait_until(
        &c,
        "return location.pathname.startsWith('/items/') && document.readyState === 'complete'",
    )
    .await;
    c.find(Locator::Css("a.lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return document.documentElement.lang === 'en' && document.readyState === 'complete'",
    )
    .await;
    let html = c.source().await.unwrap();
    assert!(
        html.contains("Lead units") && html.contains("Back to the list"),
        "English after the switch"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_unit_files_its_weekly_report_and_the_dashboard_light_changes() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    // Wednesday of the tenth week: 17% of the year is expected and nothing is reported.
    let clock = minsheng_web::Clock::fixed("2025-03-05".parse().unwrap());
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    let units = sess.store.units(None).await.unwrap();
    let edu = units.iter().find(|u| u.name == "教育局").unwrap().id;
    account(
        &sess.store,
        "coordinator",
        UserRole::Coordinator,
        Vec::new(),
    )
    .await;
    account(&sess.store, "edu", UserRole::UnitStaff, vec![edu]).await;
    let light = "return document.querySelector('tr[data-item=\"1\"] [data-light]').dataset.light";
    c.goto(&format!("{base}/plans/1/dashboard")).await.unwrap();
    log_in(&c, &base, "coordinator").await;
    assert_eq!(
        c.execute(light, vec![]).await.unwrap(),
        serde_json::json!("yellow")
    );

    log_out(&c).await;

    // The unit signs in and sees only its own items in 我的事项.
    log_in(&c, &base, "edu").await;
    c.goto(&format!("{base}/workbench")).await.unwrap();
    let shown: Vec<String> = {
        let mut v = Vec::new();
        for e in c.find_all(Locator::Css(".work-item")).await.unwrap() {
            v.push(e.attr("data-item").await.unwrap().unwrap());
        }
        v
    };
    let plan = sess
        .store
        .plan_ledger(minsheng_domain::PlanId(1), "2025-03-05".parse().unwrap())
        .await
        .unwrap();
    let own: Vec<String> = plan
        .items_of_unit(edu)
        .map(|i| i.detail.item.id.0.to_string())
        .collect();
    assert!(!own.is_empty() && own.len() < plan.items.len());
    assert_eq!(shown, own, "the workbench lists exactly the unit's items");
    c.goto(&format!("{base}/plans/1/dashboard")).await.unwrap();
    assert!(
        c.source().await.unwrap().contains("无权"),
        "a unit may not open the plan dashboard"
    );
    c.goto(&format!("{base}/workbench")).await.unwrap();
    c.find(Locator::Css(".work-item[data-item=\"1\"] a.fill"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return location.pathname === '/items/1/report' && document.readyState === 'complete'",
    )
    .await;
    let inputs = c
        .find_all(Locator::Css("table.targets-form input"))
        .await
        .unwrap();
    assert!(!inputs.is_empty());
    // A third of each target, typed as a person would.
    for input in &inputs {
        let id = input.attr("id").await.unwrap().unwrap();
        let label = c
            .find(Locator::Css(&format!("label[for='{id}']")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let after = label.rsplit('：').next().unwrap();
        let target: f64 = after
            .split_whitespace()
            .find_map(|w| {
                w.trim_start_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no number in {label}"));
        input.clear().await.unwrap();
        input
            .send_keys(&format!("{}", (target / 3.0).ceil()))
            .await
            .unwrap();
    }
    c.find(Locator::Css("#progress"))
        .await
        .unwrap()
        .send_keys("两所幼儿园主体完工")
        .await
        .unwrap();
    fits_phone(&c, "report-phone.png").await;
    c.find(Locator::Css("#submit-report"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return location.search.includes('saved=submitted') && document.readyState === 'complete'",
    )
    .await;
    assert!(
        c.find(Locator::Css(".period-state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("已报送")
    );

    log_out(&c).await;
    log_in(&c, &base, "coordinator").await;
    c.goto(&format!("{base}/plans/1/dashboard")).await.unwrap();
    assert_eq!(
        c.execute(light, vec![]).await.unwrap(),
        serde_json::json!("green")
    );
    c.goto(&format!("{base}/items/1")).await.unwrap();
    assert!(
        c.source().await.unwrap().contains("两所幼儿园主体完工"),
        "the timeline shows the report"
    );
    c.close().await.unwrap();
}

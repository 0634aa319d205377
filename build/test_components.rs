//! Build script shared by the crates whose tests need outside components. It tells the tests
//! which components this build can reach, so that a test which cannot run is reported by
//! `cargo test` as ignored, with its reason, and never as passed:
//!
//! - `no_postgres` when `MINSHENG_TEST_DATABASE_URL` is not set;
//! - `no_browser` when Chromium and chromedriver are not found (`MINSHENG_CHROMIUM`,
//!   `MINSHENG_CHROMEDRIVER`, or `/usr/bin/chromium` and `/usr/bin/chromedriver`);
//! - `no_openpyxl` when Python cannot import openpyxl (`MINSHENG_PYTHON`, or
//!   `/usr/bin/python3`), the other program that edits report sheets in their tests.
//!
//! Setting or installing one and building again runs the tests that need it.
//!
//! It also watches a crate's `migrations` directory, when it has one: the migrations are
//! embedded (`sqlx::migrate!`), and a migration added must rebuild the crate.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_postgres)");
    println!("cargo::rustc-check-cfg=cfg(no_browser)");
    println!("cargo::rustc-check-cfg=cfg(no_openpyxl)");
    println!("cargo::rerun-if-changed=../../build/test_components.rs");
    if Path::new("migrations").is_dir() {
        println!("cargo::rerun-if-changed=migrations");
    }
    for var in [
        "MINSHENG_TEST_DATABASE_URL",
        "MINSHENG_CHROMIUM",
        "MINSHENG_CHROMEDRIVER",
        "MINSHENG_PYTHON",
    ] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    if std::env::var_os("MINSHENG_TEST_DATABASE_URL").is_none() {
        println!("cargo::rustc-cfg=no_postgres");
    }
    let chromium =
        std::env::var("MINSHENG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let driver =
        std::env::var("MINSHENG_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    for tool in [&chromium, &driver] {
        // Installing or removing a tool changes its directory: look again then.
        if let Some(dir) = Path::new(tool).parent().filter(|d| d.is_dir()) {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
    if !(Path::new(&chromium).exists() && Path::new(&driver).exists()) {
        println!("cargo::rustc-cfg=no_browser");
    }
    let python = std::env::var("MINSHENG_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    if let Some(dir) = Path::new(&python).parent().filter(|d| d.is_dir()) {
        println!("cargo::rerun-if-changed={}", dir.display());
    }
    let openpyxl = std::process::Command::new(&python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !openpyxl {
        println!("cargo::rustc-cfg=no_openpyxl");
    }
}

//! Shared by the web tests: seed list 001 imported into a fresh SQLite store (or a fresh
//! PostgreSQL schema), the router with a clock the test moves, accounts, and request helpers.
//!
//! Who acts: a test picks a user with [`App::act_as`]. Until it does, a request acts as the
//! liaison of the unit its body names (`unit_id` in JSON, `unit` in a form), else as the
//! coordinator, so ledger tests read as the unit or office that would make each request.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use minsheng_domain::access::UserRole;
use minsheng_domain::{ItemId, LeaderId, TargetId, UnitId};
use minsheng_store::accounts::{AuthConfig, NewUser};
use minsheng_store::files::FileStore;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::{AppState, Clock, router};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use tower::ServiceExt;

#[path = "../support/forms.rs"]
mod forms;
#[path = "../support/stores.rs"]
pub mod stores;
pub use forms::urlencode;

pub const SEED: &str = "001_f24cf3da545d42f6.txt";

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct App {
    pub router: axum::Router,
    pub store: Store,
    pub clock: Clock,
    pub _dir: tempfile::TempDir,
    /// Sessions by user name: (cookie value, CSRF token).
    sessions: Mutex<HashMap<String, (String, String)>>,
    /// The user chosen by `act_as`, if any.
    acting: Mutex<Option<String>>,
}

pub const PASSWORD: &str = "Test-pass-1";

/// Sign-in rules for ledger tests, which move the clock by days and weeks: sessions that
/// outlive the simulated year, and no role made to set up a second factor. Tests of the
/// timeouts and of the second factor use [`AuthConfig::default`].
pub fn test_auth() -> AuthConfig {
    let year = chrono::Duration::days(400);
    AuthConfig {
        second_factor: minsheng_domain::access::SecondFactorPolicy::optional(),
        session: minsheng_domain::access::SessionPolicy {
            idle: year,
            absolute: year,
        },
        ..AuthConfig::default()
    }
}

impl App {
    /// Creates (once) an account and returns its user name.
    pub async fn user(
        &self,
        username: &str,
        role: UserRole,
        units: &[UnitId],
        leader: Option<LeaderId>,
        monitors: &[ItemId],
    ) -> String {
        if self.store.user_by_name(username).await.unwrap().is_none() {
            self.store
                .create_user(
                    &NewUser {
                        username: username.into(),
                        display_name: username.into(),
                        role,
                        password: PASSWORD.into(),
                        must_change_password: false,
                        units: units.to_vec(),
                        leader,
                        monitors: monitors.to_vec(),
                        region: None,
                        phone: None,
                        email: None,
                    },
                    self.clock.now().at,
                )
                .await
                .unwrap();
        }
        username.to_string()
    }

    /// The liaison account of a unit.
    pub async fn unit_user(&self, unit: UnitId) -> String {
        self.user(
            &format!("unit{}", unit.0),
            UserRole::UnitStaff,
            &[unit],
            None,
            &[],
        )
        .await
    }

    /// The coordinator account.
    pub async fn coordinator(&self) -> String {
        self.user("coordinator", UserRole::Coordinator, &[], None, &[])
            .await
    }

    /// Acts as `username` from now on (None: back to choosing by the request body).
    pub fn act_as(&self, username: Option<&str>) {
        *self.acting.lock().unwrap() = username.map(str::to_string);
    }

    /// A session of `username` (signed in once through the store, as the login page does).
    pub async fn session_of(&self, username: &str) -> (String, String) {
        if let Some(s) = self.sessions.lock().unwrap().get(username) {
            return s.clone();
        }
        let (_, token, csrf) = self
            .store
            .login(
                username,
                PASSWORD,
                "test",
                "tests",
                self.clock.now().at,
                &test_auth(),
            )
            .await
            .unwrap();
        self.sessions
            .lock()
            .unwrap()
            .insert(username.to_string(), (token.clone(), csrf.clone()));
        (token, csrf)
    }

    /// Forgets cached sessions (after the clock moved past their lifetime).
    pub fn forget_sessions(&self) {
        self.sessions.lock().unwrap().clear();
    }

    async fn who(&self, unit: Option<i64>) -> String {
        if let Some(u) = self.acting.lock().unwrap().clone() {
            return u;
        }
        match unit {
            Some(u) => self.unit_user(UnitId(u)).await,
            None => self.coordinator().await,
        }
    }

    /// Adds the acting user's cookie and CSRF header to a request.
    async fn signed(
        &self,
        req: axum::http::request::Builder,
        unit: Option<i64>,
    ) -> axum::http::request::Builder {
        let who = self.who(unit).await;
        if who == "anonymous" {
            return req;
        }
        let (token, csrf) = self.session_of(&who).await;
        req.header(
            header::COOKIE,
            format!("{}={token}", minsheng_web::SESSION_COOKIE),
        )
        .header("x-csrf-token", csrf)
    }
}

/// Sends a request built by the test, signed as the acting user; the whole response back.
pub async fn send(
    app: &App,
    req: axum::http::request::Builder,
    body: Body,
) -> axum::response::Response {
    let req = app.signed(req, None).await.body(body).unwrap();
    app.router.clone().oneshot(req).await.unwrap()
}

fn unit_in(fields: &[(&str, &str)]) -> Option<i64> {
    fields
        .iter()
        .find(|(k, _)| *k == "unit")
        .and_then(|(_, v)| v.parse().ok())
}

pub async fn call(
    app: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let unit = body.as_ref().and_then(|b| b["unit_id"].as_i64());
    let mut req = app
        .signed(
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::HOST, "localhost"),
            unit,
        )
        .await;
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let res = app
        .router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

pub async fn form(app: &App, uri: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (status, body, _) = form_at(app, uri, fields).await;
    (status, body)
}

/// [`form`], with where a redirect goes.
pub async fn form_at(
    app: &App,
    uri: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = app
        .signed(Request::post(uri), unit_in(fields))
        .await
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let loc = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), loc)
}

pub async fn app() -> Option<App> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    app_on(store, dir).await
}

/// The same application on a fresh PostgreSQL schema, or None (with the reason printed).
pub async fn pg_app(case: &str) -> Option<App> {
    pg_app_with(case, SEED, "济宁高新区").await
}

/// [`pg_app`] with another seed list.
pub async fn pg_app_with(case: &str, seed: &str, region: &str) -> Option<App> {
    let store = stores::postgres(case).await?;
    app_with(store, tempfile::tempdir().unwrap(), seed, region).await
}

/// Runs each test once on SQLite (`sqlite::name`) and once on PostgreSQL (`postgres::name`),
/// each on seed 001 imported into a fresh store; the PostgreSQL run is reported as ignored when
/// this build has no `MINSHENG_TEST_DATABASE_URL`. A test is an `async fn name(app: App)`.
#[allow(unused_macros)]
macro_rules! on_both {
    ($($case:ident),+ $(,)?) => {
        mod sqlite { $(
            #[tokio::test]
            async fn $case() {
                let app = crate::common::app().await.expect("the SQLite test app");
                super::$case(app).await;
            }
        )+ }
        mod postgres { $(
            #[tokio::test]
            #[cfg_attr(no_postgres, ignore = "needs PostgreSQL: set MINSHENG_TEST_DATABASE_URL=postgres://… and build again")]
            async fn $case() {
                if let Some(app) = crate::common::pg_app(stringify!($case)).await {
                    super::$case(app).await;
                }
            }
        )+ }
    };
}
#[allow(unused_imports)]
pub(crate) use on_both;

/// Seed 001 imported into `store`, and the router over it.
pub async fn app_on(store: Store, dir: tempfile::TempDir) -> Option<App> {
    app_with(store, dir, SEED, "济宁高新区").await
}

/// A seed list (2024) imported into `store` for `region`, and the router over it.
pub async fn app_with(
    store: Store,
    dir: tempfile::TempDir,
    name: &str,
    region: &str,
) -> Option<App> {
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/seeds/docs")
        .join(name);
    let bytes = std::fs::read(&seed).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
    let list = minsheng_importer::parse_bytes(&bytes, name).unwrap();
    store
        .import_plan(
            &list,
            &ImportOptions {
                region: region.into(),
                year: 2024,
                source_name: name.into(),
                source_bytes: bytes,
            },
        )
        .await
        .unwrap();
    let clock = Clock::fixed(d("2024-03-06"));
    let router = router(
        AppState::new(
            store.clone(),
            FileStore::new(dir.path().join("files")),
            clock.clone(),
        )
        .with_auth(test_auth()),
    );
    Some(App {
        router,
        store,
        clock,
        _dir: dir,
        sessions: Mutex::new(HashMap::new()),
        acting: Mutex::new(None),
    })
}

pub struct Ids {
    pub school: ItemId,
    pub school_target: TargetId,
    pub enrol: ItemId,
    pub enrol_target: TargetId,
    pub canteen: ItemId,
    pub lead: UnitId,
    pub streets: UnitId,
}

pub async fn ids(app: &App) -> Ids {
    let p = app
        .store
        .plan_detail(minsheng_domain::PlanId(1), None)
        .await
        .unwrap();
    let by_seq = |s: &str| p.items.iter().find(|i| i.item.seq == s).unwrap();
    let units = app.store.units(None).await.unwrap();
    let unit = |n: &str| units.iter().find(|u| u.name == n).unwrap().id;
    Ids {
        school: by_seq("9").item.id,
        school_target: by_seq("9").targets[0].id,
        enrol: by_seq("7").item.id,
        enrol_target: by_seq("7").targets[0].id,
        canteen: by_seq("3").item.id,
        lead: unit("发展软环境保障局"),
        streets: unit("各街道"),
    }
}

/// A unit other than the school item's lead unit and 各街道: one with no part in it.
pub async fn other_unit(app: &App, ids: &Ids) -> UnitId {
    app.store
        .units(None)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.id != ids.lead && u.name != "各街道")
        .unwrap()
        .id
}

pub fn report(
    unit: UnitId,
    period: &str,
    values: &[(TargetId, Value)],
    revision: Option<i64>,
) -> Value {
    json!({
        "unit_id": unit.0, "period_start": period, "revision": revision, "submit": true,
        "values": values.iter().map(|(t, v)| json!({"target_id": t.0, "value": v})).collect::<Vec<_>>(),
        "progress": "主体施工", "investments": [{"source": "local", "planned": 100, "completed": "40", "disbursed": 30}]
    })
}

pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let b = "XBOUNDARYx7";
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (field, name, bytes) in files {
        out.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        out.extend(*bytes);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), out)
}

pub async fn post_form(
    app: &App,
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> (StatusCode, String, Option<String>) {
    let (ct, body) = multipart(fields, files);
    let req = app
        .signed(Request::post(uri), unit_in(fields))
        .await
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let loc = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), loc)
}

pub fn jpeg_with_exif() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(800, 600, image::Rgb([40, 120, 200]));
    let mut jpg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 85)
        .encode_image(&img)
        .unwrap();
    with_exif(&jpg, "2024:03:05 10:21:07")
}

/// `jpg` with an EXIF block saying when it was taken ("YYYY:MM:DD HH:MM:SS").
#[allow(dead_code)]
pub fn with_exif(jpg: &[u8], taken: &str) -> Vec<u8> {
    with_exif_at(jpg, taken, None)
}

/// `jpg` with an EXIF block saying when it was taken ("YYYY:MM:DD HH:MM:SS") and, when
/// given, where (WGS-84 latitude and longitude, north and east), as a phone writes them.
#[allow(dead_code)]
pub fn with_exif_at(jpg: &[u8], taken: &str, at: Option<(f64, f64)>) -> Vec<u8> {
    assert_eq!(taken.len(), 19);
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend(tag.to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(value);
    }
    let (ascii, long, rational) = (2u16, 4u16, 5u16);
    // Offsets: IFD0 at 8 (two entries: 30 bytes), the Exif IFD at 38 (one entry: 18 bytes),
    // its date at 56 (20 bytes), the GPS IFD at 76 (four entries: 54 bytes), then the two
    // coordinates as three rationals each (24 bytes apiece) at 130 and 154.
    let mut tiff: Vec<u8> = b"II*\x00\x08\x00\x00\x00".to_vec();
    let entries: u16 = if at.is_some() { 2 } else { 1 };
    tiff.extend(entries.to_le_bytes());
    entry(&mut tiff, 0x8769, long, 1, 38u32.to_le_bytes());
    if at.is_some() {
        entry(&mut tiff, 0x8825, long, 1, 76u32.to_le_bytes());
    } else {
        tiff.extend([0u8; 12]);
    }
    tiff.extend([0u8; 4]);
    tiff.extend(1u16.to_le_bytes());
    entry(&mut tiff, 0x9003, ascii, 20, 56u32.to_le_bytes());
    tiff.extend([0u8; 4]);
    tiff.extend(taken.as_bytes());
    tiff.push(0);
    if let Some((lat, lon)) = at {
        assert_eq!(tiff.len(), 76);
        tiff.extend(4u16.to_le_bytes());
        entry(&mut tiff, 0x0001, ascii, 2, *b"N\0\0\0");
        entry(&mut tiff, 0x0002, rational, 3, 130u32.to_le_bytes());
        entry(&mut tiff, 0x0003, ascii, 2, *b"E\0\0\0");
        entry(&mut tiff, 0x0004, rational, 3, 154u32.to_le_bytes());
        tiff.extend([0u8; 4]);
        for deg in [lat, lon] {
            let d = deg.trunc();
            let m = ((deg - d) * 60.0).trunc();
            let s = ((deg - d) * 60.0 - m) * 60.0;
            for (num, den) in [
                (d as u32, 1u32),
                (m as u32, 1),
                ((s * 1000.0).round() as u32, 1000),
            ] {
                tiff.extend(num.to_le_bytes());
                tiff.extend(den.to_le_bytes());
            }
        }
    }
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend(&jpg[2..]);
    out
}

/// A photo of a "scene" (blocks of light and shade drawn from `seed`, with a gradient), as a
/// JPEG of `width` px: two seeds give unrelated pictures, one seed at two sizes the same one.
#[allow(dead_code)]
pub fn scene_jpeg(seed: u64, width: u32, quality: u8) -> Vec<u8> {
    let height = width * 3 / 4;
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut blocks = [[0u8; 12]; 9];
    for row in blocks.iter_mut() {
        for b in row.iter_mut() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *b = (state >> 56) as u8;
        }
    }
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let b = blocks[(y * 9 / height) as usize][(x * 12 / width) as usize];
        let g = (x * 40 / width) as u8;
        image::Rgb([b.saturating_add(g), b / 2 + 40, 255 - b])
    });
    let mut jpg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, quality)
        .encode_image(&img)
        .unwrap();
    jpg
}

/// A GET's status and body bytes.
#[allow(dead_code)]
pub async fn get_bytes(app: &App, uri: &str) -> (StatusCode, Vec<u8>) {
    let res = send(
        app,
        Request::get(uri).header(header::HOST, "localhost"),
        Body::empty(),
    )
    .await;
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

#[path = "../support/docx.rs"]
#[allow(dead_code)]
mod docx;
#[allow(unused_imports)]
pub use docx::docx_text;

//! Shared by the ledger's web tests: seed list 001 imported into a fresh SQLite store, the
//! router with a clock the test moves, and small request helpers.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use minsheng_domain::{ItemId, TargetId, UnitId};
use minsheng_store::files::FileStore;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::{AppState, Clock, router};
use serde_json::{Value, json};
use std::path::PathBuf;
use tower::ServiceExt;

pub const SEED: &str = "001_f24cf3da545d42f6.txt";

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct App {
    pub router: axum::Router,
    pub store: Store,
    pub clock: Clock,
    pub _dir: tempfile::TempDir,
}

pub async fn call(
    app: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost");
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
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = Request::post(uri)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn app() -> Option<App> {
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(SEED);
    let Ok(bytes) = std::fs::read(&seed) else {
        eprintln!("skipped: {} is not beside the checkout", seed.display());
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    let list = minsheng_importer::parse_bytes(&bytes, SEED).unwrap();
    store
        .import_plan(
            &list,
            &ImportOptions {
                region: "济宁高新区".into(),
                year: 2024,
                source_name: SEED.into(),
                source_bytes: bytes,
            },
        )
        .await
        .unwrap();
    let clock = Clock::fixed(d("2024-03-06"));
    let router = router(AppState::new(
        store.clone(),
        FileStore::new(dir.path().join("files")),
        clock.clone(),
    ));
    Some(App {
        router,
        store,
        clock,
        _dir: dir,
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
    let req = Request::post(uri)
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
    // An APP1 Exif segment with DateTimeOriginal, inserted after SOI.
    let mut tiff: Vec<u8> = b"II*\x00\x08\x00\x00\x00".to_vec();
    // IFD0: one entry, ExifIFD pointer (0x8769) → offset 26.
    tiff.extend([1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0]);
    // Exif IFD at 26: DateTimeOriginal (0x9003), ASCII, 20 bytes at offset 44.
    tiff.extend([1, 0, 0x03, 0x90, 2, 0, 20, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0]);
    tiff.extend(b"2024:03:05 10:21:07\x00");
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend(&jpg[2..]);
    out
}

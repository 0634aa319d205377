//! Upload → review → correct → save, driven in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use minsheng_domain::access::UserRole;
use minsheng_store::Store;
use minsheng_web::{AppState, router};
use tower::ServiceExt;

#[path = "support/signed.rs"]
mod signed;

const DEMO: &[u8] = include_bytes!("../../../demo/示范区2025年民生实事项目清单.txt");
const BOUNDARY: &str = "----minsheng-test-boundary";

fn multipart(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, Option<String>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        String::from_utf8_lossy(&body).into_owned(),
        location,
    )
}

fn upload(name: &str, bytes: &[u8]) -> Request<Body> {
    Request::post("/import")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::HOST, "localhost")
        .body(Body::from(multipart(name, bytes)))
        .unwrap()
}

fn post_form(uri: &str, pairs: &[(&str, &str)], origin: Option<&str>) -> Request<Body> {
    let body = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut r = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost");
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(body)).unwrap()
}

fn urlencode(s: &str) -> String {
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

async fn app() -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    let r = router(AppState::new(
        store.clone(),
        minsheng_store::files::FileStore::new(dir.path().join("files")),
        minsheng_web::Clock::system(),
    ));
    (signed::as_role(&store, r, UserRole::Coordinator).await, dir)
}

#[tokio::test]
async fn upload_review_correct_and_save() {
    let (app, _d) = app().await;
    let (s, body, _) = send(&app, Request::get("/import").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("enctype=\"multipart/form-data\""));

    let (s, _, location) = send(&app, upload("list.txt", DEMO)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let review = location.unwrap();
    assert_eq!(review, "/import/1");
    let (s, body, _) = send(&app, Request::get(&review).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body.matches("<fieldset class=\"card item").count(), 14);
    assert!(body.contains("value=\"示范区\""), "region prefilled");
    assert!(body.contains("name=\"lead.0\" value=\"教育局\""));

    // Correct item 1's lead units and deadline, drop item 14, then save.
    let (s, _, location) = send(
        &app,
        post_form(
            &review,
            &[
                ("region", "示范区"),
                ("year", "2025"),
                ("lead.0", "教育和体育局、财政局"),
                ("deadline.0", "10月底前"),
                ("delete.13", "1"),
            ],
            Some("http://localhost"),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let plan = location.unwrap();
    let (_, page, _) = send(&app, Request::get(&plan).body(Body::empty()).unwrap()).await;
    assert_eq!(page.matches("class=\"card item\"").count(), 13);
    assert!(page.contains("教育和体育局、财政局"));
    assert!(page.contains("2025-10-31（10月底前）"));
    assert!(!page.contains("政务服务就近办"));
    // The parked upload is gone once saved.
    let (s, _, _) = send(&app, Request::get(&review).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn items_with_doubts_are_highlighted() {
    let (app, _d) = app().await;
    let text = "示范区2025年民生实事清单\n附件\n1. 新建食堂。新建老年食堂5处。（责任单位：民政局）\n2. 修路。改造道路9公里。\n";
    let (_, _, location) = send(&app, upload("list.txt", text.as_bytes())).await;
    let (_, body, _) = send(
        &app,
        Request::get(location.unwrap()).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(body.matches("card item warn").count(), 1);
    assert!(body.contains("没有责任单位"));
}

#[tokio::test]
async fn bad_uploads_and_forms_say_what_is_wrong_and_save_nothing() {
    let (app, _d) = app().await;
    let (s, body, _) = send(&app, upload("empty.txt", b"")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("文件为空"), "{body}");
    let (s, body, _) = send(
        &app,
        upload("old.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains(".docx"));

    let (_, _, location) = send(&app, upload("list.txt", DEMO)).await;
    let review = location.unwrap();
    let (s, body, _) = send(
        &app,
        post_form(&review, &[("region", "示范区"), ("year", "二五年")], None),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("四位年份"));
    // A form posted from another site is refused and the upload stays parked.
    let (s, _, _) = send(
        &app,
        post_form(
            &review,
            &[("region", "示范区"), ("year", "2025")],
            Some("http://evil.example"),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = send(&app, Request::get(&review).body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    let (_, index, _) = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert!(!index.contains("/plans/1"), "nothing saved");
}

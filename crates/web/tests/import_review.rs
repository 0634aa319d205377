//! Upload → review → correct → save, driven in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use minsheng_domain::access::UserRole;

#[path = "support/forms.rs"]
mod forms;
#[path = "support/signed.rs"]
mod signed;
#[macro_use]
#[path = "support/stores.rs"]
mod stores;

use forms::{post_form, send};

const DEMO: &[u8] = include_bytes!("../../../demo/示范区2025年民生实事项目清单.txt");
fn upload(name: &str, bytes: &[u8]) -> Request<Body> {
    forms::upload(&[("file", Some(name), bytes)])
}

async fn app() -> (axum::Router, tempfile::TempDir) {
    let (app, _, dir) = signed::app(UserRole::Coordinator).await;
    (app, dir)
}

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

both_databases!(
    upload_review_correct_and_save,
    items_with_doubts_are_highlighted,
    bad_uploads_and_forms_say_what_is_wrong_and_save_nothing,
);

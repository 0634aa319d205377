//! No dead ends at import, driven in-process: a list the importer is unsure of shows its
//! readings side by side and can be read another way (another reading, item starts marked by
//! hand, table columns mapped by hand); a list can be pasted as text; with no list at all, an
//! empty plan can be started.

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

use forms::{send, upload};

/// A real list (宁夏 2020, as found on a news page) that no segmenter reads with confidence.
const UNSURE: &[u8] = include_bytes!("../../../corpus/real/docs/416_ningxia_ningxia_2020.txt");
fn post_form(uri: &str, pairs: &[(&str, &str)]) -> Request<Body> {
    forms::post_form(uri, pairs, None)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let (s, b, _) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, b)
}

async fn app() -> (axum::Router, tempfile::TempDir) {
    let (app, _, dir) = signed::app(UserRole::Coordinator).await;
    (app, dir)
}

fn items(body: &str) -> usize {
    body.matches("<fieldset class=\"card item").count()
}

async fn an_unsure_reading_shows_the_others_and_another_can_be_taken() {
    let (app, _d) = app().await;
    let (s, _, location) = send(&app, upload(&[("file", Some("ningxia.txt"), UNSURE)])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let review = location.unwrap();
    let (_, body) = get(&app, &review).await;
    assert!(
        body.contains("版式不易确定"),
        "the page says the reading is unsure"
    );
    let forms = body.matches("action=\"/import/1/reading\"").count();
    assert!(forms >= 2, "other readings offered: {forms}");
    let before = items(&body);
    // Take the second reading, as the page lists it.
    let rank = body
        .split("name=\"rank\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let (s, _, location) = send(&app, post_form("/import/1/reading", &[("rank", &rank)])).await;
    assert_eq!(
        (s, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/import/1"))
    );
    let (_, body) = get(&app, &review).await;
    assert!(body.contains("当前读法"));
    assert_ne!(items(&body), before, "another cut of the list");
    // Correct a unit and save: the plan has it.
    let (s, _, plan) = send(
        &app,
        post_form(
            &review,
            &[
                ("region", "宁夏"),
                ("year", "2020"),
                ("lead.0", "自治区人社厅"),
            ],
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = get(&app, &plan.unwrap()).await;
    assert!(page.contains("自治区人社厅"));
}

async fn item_starts_marked_by_hand_cut_the_list() {
    let (app, _d) = app().await;
    let (_, _, location) = send(&app, upload(&[("file", Some("ningxia.txt"), UNSURE)])).await;
    let review = location.unwrap();
    let (s, page) = get(&app, "/import/1/starts").await;
    assert_eq!(s, StatusCode::OK);
    let boxes = page.matches("name=\"start\"").count();
    assert!(boxes > 5, "every paragraph can be ticked: {boxes}");
    // Three items, starting at paragraphs 3, 4 and 5.
    let (s, _, _) = send(
        &app,
        post_form(
            "/import/1/starts",
            &[("start", "3"), ("start", "4"), ("start", "5")],
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, body) = get(&app, &review).await;
    assert_eq!(items(&body), 3);
    assert!(body.contains("手工标记的条目起点"));
    // Nothing ticked: said so, nothing changed.
    let (s, body, _) = send(&app, post_form("/import/1/starts", &[])).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("至少勾选一个段落"));
    let (_, body) = get(&app, &review).await;
    assert_eq!(items(&body), 3);
}

async fn table_columns_mapped_by_hand() {
    let (app, _d) = app().await;
    let table = "序号 | 项目名称 | 建设内容 | 责任单位 | 备注 |\n1 | 老年食堂 | 新建老年食堂5处 | 民政局 | 财政局 |\n2 | 道路改造 | 改造道路9公里 | 交通局 | 城管局 |\n3 | 公厕 | 新建公厕2座 | 城管局 | 各街道 |\n";
    let (_, _, location) = send(
        &app,
        upload(&[("file", Some("table.txt"), table.as_bytes())]),
    )
    .await;
    let review = location.unwrap();
    let (_, body) = get(&app, &review).await;
    assert!(
        body.contains("/import/1/columns"),
        "a table's columns can be mapped"
    );
    let (s, page) = get(&app, "/import/1/columns").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page.matches("<select name=\"col.").count(), 5);
    // The 备注 column holds the co-operating units.
    let (s, _, _) = send(
        &app,
        post_form(
            "/import/1/columns",
            &[
                ("col.0", "seq"),
                ("col.1", "name"),
                ("col.2", "content"),
                ("col.3", "lead"),
                ("col.4", "co"),
            ],
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, body) = get(&app, &review).await;
    assert!(
        body.contains("name=\"co.0\" value=\"财政局\""),
        "mapped column read as co-units"
    );
}

async fn a_pasted_list_is_read_and_an_empty_plan_can_be_started() {
    let (app, _d) = app().await;
    let typed = "新建老年食堂5处 民政局\n改造城市道路9公里 交通局";
    let (s, _, location) = send(
        &app,
        upload(&[("file", Some(""), b""), ("text", None, typed.as_bytes())]),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, body) = get(&app, &location.unwrap()).await;
    assert_eq!(items(&body), 2);
    assert!(body.contains("粘贴的清单.txt"));

    // A page with nothing but furniture has no list: the form says so and offers a plan.
    let (s, body, _) = send(
        &app,
        upload(&[(
            "file",
            Some("page.txt"),
            "发布时间：2024-01-05\n字体：大 中 小\n".as_bytes(),
        )]),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("没有找到民生实事清单"), "{body}");
    assert!(body.contains("action=\"/import/empty\""));
    let (s, _, location) = send(
        &app,
        post_form(
            "/import/empty",
            &[
                ("region", "示范区"),
                ("year", "2026"),
                ("title", "示范区2026年民生实事"),
            ],
        ),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, page) = get(&app, &location.unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("示范区2026年民生实事"));
    // Without a year, nothing is created and the form says what is missing.
    let (s, body, _) = send(
        &app,
        post_form("/import/empty", &[("region", "示范区"), ("year", "")]),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("四位年份"));
}

both_databases!(
    an_unsure_reading_shows_the_others_and_another_can_be_taken,
    item_starts_marked_by_hand_cut_the_list,
    table_columns_mapped_by_hand,
    a_pasted_list_is_read_and_an_empty_plan_can_be_started,
);

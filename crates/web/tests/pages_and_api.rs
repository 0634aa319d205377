//! The router driven in-process against a fresh SQLite store per test.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use minsheng_domain::access::UserRole;
use minsheng_store::{ImportOptions, Store};
use tower::ServiceExt;

#[path = "support/signed.rs"]
mod signed;
#[macro_use]
#[path = "support/stores.rs"]
mod stores;

const DEMO: &[u8] = include_bytes!("../../../demo/示范区2025年民生实事项目清单.txt");

async fn app_with(
    name: &str,
    bytes: &[u8],
    region: &str,
    year: i32,
) -> (axum::Router, Store, tempfile::TempDir) {
    // A viewer reads every page, drafts included.
    let (app, store, dir) = signed::app(UserRole::Viewer).await;
    let list = minsheng_importer::parse_bytes(bytes, name).unwrap();
    let opts = ImportOptions {
        region: region.into(),
        year,
        source_name: name.into(),
        source_bytes: bytes.to_vec(),
    };
    store.import_plan(&list, &opts).await.unwrap();
    (app, store, dir)
}

async fn get(
    app: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, axum::http::HeaderMap) {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

async fn index_lists_plans_by_region_and_year() {
    let (app, _, _d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    let (s, body, _) = get(&app, "/", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("<html lang=\"zh-CN\">"));
    assert!(body.contains("示范区 · 2025"));
    assert!(body.contains("示范区2025年民生实事项目清单"));
    assert!(body.contains("草稿"));
    assert!(body.contains("name=\"viewport\""), "mobile viewport");
}

async fn plan_page_groups_items_by_category_and_filters_by_unit() {
    let (app, store, _d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    let (s, body, _) = get(&app, "/plans/1", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(count(&body, "class=\"card item\""), 14);
    let cats: Vec<usize> = [
        "教育提升",
        "养老托育",
        "城市更新",
        "就业与保障",
        "平安与便民",
    ]
    .iter()
    .map(|c| body.find(&format!("class=\"category\">{c}<")).unwrap())
    .collect();
    assert!(
        cats.windows(2).all(|w| w[0] < w[1]),
        "categories in document order"
    );
    assert!(body.contains("学前教育学位：不少于 900 个"));
    assert!(body.contains("张源"));
    assert!(body.contains("2025-12-31（年底）"));
    assert!(body.contains("示范管发〔2025〕3号"));
    let units = store.units(None).await.unwrap();
    let fire = units.iter().find(|u| u.name == "燃气集团有限公司").unwrap();
    let (_, filtered, _) = get(&app, &format!("/plans/1?unit={}", fire.id), None).await;
    assert_eq!(count(&filtered, "class=\"card item\""), 1);
    assert!(filtered.contains("燃气安全改造"));
    assert!(filtered.contains("1 / 14"));
}

async fn item_page_shows_every_field() {
    let (app, _, _d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    let (s, body, _) = get(&app, "/items/11", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("提高低保标准"));
    assert!(body.contains("每人每月：1050 元/人·月"));
    assert!(body.contains("/plans/1"));
}

async fn english_is_switchable() {
    let (app, _, _d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    let (_, body, _) = get(&app, "/plans/1?lang=en", None).await;
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("Lead units"));
    assert!(body.contains("at least 900"));
    let (s, _, headers) = get(&app, "/lang/en", None).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(
        headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("lang=en")
    );
    let (_, body, _) = get(&app, "/", Some("lang=en")).await;
    assert!(body.contains("Livelihood commitment lists"));
}

async fn bad_and_missing_pages_explain_themselves() {
    let (app, _, _d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    let (s, body, _) = get(&app, "/plans/abc", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("计划编号“abc”不是正整数"));
    // The error page keeps the header of whoever is signed in, not a sign-in link.
    assert!(body.contains(">t-viewer</a>"), "{body}");
    assert!(!body.contains("class=\"login\""));
    let (s, body, _) = get(&app, "/items/0?lang=en", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body.contains("The item id “0” is not a positive whole number"));
    // The same error from a store call, worded in the reader's language.
    let (s, body, _) = get(&app, "/items/999?lang=en", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("<html lang=\"en\">"));
    // Under /api/ the same extractor answers JSON.
    let (s, body, _) = get(&app, "/api/v1/items/x", None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["code"], "bad_request");
    let (s, body, _) = get(&app, "/plans/999", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("未找到"));
    let (s, _, _) = get(&app, "/no/such/page", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn api_serves_plans_items_units_and_json_errors() {
    let (app, store, d) = app_with("demo.txt", DEMO, "示范区", 2025).await;
    // A visitor is told a draft's item is missing in the very words of a missing item, so
    // nothing shows that it exists.
    let visitor = minsheng_web::router(minsheng_web::AppState::new(
        store.clone(),
        minsheng_store::files::FileStore::new(d.path().join("visitor")),
        minsheng_web::Clock::system(),
    ));
    let draft = get(&visitor, "/api/v1/items/2", None).await;
    let missing = get(&visitor, "/api/v1/items/99999", None).await;
    assert_eq!((draft.0, &draft.1), (missing.0, &missing.1));
    assert_eq!(draft.0, StatusCode::NOT_FOUND);
    let (s, body, h) = get(&app, "/api/v1/plans", None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h.get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v[0]["items"], 14);
    assert_eq!(v[0]["plan"]["state"], "draft");
    let (_, body, _) = get(&app, "/api/v1/plans/1/items", None).await;
    let items: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 14);
    assert_eq!(items[0]["targets"][1]["comparator"], "ge");
    assert_eq!(items[0]["lead_units"][0]["name"], "教育局");
    let (_, body, _) = get(&app, "/api/v1/items/2", None).await;
    let item: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(item["item"]["deadline"], "2025-09-30");
    let (_, body, _) = get(&app, "/api/v1/units", None).await;
    let units: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        units
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == "各街道" && u["kind"] == "all_sub_districts")
    );
    for (uri, status, code) in [
        ("/api/v1/plans/999", 404, "not_found"),
        ("/api/v1/plans/x", 400, "bad_request"),
        ("/api/v1/nope", 404, "not_found"),
    ] {
        let (s, body, _) = get(&app, uri, None).await;
        assert_eq!(s.as_u16(), status, "{uri}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["error"]["code"], code, "{uri}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
}

/// The acceptance case: the Jining 2024 notice imports with all 27 items under their categories.
async fn seed_001_imports_with_all_items_under_categories() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/seeds/docs/001_f24cf3da545d42f6.txt"
    );
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (app, _, _d) = app_with("001.txt", &bytes, "济宁高新区", 2024).await;
    let (_, body, _) = get(&app, "/plans/1", None).await;
    assert_eq!(count(&body, "class=\"card item\""), 27);
    assert_eq!(count(&body, "class=\"category\""), 10);
    assert!(body.contains("助老扶老提升改造项目"));
    assert!(body.contains("济高新管发〔2024〕1号"));
}

both_databases!(
    index_lists_plans_by_region_and_year,
    plan_page_groups_items_by_category_and_filters_by_unit,
    item_page_shows_every_field,
    english_is_switchable,
    bad_and_missing_pages_explain_themselves,
    api_serves_plans_items_units_and_json_errors,
    seed_001_imports_with_all_items_under_categories,
);

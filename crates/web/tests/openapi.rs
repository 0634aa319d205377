//! The API's OpenAPI document against the route table: it parses as OpenAPI 3, names every
//! `/api/v1` route the server serves with its method and nothing it does not serve, declares
//! every path parameter, and its page lists every path. A route added without its annotation,
//! or an annotation left after its route, fails here.

mod common;

use axum::http::StatusCode;
use common::*;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_document_matches_the_routes() {
    let app = app().await.expect("the SQLite test app");
    app.act_as(None);
    let (status, doc, text) = call(&app, "GET", "/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{text}"
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    // The page is HTML, not an operation of the API.
    let served: BTreeSet<(String, String)> = minsheng_web::ROUTES
        .iter()
        .filter(|(_, p, _)| p.starts_with("/api/v1/") && *p != "/api/v1/docs")
        .map(|(m, p, _)| (m.to_lowercase(), p.to_string()))
        .collect();
    let mut described = BTreeSet::new();
    let mut operation_ids = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().unwrap() {
            described.insert((method.clone(), path.clone()));
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} has responses"
            );
            assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()));
            if let Some(id) = op["operationId"].as_str() {
                assert!(
                    operation_ids.insert(format!("{method} {id} {path}")),
                    "{id} repeated"
                );
            }
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for name in path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            {
                assert!(
                    declared.contains(name),
                    "{method} {path}: {{{name}}} declared"
                );
            }
        }
    }
    let missing: Vec<_> = served.difference(&described).collect();
    let stale: Vec<_> = described.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "routes not in the document: {missing:?}"
    );
    assert!(stale.is_empty(), "in the document, not served: {stale:?}");
    assert!(served.len() >= 38, "{}", served.len());

    // The page reads the document: every path, served from here.
    let (status, _, page) = call(&app, "GET", "/api/v1/docs", None).await;
    assert_eq!(status, StatusCode::OK);
    for (_, path) in &served {
        assert!(page.contains(path.as_str()), "{path} on the page");
    }
    assert!(!page.contains("https://cdn"), "nothing from elsewhere");
}

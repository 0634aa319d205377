//! The JSON API described: an OpenAPI 3 document generated from the handlers' annotations
//! (`#[utoipa::path]` beside each handler, one `Doc` per feature), served at
//! `/api/v1/openapi.json`, and a page that reads it at `/api/v1/docs` — drawn on the server,
//! with nothing fetched from elsewhere. A test checks the document against the route table,
//! so a route cannot be added or removed without the document following.

use crate::AppState;
use crate::auth::Me;
use crate::i18n::{Lang, Tr};
use askama::Template;
use askama_web::WebTemplate;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The whole document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = crate::api::Doc::openapi();
    doc.merge(crate::ledger::api::doc());
    doc.merge(crate::editor::api::Doc::openapi());
    doc.merge(crate::supervision::api::Doc::openapi());
    doc.merge(Doc::openapi());
    doc.info = utoipa::openapi::InfoBuilder::new()
        .title("民生实事 minsheng API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Plans, items, the ledger, adjustments and supervision of 民生实事. Send an API token \
             (created on /account/tokens) as `Authorization: Bearer …`; a browser session works \
             too, with `X-CSRF-Token` on writes. Errors are `{\"error\": {\"code\", \"message\"}}`; \
             the same access rules as the pages apply.",
        ))
        .build();
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
        "token",
        Vec::<String>::new(),
    )]);
    doc
}

/// The document as JSON, made once.
fn json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| openapi().to_pretty_json().expect("the document serialises"))
}

/// GET /api/v1/openapi.json: this document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    summary = "本文档（OpenAPI 3） / This document (OpenAPI 3)",
    responses((status = 200, description = "OK", body = serde_json::Value)))]
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], json())
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(document))]
struct Doc;

/// One operation as the page lists it.
pub struct Operation {
    method: String,
    path: String,
    summary: String,
    params: Vec<(String, String, String)>,
    body: String,
    ok: String,
}

/// A tag and its operations.
pub struct Group {
    tag: String,
    operations: Vec<Operation>,
}

/// The page of the API reference.
#[derive(Template, WebTemplate)]
#[template(path = "api_docs.html")]
pub struct DocsPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    version: String,
    groups: Vec<Group>,
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// GET /api/v1/docs: the document as a page.
pub async fn page(lang: Lang, me: Me) -> DocsPage {
    let doc: Value = serde_json::from_str(json()).unwrap_or_default();
    let mut groups: Vec<Group> = Vec::new();
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            let tag = op["tags"][0].as_str().unwrap_or("api").to_string();
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| (text(&p["name"]), text(&p["in"]), text(&p["description"])))
                .collect();
            let ok = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, _)| status.clone())
                .collect::<Vec<_>>()
                .join(" · ");
            let o = Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(&op["summary"]),
                params,
                body: text(&op["requestBody"]["description"]).replace('`', ""),
                ok,
            };
            match groups.iter_mut().find(|g| g.tag == tag) {
                Some(g) => g.operations.push(o),
                None => groups.push(Group {
                    tag,
                    operations: vec![o],
                }),
            }
        }
    }
    DocsPage {
        t: lang.tr(),
        lang,
        me,
        version: text(&doc["info"]["version"]),
        groups,
    }
}

/// Routes: the document and its page.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/openapi.json", axum::routing::get(document))
        .route("/docs", axum::routing::get(page))
}

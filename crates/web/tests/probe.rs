//! A probe over the route table: hostile input to every writing route as every role. Nothing
//! may answer 5xx, and nothing non-finite may be stored.

mod common;
#[path = "support/routes.rs"]
mod routes;

use axum::body::Body;
use axum::http::header;
use common::{App, on_both};
use minsheng_domain::access::grants;
use routes::{accounts, as_person, concrete, fixture};
use serde_json::json;
use tower::ServiceExt;

/// Every field name a page's forms use, read from the templates.
fn form_field_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in html.split("name=\"").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && part[name.len()..].starts_with('"') && name != "csrf" {
                names.insert(name);
            }
        }
    }
    names.into_iter().collect()
}

/// Hostile input against every writing route the route table lists, as every role: huge and
/// non-finite numbers, negative ones and overlong text in every field the forms use (and as
/// every key of an API body). Nothing may answer 5xx, and nothing non-finite may be stored.
async fn hostile_input_on_every_route(app: App) {
    let f = fixture(&app).await;
    let people = accounts(&app, &f).await;
    let names = form_field_names();
    assert!(names.len() > 50, "{names:?}");
    // Longer than any text field takes (MAX_TEXT is 5000).
    let long = "长".repeat(6_000);
    let values = ["1e308", "NaN", "-1", "99999999999999999999", long.as_str()];
    let mut routes: Vec<_> = minsheng_web::ROUTES
        .iter()
        .filter(|(m, p, _)| *m != "GET" && *p != "/logout" && *p != "/login")
        .collect();
    routes.sort_by_key(|(_, p, _)| *p);
    let mut wrong = Vec::new();
    let mut sent = 0;
    for (method, pattern, perm) in &routes {
        let uri = concrete(pattern, &f);
        for (role, name) in &people {
            if role.is_none() && !grants(None, *perm) {
                continue;
            }
            for value in values {
                let mut req = as_person(&app, method, &uri, *role, name).await;
                let body = if pattern.starts_with("/api/") {
                    req = req.header(header::CONTENT_TYPE, "application/json");
                    let number: Option<f64> = value.parse().ok().filter(|v: &f64| v.is_finite());
                    let v = match number {
                        Some(n) => json!(n),
                        None => json!(value),
                    };
                    let obj: serde_json::Map<String, serde_json::Value> =
                        names.iter().map(|k| (k.clone(), v.clone())).collect();
                    Body::from(serde_json::Value::Object(obj).to_string())
                } else {
                    req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                    let encoded = common::urlencode(value);
                    Body::from(
                        names
                            .iter()
                            .map(|k| format!("{k}={encoded}"))
                            .collect::<Vec<_>>()
                            .join("&"),
                    )
                };
                let res = app
                    .router
                    .clone()
                    .oneshot(req.body(body).unwrap())
                    .await
                    .unwrap();
                sent += 1;
                if res.status().is_server_error() {
                    wrong.push(format!(
                        "{method} {uri} as {name} with {}: {}",
                        value.chars().take(20).collect::<String>(),
                        res.status()
                    ));
                }
            }
        }
    }
    assert!(sent > 500, "{sent}");
    assert!(
        wrong.is_empty(),
        "{} answered 5xx:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    for item in [f.ids.school, f.ids.enrol] {
        for r in app.store.item_reports(item).await.unwrap() {
            let c = &r.content;
            let numbers = c.values.iter().map(|v| v.value).chain(c.percent).chain(
                c.investments
                    .iter()
                    .flat_map(|i| [i.planned, i.completed, i.disbursed]),
            );
            for n in numbers {
                assert!(
                    n.is_finite() && n <= minsheng_domain::ledger::MAX_QUANTITY,
                    "stored {n}"
                );
            }
        }
    }
}

on_both!(hostile_input_on_every_route,);

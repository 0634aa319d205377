//! Sign-in requests through the router with the default sign-in rules, for the tests of the
//! controls around signing in: the answer read back, a request from a given client address,
//! a bearer-token request, and many requests at once.

#![allow(dead_code)]

use crate::common::{App, urlencode};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use minsheng_store::accounts::AuthConfig;
use minsheng_web::{AppState, router};
use tower::ServiceExt;

/// What came back.
pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub cookie: Option<String>,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

/// Sends a request to a router with the default sign-in rules (the ledger tests' router keeps
/// sessions for a simulated year).
pub async fn send(r: &axum::Router, req: Request<Body>) -> Reply {
    let res = r.clone().oneshot(req).await.unwrap();
    let headers = res.headers().clone();
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(str::to_string);
    Reply {
        status: res.status(),
        location: headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
        cookie,
        body: String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes())
            .into_owned(),
        headers,
    }
}

/// The default sign-in rules, but nobody made to set up a second factor.
pub fn strict(app: &App) -> axum::Router {
    with_rules(
        app,
        AuthConfig {
            second_factor: minsheng_domain::access::SecondFactorPolicy::optional(),
            ..AuthConfig::default()
        },
    )
}

/// The application over `app`'s store with these sign-in rules.
pub fn with_rules(app: &App, rules: AuthConfig) -> axum::Router {
    router(
        AppState::new(
            app.store.clone(),
            minsheng_store::files::FileStore::new(app._dir.path().join("files")),
            app.clock.clone(),
        )
        .with_auth(rules),
    )
}

/// A request with a bearer token, and a JSON body if one is given.
pub fn bearer(method: &str, uri: &str, token: &str, body: Option<String>) -> Request<Body> {
    let b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    match body {
        Some(j) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(j))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// A sign-in from a given client address.
pub fn login_from(ip: &str, user: &str, password: &str, next: &str) -> Request<Body> {
    let mut req = Request::post("/login")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "username={}&password={}&next={}",
            urlencode(user),
            urlencode(password),
            urlencode(next)
        )))
        .unwrap();
    let addr: std::net::SocketAddr = format!("{ip}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

/// Sends requests all at once and returns their statuses.
pub async fn flood(r: &axum::Router, reqs: Vec<Request<Body>>) -> Vec<StatusCode> {
    let tasks: Vec<_> = reqs
        .into_iter()
        .map(|req| {
            let r = r.clone();
            tokio::spawn(async move { r.oneshot(req).await.unwrap().status() })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

pub fn count(statuses: &[StatusCode], s: StatusCode) -> usize {
    statuses.iter().filter(|x| **x == s).count()
}

/// A GET with a session cookie.
pub fn get(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// The CSRF token of a page's first form.
pub fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF field")
        + 19;
    page[at..at + 64].to_string()
}

//! A router that sends every request as one signed-in user (session cookie and CSRF header
//! added), for tests about pages rather than about access.

use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use minsheng_domain::access::UserRole;
use minsheng_store::Store;
use minsheng_store::accounts::{AuthConfig, NewUser};
use minsheng_web::{AppState, router};

/// The whole application on a fresh store (SQLite in a temporary directory, or PostgreSQL in a
/// [`both_databases!`](super::stores) PostgreSQL run), every request acting as a new account of
/// `role`. The directory (evidence files, and the SQLite file) lives as long as the guard.
pub async fn app(role: UserRole) -> (axum::Router, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = super::stores::fresh(dir.path()).await;
    let r = router(
        AppState::new(
            store.clone(),
            minsheng_store::files::FileStore::new(dir.path().join("files")),
            minsheng_web::Clock::system(),
        )
        .with_auth(AuthConfig {
            second_factor: minsheng_domain::access::SecondFactorPolicy::optional(),
            ..AuthConfig::default()
        }),
    );
    (as_role(&store, r, role).await, store, dir)
}

/// Wraps `router` so that requests act as a new account of `role`.
pub async fn as_role(store: &Store, router: axum::Router, role: UserRole) -> axum::Router {
    let now = chrono::Utc::now();
    let name = format!("t-{}", role.code());
    store
        .create_user(
            &NewUser {
                username: name.clone(),
                display_name: name.clone(),
                role,
                password: "Test-pass-1".into(),
                must_change_password: false,
                units: Vec::new(),
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            now,
        )
        .await
        .unwrap();
    let (_, token, csrf) = store
        .login(
            &name,
            "Test-pass-1",
            "test",
            "tests",
            now,
            &AuthConfig::default(),
        )
        .await
        .unwrap();
    router.layer(axum::middleware::map_request(
        move |mut req: Request<Body>| {
            let session = format!("{}={token}", minsheng_web::SESSION_COOKIE);
            let cookie = match req
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
            {
                Some(c) => format!("{c}; {session}"),
                None => session,
            };
            let h = req.headers_mut();
            h.insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
            h.insert("x-csrf-token", HeaderValue::from_str(&csrf).unwrap());
            async move { req }
        },
    ))
}

//! The HTTP layer: server-rendered pages (Chinese first, English switchable) and the
//! `/api/v1` JSON API. One module per feature, each with its own `router()`.

mod access;
mod admin;
mod api;
pub mod api_doc;
mod auth;
mod bulletins;
mod cache;
mod civic;
mod clock;
mod cookies;
mod editor;
mod error;
mod failure;
mod forms;
mod guard;
mod headers;
mod home;
mod i18n;
mod ids;
mod imports;
pub mod jobs;
mod lang;
mod ledger;
mod meetings;
mod plans;
mod public;
pub mod sms;
mod supervision;
mod view;
pub mod workapps;

pub use access::{ROUTES, Route};
pub use auth::SESSION_COOKIE;
pub use clock::Clock;
pub use error::AppError;
pub use i18n::Lang;

use axum::Router;
use minsheng_store::Store;
use minsheng_store::accounts::AuthConfig;
use minsheng_store::files::FileStore;
use std::net::SocketAddr;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Evidence files on disk.
    pub files: FileStore,
    /// Today, for the ledger's rules.
    pub clock: Clock,
    /// Sign-in rules: session timeouts, lockout, rate limit.
    pub auth: AuthConfig,
    /// Mark the session cookie `Secure` (the server is reached over HTTPS).
    pub secure_cookies: bool,
    /// Believe `X-Forwarded-Proto` from a reverse proxy in front.
    pub trust_proxy: bool,
    /// The address citizens reach the site at (`https://ms.example.gov.cn`), for QR codes;
    /// empty: the address each request came to.
    pub public_url: String,
    /// The tile server of the public map; none: sites are listed without a map.
    pub map_tiles: Option<MapTiles>,
    /// Rendered public pages, checked against the data version.
    pub(crate) pages: cache::PageCache,
    /// Region cockpits' boards, checked against the versions of the lists they show.
    pub(crate) boards: cache::Kept<ledger::cockpit::RegionBoard>,
    /// Where verification codes go by SMS; none: no campaign can ask for verified numbers.
    pub sms: Option<std::sync::Arc<sms::Sms>>,
    /// The key verified numbers are kept under (read from the files directory on first use).
    phone_key: std::sync::Arc<std::sync::OnceLock<minsheng_store::PhoneKey>>,
}

/// A tile server for the public map: an XYZ (or 天地图 WMTS) URL with `{z}`, `{x}`, `{y}` and
/// optionally `{s}` (one of 0–7, for servers spread over several host names), and the credit
/// the provider requires under the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapTiles {
    template: String,
    /// Shown under the map (审图号 and the provider's name).
    pub attribution: String,
    /// The template's scheme and host, for the page's Content-Security-Policy.
    pub origin: String,
}

impl MapTiles {
    /// Checks a template: http(s), and `{z}`, `{x}` and `{y}` present.
    pub fn new(template: &str, attribution: &str) -> Result<MapTiles, String> {
        let t = template.trim();
        let rest = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"))
            .ok_or(
                "地图瓦片地址须以 http:// 或 https:// 开头 (the tile URL must be http or https)",
            )?;
        if !["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p)) {
            return Err(
                "地图瓦片地址须包含 {z}、{x}、{y} (the tile URL needs {z}, {x} and {y})".into(),
            );
        }
        let host = rest.split(['/', '?']).next().unwrap_or("");
        let scheme = &t[..t.len() - rest.len()];
        // A `{s}` host becomes a wildcard: t{s}.tianditu.gov.cn → *.tianditu.gov.cn.
        let host = match host.split_once('.') {
            Some((first, domain)) if first.contains("{s}") => format!("*.{domain}"),
            _ => host.to_string(),
        };
        if host.is_empty() || host.contains(['{', '}', ' ']) {
            return Err("地图瓦片地址的主机名无效 (bad host in the tile URL)".into());
        }
        Ok(MapTiles {
            template: t.to_string(),
            attribution: attribution.trim().to_string(),
            origin: format!("{scheme}{host}"),
        })
    }

    /// The address of one tile.
    pub fn url(&self, z: u8, x: u32, y: u32) -> String {
        self.template
            .replace("{s}", &((x + y) % 8).to_string())
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
    }
}

impl AppState {
    /// State over a store, a file directory and a clock.
    pub fn new(store: Store, files: FileStore, clock: Clock) -> AppState {
        AppState {
            store,
            files,
            clock,
            auth: AuthConfig::default(),
            secure_cookies: false,
            trust_proxy: false,
            public_url: String::new(),
            map_tiles: None,
            pages: cache::PageCache::default(),
            boards: cache::Kept::default(),
            sms: None,
            phone_key: std::sync::Arc::default(),
        }
    }

    /// The same state sending verification codes through `sms`.
    pub fn with_sms(mut self, sms: Option<sms::Sms>) -> AppState {
        self.sms = sms.map(std::sync::Arc::new);
        self
    }

    /// The key verified numbers are kept under: `.phone-key` in the files directory, made on
    /// first use.
    pub(crate) fn phone_key(&self) -> Result<&minsheng_store::PhoneKey, error::AppError> {
        if let Some(k) = self.phone_key.get() {
            return Ok(k);
        }
        let key = minsheng_store::PhoneKey::load_or_create(self.files.root())
            .map_err(|e| error::AppError::internal(&e))?;
        Ok(self.phone_key.get_or_init(|| key))
    }

    /// The HTTP client for SMS platforms: 10-second timeout, no redirects followed.
    pub(crate) fn sms_http() -> &'static reqwest::Client {
        static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
        HTTP.get_or_init(|| {
            jobs::install_crypto();
            reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default()
        })
    }

    /// The scheme the client used: `https` when a trusted proxy says so, else `http`.
    pub fn scheme(&self, headers: &axum::http::HeaderMap) -> &'static str {
        let https = self.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p == "https");
        if https { "https" } else { "http" }
    }

    /// The same state with other sign-in rules.
    pub fn with_auth(mut self, auth: AuthConfig) -> AppState {
        self.auth = auth;
        self
    }
}

/// Largest request body accepted: an upload a little over the importer's 32 MiB limit, so the
/// importer, not the transport, says what is wrong.
pub(crate) const BODY_LIMIT: usize = 40 << 20;

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(plans::router())
        .merge(imports::router())
        .merge(lang::router())
        .merge(auth::router())
        .merge(admin::router())
        .merge(ledger::router())
        .merge(supervision::router())
        .merge(home::router())
        .merge(bulletins::router())
        .merge(meetings::router())
        .merge(public::router())
        .merge(civic::router())
        .merge(editor::router())
        .nest(
            "/api/v1",
            api::router()
                .merge(ledger::api::router())
                .merge(editor::api::router())
                .merge(supervision::api::router())
                .merge(api_doc::router()),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .fallback(failure::not_found)
        .layer(axum::middleware::from_fn(headers::secure))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the application on a bound listener until Ctrl-C or, on Unix, SIGTERM (what a
/// service manager or a container runtime sends to stop it); requests under way finish.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop_signal())
    .await
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

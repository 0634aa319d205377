//! The public map of a plan's sites (点位), drawn on the server: tiles from the configured
//! server as images and the sites as numbered pins placed by percentage, so the map needs no
//! script and scales with the phone's width. With no tile server configured, or no site with
//! coordinates, the sites are listed only.

use crate::AppState;
use crate::auth::Me;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::ids::Id;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use minsheng_domain::geo::{MapView, TILE};
use minsheng_domain::{PlanId, PlanState};

/// Map size in CSS pixels at 100 %; it shrinks with the screen, keeping its 3:2 shape.
const WIDTH: f64 = 768.0;
const HEIGHT: f64 = 512.0;
/// Street level; closer zooms add nothing for a county's sites.
const MAX_ZOOM: u8 = 17;

/// A tile image: its address and its box in percent of the map.
pub struct TileImg {
    src: String,
    left: String,
    top: String,
    size: String,
    size_y: String,
}

/// A site in the list, with its pin when it is on the map.
pub struct SiteRow {
    n: usize,
    name: String,
    address: String,
    item_id: i64,
    item: String,
    coords: String,
    /// Left and top in percent.
    pin: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "public_map.html")]
struct MapPage {
    t: &'static Tr,
    lang: Lang,
    me: Me,
    plan_id: i64,
    plan_title: String,
    tiles: Vec<TileImg>,
    attribution: String,
    sites: Vec<SiteRow>,
    /// A tile server is configured.
    configured: bool,
}

fn pct(v: f64) -> String {
    format!("{:.3}%", v * 100.0)
}

/// GET /public/plans/{id}/map.
pub async fn page(
    State(s): State<AppState>,
    lang: Lang,
    me: Me,
    Id(id): Id<PlanId>,
) -> Result<Response, AppError> {
    let detail = s.store.plan_detail(id, None).await?;
    if detail.plan.state == PlanState::Draft {
        return Err(AppError::NotFound("计划 (plan)"));
    }
    let sites = s.store.plan_sites(id).await?;
    let points: Vec<(f64, f64)> = sites
        .iter()
        .filter_map(|x| Some((x.lat?, x.lon?)))
        .collect();
    let view = s
        .map_tiles
        .as_ref()
        .and_then(|_| MapView::fit(&points, WIDTH, HEIGHT, MAX_ZOOM));
    let tiles = match (&s.map_tiles, &view) {
        (Some(m), Some(v)) => v
            .tiles()
            .into_iter()
            .map(|t| TileImg {
                src: m.url(t.z, t.x, t.y),
                left: pct(t.left / WIDTH),
                top: pct(t.top / HEIGHT),
                size: pct(TILE / WIDTH),
                size_y: pct(TILE / HEIGHT),
            })
            .collect(),
        _ => Vec::new(),
    };
    let title = |item: minsheng_domain::ItemId| {
        detail
            .items
            .iter()
            .find(|i| i.item.id == item)
            .map(|i| format!("{} {}", i.item.seq, i.item.display_title()))
            .unwrap_or_default()
    };
    let rows = sites
        .iter()
        .enumerate()
        .map(|(k, x)| {
            let at = x.lat.zip(x.lon);
            SiteRow {
                n: k + 1,
                name: x.name.clone(),
                address: x.address.clone().unwrap_or_default(),
                item_id: x.item_id.0,
                item: title(x.item_id),
                coords: at
                    .map(|(a, b)| format!("{a:.5}, {b:.5}"))
                    .unwrap_or_default(),
                pin: view.zip(at).map(|(v, (a, b))| {
                    let (fx, fy) = v.place(a, b);
                    (pct(fx), pct(fy))
                }),
            }
        })
        .collect();
    let page = MapPage {
        t: lang.tr(),
        lang,
        me,
        plan_id: id.0,
        plan_title: detail.plan.title.clone(),
        configured: s.map_tiles.is_some(),
        attribution: s
            .map_tiles
            .as_ref()
            .map(|m| m.attribution.clone())
            .unwrap_or_default(),
        tiles,
        sites: rows,
    };
    let html = page.render().map_err(|e| AppError::internal(&e))?;
    let mut res = axum::response::Html(html).into_response();
    // The tiles come from the map server: its origin joins the images this page may load.
    let csp = match &s.map_tiles {
        Some(m) => crate::headers::policy_with_images_from(&m.origin),
        None => String::new(),
    };
    if let Ok(v) = HeaderValue::from_str(&csp)
        && !csp.is_empty()
    {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(res)
}

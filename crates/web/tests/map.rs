//! The public map: without a tile server the sites are listed; with one, tiles come from its
//! template, pins sit where the sites are, and the page's policy admits that server's images
//! and no other. Drafts have no map.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, PlanState};
use minsheng_web::{AppState, MapTiles, router};

async fn get(app: &App, uri: &str) -> (StatusCode, String, String) {
    let res = send(
        app,
        Request::get(uri).header(header::HOST, "localhost"),
        Body::empty(),
    )
    .await;
    let st = res.status();
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    (st, String::from_utf8_lossy(&body).into_owned(), csp)
}

/// The left and top percentages of every pin on the page.
fn pins(page: &str) -> Vec<(f64, f64)> {
    page.split("class=\"pin\"")
        .skip(1)
        .map(|rest| {
            let style = rest
                .split("style=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let num = |key: &str| -> f64 {
                style
                    .split(key)
                    .nth(1)
                    .unwrap()
                    .split('%')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            (num("left:"), num("top:"))
        })
        .collect()
}

async fn sites_on_a_map_only_when_a_tile_server_is_set(mut app: App) {
    let ids = ids(&app).await;
    app.act_as(Some("anonymous"));
    assert_eq!(
        get(&app, "/public/plans/1/map").await.0,
        StatusCode::NOT_FOUND
    );
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    app.act_as(None);
    let site = format!("/items/{}/sites", ids.school.0);
    for f in [
        vec![
            ("name", "北湖幼儿园"),
            ("lat", "35.4154"),
            ("lon", "116.5872"),
        ],
        vec![
            ("name", "柳行幼儿园"),
            ("lat", "35.3880"),
            ("lon", "116.6400"),
        ],
        vec![("name", "待定点位")],
    ] {
        assert_eq!(form(&app, &site, &f).await.0, StatusCode::SEE_OTHER);
    }
    app.act_as(Some("anonymous"));
    // No tile server: a list, no images from anywhere, the site-wide policy.
    let (st, page, csp) = get(&app, "/public/plans/1/map").await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("id=\"no-map\"") && !page.contains("class=\"tile\""));
    assert!(
        page.contains("北湖幼儿园")
            && page.contains("待定点位")
            && page.contains("35.41540, 116.58720")
    );
    assert!(csp.contains("img-src 'self' data:;"), "{csp}");

    // 天地图's WMTS template with {s}.
    let tiles = MapTiles::new(
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY",
        "审图号：GS(2024)0568号 · 天地图",
    )
    .unwrap();
    let mut state = AppState::new(
        app.store.clone(),
        minsheng_store::files::FileStore::new(app._dir.path().join("files")),
        app.clock.clone(),
    )
    .with_auth(test_auth());
    state.map_tiles = Some(tiles);
    app.router = router(state);
    let (st, page, csp) = get(&app, "/public/plans/1/map").await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        csp.contains("img-src 'self' data: https://*.tianditu.gov.cn;"),
        "{csp}"
    );
    // Zoom 13 fits the two sites (6 km apart) in 768×512; 4×3 tiles cover it.
    let tiles: Vec<&str> = page
        .split("class=\"tile\" src=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(tiles.len(), 12, "{page}");
    assert!(
        tiles
            .iter()
            .all(|t| t.starts_with("https://t") && t.contains("TILEMATRIX=13&")),
        "{tiles:?}"
    );
    assert!(
        tiles.iter().any(|t| t.contains("TILECOL=6749")),
        "{tiles:?}"
    );
    assert!(page.contains("审图号：GS(2024)0568号"));
    // Two pins (the third site has no coordinates), inside the map, west one left of east.
    let p = pins(&page);
    assert_eq!(p.len(), 2, "{page}");
    assert!(
        p.iter()
            .all(|&(x, y)| (5.0..95.0).contains(&x) && (5.0..95.0).contains(&y))
    );
    assert!(p[0].0 < p[1].0 && p[0].1 < p[1].1, "{p:?}");
    // Bad templates are refused with the reason.
    for bad in [
        "ftp://tiles.example/{z}/{x}/{y}.png",
        "https://tiles.example/{z}/{x}.png",
        "https://{z}/{x}/{y}",
    ] {
        assert!(MapTiles::new(bad, "").is_err(), "{bad}");
    }
}

on_both!(sites_on_a_map_only_when_a_tile_server_is_set,);

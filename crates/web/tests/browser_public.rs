//! A citizen scans an item's 民生码 and reads the item on a phone in Chromium: the address in
//! the QR code is read back from the PNG and opened without signing in.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;

#[tokio::test]
async fn a_citizen_opens_an_item_from_its_qr_code_on_a_phone() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let clock = minsheng_web::Clock::fixed("2025-03-05".parse().unwrap());
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    // The office has locked the week of 02-24, so its figures are public.
    let now = minsheng_store::Now {
        today: "2025-03-05".parse().unwrap(),
        at: chrono::Utc::now(),
    };
    sess.store
        .lock_period(
            minsheng_domain::PlanId(1),
            "2025-02-24".parse().unwrap(),
            now,
        )
        .await
        .unwrap();
    // What a phone's camera would read off the printed poster.
    let png = plain_get(&format!("{base}/public/items/1/qr.png")).await;
    let img = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let (_, url) = prepared.detect_grids()[0].decode().unwrap();
    assert_eq!(url, format!("{base}/public/items/1"));

    c.goto(&url).await.unwrap();
    wait_until(&c, "return document.readyState === 'complete'").await;
    assert!(
        c.current_url().await.unwrap().path() == "/public/items/1",
        "no sign-in asked"
    );
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.contains("幼儿园"), "{h1}");
    let as_of = c
        .find(Locator::Css("#as-of"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(as_of, "2025-03-02");
    fits_phone(&c, "public-item-phone.png").await;
    // Larger text for older readers: the page still fits at 150 % zoom.
    c.execute("document.body.style.zoom = '1.5'; return true", vec![])
        .await
        .unwrap();
    fits_phone(&c, "public-item-phone-large.png").await;
    c.close().await.unwrap();
}

/// A plain HTTP GET over a TCP socket (the test server speaks HTTP/1.1), returning the body.
async fn plain_get(url: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut sock = tokio::net::TcpStream::connect(host).await.unwrap();
    sock.write_all(
        format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut all = Vec::new();
    sock.read_to_end(&mut all).await.unwrap();
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let head = String::from_utf8_lossy(&all[..split]).to_string();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    all[split..].to_vec()
}

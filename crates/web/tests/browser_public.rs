//! A citizen scans an item's 民生码 and reads the item on a phone in Chromium: the address in
//! the QR code is read back from the PNG and opened without signing in.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
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

    visit(&c, &url).await;
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

/// The body's visible text.
async fn text(c: &fantoccini::Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Every public page a citizen meets passes the screen-reader checks, and still fits the
/// phone with the text at twice its size (the 适老化 resize-text requirement).
async fn readable(c: &fantoccini::Client, what: &str) {
    let problems = accessibility_problems(c).await;
    assert!(problems.is_empty(), "{what}: {problems:?}");
    c.execute(
        "document.documentElement.style.fontSize = '200%'; return true",
        vec![],
    )
    .await
    .unwrap();
    fits_phone(c, &format!("{what}-large-text.png")).await;
    c.execute(
        "document.documentElement.style.fontSize = ''; return true",
        vec![],
    )
    .await
    .unwrap();
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_citizen_rates_and_comments_and_a_deputy_votes_on_a_phone() {
    use minsheng_domain::access::UserRole;
    use minsheng_store::{NewProposal, ProposalState};
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let clock = minsheng_web::Clock::fixed("2025-03-05".parse().unwrap());
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c, s) = (sess.base.clone(), sess.c.clone(), sess.store.clone());
    let at = |d: &str| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
    };
    let now = chrono::Utc::now();
    let plan = minsheng_domain::PlanId(1);
    let campaign = s
        .create_campaign(
            plan,
            "2025年度满意度测评",
            (at("2025-03-01"), at("2025-03-31")),
            false,
            now,
        )
        .await
        .unwrap();
    // Three screened proposals on a ballot choosing two.
    let region = s.regions().await.unwrap()[0].id;
    let mut candidates = Vec::new();
    for t in ["增设新能源汽车充电桩", "改造老旧供水管网", "新建口袋公园"] {
        let code = s
            .leave_proposal(
                &NewProposal {
                    region: Some(region),
                    year: 2026,
                    title: t.into(),
                    content: format!("{t}，方便周边居民"),
                    client: minsheng_store::Client {
                        address: format!("client-{t}"),
                        agent: String::new(),
                    },
                    ..NewProposal::default()
                },
                // Gathered in 2025 for the 2026 list.
                at("2025-02-20"),
            )
            .await
            .unwrap();
        let p = s.proposal_by_code(&code).await.unwrap();
        s.screen_proposal(p.id, ProposalState::Candidate, "", "", "", now)
            .await
            .unwrap();
        candidates.push(p.id);
    }
    let ballot = s
        .create_ballot(
            region,
            2026,
            "2026年民生实事项目代表票决",
            2,
            &candidates,
            (at("2025-03-01"), at("2025-03-10")),
            now,
        )
        .await
        .unwrap();
    account(&s, "office", UserRole::Coordinator, Vec::new()).await;
    account(&s, "deputy1", UserRole::Deputy, Vec::new()).await;

    // The citizen scans the poster and reads the item on the phone.
    let png = plain_get(&format!("{base}/public/items/1/qr.png")).await;
    let img = image::load_from_memory(&png).unwrap().to_luma8();
    let (_, url) = rqrr::PreparedImage::prepare(img).detect_grids()[0]
        .decode()
        .unwrap();
    visit(&c, &url).await;
    loaded(&c, "document.querySelector('#rate') !== null").await;
    readable(&c, "public-item").await;
    // Rates it 满意.
    click(&c, "#rate button[value=satisfied]").await;
    loaded(&c, "document.querySelector('#rated') !== null").await;
    let results = s.campaign_results(campaign).await.unwrap();
    let item1 = results.iter().find(|r| r.item_id == 1).unwrap();
    assert_eq!(item1.citizens.satisfied, 1);
    assert_eq!(
        results
            .iter()
            .map(|r| r.all.satisfied + r.all.basic + r.all.unsatisfied)
            .sum::<u32>(),
        1
    );
    // A second rating of the same item from the same phone is refused and not counted.
    click(&c, "#rate button[value=basic]").await;
    loaded(&c, "document.body.innerText.includes('只能评价一次')").await;
    let results = s.campaign_results(campaign).await.unwrap();
    assert_eq!(results.iter().map(|r| r.all.basic).sum::<u32>(), 0);
    // Leaves a comment: received, not shown until moderated.
    let comment = "幼儿园门口早晚接送时段能否增设交通协管员？";
    visit(&c, &url).await;
    loaded(&c, "document.querySelector('#f-body') !== null").await;
    c.find(Locator::Css("#f-body"))
        .await
        .unwrap()
        .send_keys(comment)
        .await
        .unwrap();
    click(&c, "#leave-feedback button[type=submit]").await;
    loaded(&c, "document.querySelector('#sent') !== null").await;
    assert!(!text(&c).await.contains(comment), "shown before moderation");

    // The office approves it.
    log_in(&c, &base, "office").await;
    visit(&c, &format!("{base}/feedback")).await;
    loaded(
        &c,
        "document.querySelector('button[value=approve]') !== null",
    )
    .await;
    assert!(text(&c).await.contains(comment));
    click(&c, "button[value=approve]").await;
    // The queue reloads without it.
    loaded(
        &c,
        "document.querySelector('button[value=approve]') === null",
    )
    .await;
    log_out(&c).await;
    // Now the public sees it, as text.
    visit(&c, &url).await;
    loaded(&c, "document.querySelector('.public-feedback') !== null").await;
    let shown = c
        .find(Locator::Css(".public-feedback"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(shown.contains(comment), "{shown}");

    // The other public pages pass the same checks.
    for (path, name) in [
        ("/", "home"),
        ("/plans/1", "plan"),
        ("/public/proposals", "proposal-form"),
        ("/public/plans/1/map", "map"),
    ] {
        visit(&c, &format!("{base}{path}")).await;
        loaded(&c, "true").await;
        readable(&c, name).await;
    }

    // The checks do catch what they look for.
    c.execute(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input name=nolabel><img src=/x.png><h4>深</h4>'); return true",
        vec![],
    )
    .await
    .unwrap();
    let caught = accessibility_problems(&c).await;
    assert_eq!(caught.len(), 3, "{caught:?}");

    // A deputy votes for two candidates on the phone, once.
    log_in(&c, &base, "deputy1").await;
    visit(&c, &format!("{base}/ballots/{ballot}")).await;
    loaded(&c, "document.querySelector('#vote') !== null").await;
    readable(&c, "ballot").await;
    for id in &candidates[..2] {
        click(&c, &format!("input[name=choice][value='{id}']")).await;
    }
    click(&c, "#cast").await;
    loaded(&c, "document.querySelector('#voted') !== null").await;
    assert!(
        c.find(Locator::Css("#vote")).await.is_err(),
        "no second ballot"
    );
    let (_, totals) = s.ballot(ballot).await.unwrap();
    let votes: Vec<i64> = totals.iter().map(|c| c.votes).collect();
    assert_eq!(votes, vec![1, 1, 0]);
    assert!(
        s.has_voted(ballot, s.user_by_name("deputy1").await.unwrap().unwrap().id)
            .await
            .unwrap()
    );
    c.close().await.unwrap();
}

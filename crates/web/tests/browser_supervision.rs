//! A supervision order in a real Chromium at phone size: the coordinator issues it from the
//! item page, the unit acknowledges and answers it, the coordinator re-checks and closes it,
//! and every step shows on the order and the item.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;

async fn state(c: &fantoccini::Client) -> String {
    c.find(Locator::Css(".order-state"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn the_office_issues_an_order_the_unit_answers_the_office_closes_it() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let clock = minsheng_web::Clock::fixed("2025-03-05".parse().unwrap());
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    let units = sess.store.units(None).await.unwrap();
    let edu = units.iter().find(|u| u.name == "教育局").unwrap().id;
    account(
        &sess.store,
        "coordinator",
        UserRole::Coordinator,
        Vec::new(),
    )
    .await;
    account(&sess.store, "edu", UserRole::UnitStaff, vec![edu]).await;

    // The office opens item 1 and issues an order.
    visit(&c, &format!("{base}/items/1")).await;
    log_in(&c, &base, "coordinator").await;
    loaded(&c, "location.pathname === '/items/1'").await;
    click(&c, "#issue-order summary").await;
    c.find(Locator::Css("#o-req"))
        .await
        .unwrap()
        .send_keys("幼儿园建设进度滞后，请于一周内制定赶工计划并反馈")
        .await
        .unwrap();
    fits_phone(&c, "order-issue-phone.png").await;
    click(&c, "#issue").await;
    loaded(&c, "location.pathname.startsWith('/orders/')").await;
    let order_url = c.current_url().await.unwrap().to_string();
    assert_eq!(state(&c).await, "已下发");
    assert!(page_html(&c).await.contains("督办〔2025〕1号"));
    log_out(&c).await;

    // The unit finds it among its notifications, acknowledges and answers.
    log_in(&c, &base, "edu").await;
    visit(&c, &format!("{base}/notifications")).await;
    loaded(&c, "location.pathname === '/notifications'").await;
    assert!(page_html(&c).await.contains("督办〔2025〕1号"));
    click(&c, ".my-order a").await;
    loaded(&c, "location.pathname.startsWith('/orders/')").await;
    click(&c, "#do-acknowledge button").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已签收'",
    )
    .await;
    c.find(Locator::Css("#note-answer"))
        .await
        .unwrap()
        .send_keys("已制定赶工计划，增加两个施工班组，4月底前主体完工")
        .await
        .unwrap();
    fits_phone(&c, "order-answer-phone.png").await;
    click(&c, "#do-answer button").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已反馈待复核'",
    )
    .await;
    assert!(
        c.find_all(Locator::Css("#recheck"))
            .await
            .unwrap()
            .is_empty(),
        "the unit cannot close its own order"
    );
    log_out(&c).await;

    // The office re-checks and closes it.
    log_in(&c, &base, "coordinator").await;
    visit(&c, &order_url).await;
    loaded(&c, "location.pathname.startsWith('/orders/')").await;
    assert!(page_html(&c).await.contains("增加两个施工班组"));
    click(&c, "#close").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已办结'",
    )
    .await;
    let steps = c
        .find_all(Locator::Css("#order-steps li"))
        .await
        .unwrap()
        .len();
    assert_eq!(steps, 4, "issued, acknowledged, answered, closed");
    // The item shows the order closed.
    visit(&c, &format!("{base}/items/1")).await;
    loaded(&c, "location.pathname === '/items/1'").await;
    let card = c
        .find(Locator::Css("article.order"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(card.contains("已办结"), "{card}");
    // The quarter's bulletin, with its charts and tables, reads on the phone too.
    let b = sess
        .store
        .create_bulletin(
            minsheng_domain::PlanId(1),
            minsheng_domain::supervision::BulletinKind::Quarterly,
            "2025-03-05".parse().unwrap(),
            minsheng_store::Now {
                today: "2025-03-05".parse().unwrap(),
                at: chrono::Utc::now(),
            },
        )
        .await
        .unwrap();
    visit(&c, &format!("{base}/bulletins/{b}")).await;
    loaded(&c, "location.pathname.startsWith('/bulletins/')").await;
    // Three charts shown, in their phone layout (the desktop layout is in the page, hidden).
    let shown = c
        .execute(
            "return [...document.querySelectorAll('svg.chart.bars')].filter(s => s.getBoundingClientRect().width > 0).map(s => s.classList.contains('narrow'))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown, serde_json::json!([true, true, true]));
    fits_phone(&c, "bulletin-phone.png").await;
    c.close().await.unwrap();
}

//! A dispatch meeting in a real Chromium at phone size: the office sets up a 调度会 whose
//! agenda lists the red items of the day, keeps minutes, records two decided matters and
//! issues the minutes; the 纪要 DOCX, fetched by the page's own session, is re-read with
//! docx-rs; the unit answers one matter on its phone and the office closes it; the next
//! meeting's agenda opens with the one still open and reports the one done.

#[path = "support/chromium.rs"]
mod chromium;
#[path = "support/docx.rs"]
mod docx;

use chromium::*;
use docx::docx_text;
use fantoccini::Locator;
use minsheng_domain::PlanId;
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::Light;

/// Sets a form field's value as a picker would (selects, dates).
async fn set(c: &fantoccini::Client, css: &str, value: &str) {
    c.execute(
        "document.querySelector(arguments[0]).value = arguments[1];",
        vec![css.into(), value.into()],
    )
    .await
    .unwrap();
}

/// How many agenda entries give `reason`.
async fn entries(c: &fantoccini::Client, reason: &str) -> usize {
    c.find_all(Locator::Css(&format!(
        "#agenda-list > li[data-reason='{reason}']"
    )))
    .await
    .unwrap()
    .len()
}

/// Records a decided matter on `item` from the meeting page.
async fn decide(c: &fantoccini::Client, item: i64, what: &str) {
    c.execute(
        "document.querySelector('#decide-matter').closest('details').open = true;",
        vec![],
    )
    .await
    .unwrap();
    set(c, "#mt-item", &item.to_string()).await;
    type_into(c, "#mt-req", what).await;
    let before = c
        .find_all(Locator::Css("#matter-list tbody tr"))
        .await
        .unwrap()
        .len();
    click(c, "#record-matter").await;
    loaded(
        c,
        &format!(
            "document.querySelectorAll('#matter-list tbody tr').length === {}",
            before + 1
        ),
    )
    .await;
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_dispatch_meeting_decides_two_matters_and_the_next_one_hears_them() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let day = "2025-07-10".parse().unwrap();
    let clock = minsheng_web::Clock::fixed(day);
    let sess = session(&chromium, &driver, clock, true).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    let ledger = sess.store.plan_ledger(PlanId(1), day).await.unwrap();
    let red: Vec<_> = ledger
        .items
        .iter()
        .filter(|i| i.assessment.light == Light::Red)
        .collect();
    assert!(red.len() >= 2, "nothing reported by July: items are red");
    let (first, second) = (&red[0].detail, &red[1].detail);
    let unit = first.lead_units[0].id;
    account(
        &sess.store,
        "coordinator",
        UserRole::Coordinator,
        Vec::new(),
    )
    .await;
    account(&sess.store, "unit", UserRole::UnitStaff, vec![unit]).await;

    // The office sets the meeting up with the unit attending.
    visit(&c, &format!("{base}/plans/1/meetings")).await;
    log_in(&c, &base, "coordinator").await;
    loaded(&c, "document.querySelector('#new-meeting') !== null").await;
    set(&c, "#m-chair", "王副区长").await;
    click(&c, &format!("#m-units input[value='{}']", unit.0)).await;
    fits_phone(&c, "meeting-new-phone.png").await;
    click(&c, "#new-meeting button[type=submit]").await;
    loaded(&c, "location.pathname.startsWith('/meetings/')").await;
    let meeting_url = c.current_url().await.unwrap().to_string();
    assert_eq!(
        entries(&c, "red").await,
        red.len(),
        "every red item is on the agenda"
    );
    let html = page_html(&c).await;
    for r in &red {
        assert!(html.contains(&format!("href=\"/items/{}\"", r.detail.item.id.0)));
    }

    // Minutes, two matters, the minutes issued.
    type_into(
        &c,
        "#agenda-list textarea",
        "牵头单位汇报：施工许可待办，已协调住建部门。",
    )
    .await;
    click(&c, "#save-minutes").await;
    loaded(&c, "location.hash === '#agenda'").await;
    decide(&c, first.item.id.0, "7月20日前办结施工许可并进场施工").await;
    decide(&c, second.item.id.0, "7月31日前完成招标").await;
    fits_phone(&c, "meeting-phone.png").await;
    click(&c, "#issue").await;
    loaded(&c, "document.querySelector('#minutes-number') !== null").await;
    assert!(page_html(&c).await.contains("纪要〔2025〕1号"));

    // The 纪要 as the office downloads it, re-read.
    let bytes = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#minutes-docx').href)
               .then(r => r.arrayBuffer())
               .then(b => done(Array.from(new Uint8Array(b))));",
            vec![],
        )
        .await
        .unwrap();
    let bytes: Vec<u8> = serde_json::from_value(bytes).unwrap();
    let text = docx_text(&bytes);
    for want in [
        "纪要〔2025〕1号",
        "王副区长",
        "二、议定事项",
        "7月20日前办结施工许可并进场施工",
        "7月31日前完成招标",
        "施工许可待办",
        &first.lead_units[0].name,
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    log_out(&c).await;

    // The unit answers its matter on the phone.
    log_in(&c, &base, "unit").await;
    visit(&c, &meeting_url).await;
    loaded(&c, "document.querySelector('#matter-list') !== null").await;
    assert!(
        c.find_all(Locator::Css("#agenda-list"))
            .await
            .unwrap()
            .is_empty(),
        "a unit sees its matters, not the agenda"
    );
    click(&c, "#matter-list tbody tr a").await;
    loaded(&c, "location.pathname.startsWith('/orders/')").await;
    let order_url = c.current_url().await.unwrap().to_string();
    assert!(page_html(&c).await.contains("会议议定事项"));
    click(&c, "#do-acknowledge button").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已签收'",
    )
    .await;
    type_into(
        &c,
        "#note-answer",
        "施工许可已于7月18日办结，施工队伍已进场。",
    )
    .await;
    fits_phone(&c, "meeting-matter-answer-phone.png").await;
    click(&c, "#do-answer button").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已反馈待复核'",
    )
    .await;
    log_out(&c).await;

    // The office closes it and sets up the next meeting.
    log_in(&c, &base, "coordinator").await;
    visit(&c, &order_url).await;
    loaded(&c, "document.querySelector('#close') !== null").await;
    click(&c, "#close").await;
    loaded(
        &c,
        "document.querySelector('.order-state').textContent === '已办结'",
    )
    .await;
    visit(&c, &format!("{base}/plans/1/meetings")).await;
    loaded(&c, "document.querySelector('#new-meeting') !== null").await;
    c.execute(
        "document.querySelector('#new-meeting-box').open = true;",
        vec![],
    )
    .await
    .unwrap();
    set(&c, "#m-day", "2025-07-21").await;
    click(&c, "#new-meeting button[type=submit]").await;
    loaded(
        &c,
        &format!("location.pathname.startsWith('/meetings/') && location.href !== '{meeting_url}'"),
    )
    .await;
    assert_eq!(entries(&c, "open_matter").await, 1);
    assert_eq!(entries(&c, "done_matter").await, 1);
    let opening = c
        .find(Locator::Css("#agenda-list > li"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(opening.contains("7月31日前完成招标"), "{opening}");
    fits_phone(&c, "meeting-next-phone.png").await;
    c.close().await.unwrap();
}

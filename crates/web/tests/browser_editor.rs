//! The plan editor and adjustments in a real Chromium, on a 390 px phone and a 1366 px
//! desktop: the office starts an empty plan and builds three items by hand (a count, a level
//! with its baseline, a rate), publishes it; the unit of the level reports and its page shows
//! the level read from the baseline; the unit proposes moving the deadline into next year, the
//! office approves it with the decision record, and the public item page shows 原 → 新 with
//! the decision. Screenshots are kept in target/tmp/ for a person to look at.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;

async fn fill(c: &fantoccini::Client, css: &str, text: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn choose(c: &fantoccini::Client, css: &str, value: &str) {
    c.execute(
        &format!("document.querySelector(\"{css}\").value = '{value}'"),
        vec![],
    )
    .await
    .unwrap();
}

async fn text(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn shot(c: &fantoccini::Client, width: u32, name: &str) {
    let png = format!("editor-{name}-{width}.png");
    if width <= 480 {
        fits_phone(c, &png).await;
    } else {
        let shot = c.screenshot().await.unwrap();
        std::fs::write(
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(png),
            shot,
        )
        .unwrap();
    }
}

/// One item through the editor's form: name, lead unit, deadline and one target.
#[allow(clippy::too_many_arguments)]
async fn add_item(
    c: &fantoccini::Client,
    name: &str,
    lead: &str,
    metric: &str,
    value: &str,
    unit: &str,
    kind: &str,
    baseline: &str,
) {
    click(c, "#add-item").await;
    loaded(c, "location.pathname.endsWith('/items/new')").await;
    fill(c, "#f-name", name).await;
    fill(c, "#f-lead", lead).await;
    fill(c, "#f-deadline-text", "年底前").await;
    choose(c, "#f-deadline", "2025-12-31").await;
    fill(c, "#t0-metric", metric).await;
    fill(c, "#t0-value", value).await;
    fill(c, "#t0-unit", unit).await;
    choose(c, "#t0-kind", kind).await;
    if !baseline.is_empty() {
        choose(c, "#t0-cmp", "eq").await;
        fill(c, "#t0-baseline", baseline).await;
    }
    click(c, "#save").await;
    // A unit new to the directory is created only once confirmed.
    loaded(c, "document.querySelector('#confirm-units') !== null").await;
    click(c, "#confirm-units").await;
    click(c, "#save").await;
    loaded(c, "location.pathname.endsWith('/edit')").await;
}

async fn build_report_adjust(width: u32) {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 4).unwrap();
    let sess = session_sized(
        &chromium,
        &driver,
        minsheng_web::Clock::fixed(day),
        false,
        width,
    )
    .await;
    account(&sess.store, "office", UserRole::Coordinator, Vec::new()).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    log_in(&c, &base, "office").await;

    // An empty plan, straight into the editor.
    visit(&c, &format!("{base}/import")).await;
    c.execute("document.querySelector('#empty-plan').open = true", vec![])
        .await
        .unwrap();
    fill(&c, "#empty-plan input[name=region]", "试点区").await;
    fill(&c, "#empty-plan input[name=year]", "2025").await;
    fill(&c, "#empty-plan input[name=title]", "试点区2025年民生实事").await;
    click(&c, "#empty-plan button").await;
    loaded(&c, "location.pathname.endsWith('/edit')").await;
    let editor = c.current_url().await.unwrap().path().to_string();
    let plan: i64 = editor.split('/').nth(2).unwrap().parse().unwrap();
    shot(&c, width, "empty").await;

    add_item(
        &c,
        "新增普惠托位",
        "区卫健委",
        "托位",
        "320",
        "个",
        "count",
        "",
    )
    .await;
    add_item(
        &c,
        "提高城乡低保标准",
        "区民政局",
        "城市低保标准",
        "1050",
        "元/人·月",
        "level",
        "788",
    )
    .await;
    add_item(
        &c,
        "提高参保率",
        "区医保局",
        "参保率",
        "95",
        "%",
        "rate",
        "",
    )
    .await;
    let list = text(&c, "main").await;
    assert!(list.contains("788 → 1050 元/人·月（达到水平）"), "{list}");
    assert!(list.contains("参保率：不少于 95 %（比率）"), "{list}");
    shot(&c, width, "list").await;
    let items = sess
        .store
        .plan_detail(minsheng_domain::PlanId(plan), None)
        .await
        .unwrap();
    assert_eq!(items.items.len(), 3);
    let level = items.items[1].item.id;
    let target = items.items[1].targets[0].id;
    let unit = items.items[1].lead_units[0].id;
    visit(&c, &format!("{base}/items/{level}/edit")).await;
    shot(&c, width, "item-form").await;
    visit(&c, &format!("{base}{editor}")).await;
    click(&c, "#publish").await;
    loaded(&c, &format!("location.pathname === '/plans/{plan}/dashboard' || location.pathname === '/plans/{plan}'")).await;

    // The unit reports 919 on 788 → 1050: half way.
    account(&sess.store, "minzheng", UserRole::UnitStaff, vec![unit]).await;
    log_out(&c).await;
    log_in(&c, &base, "minzheng").await;
    visit(&c, &format!("{base}/items/{level}/report?unit={}", unit.0)).await;
    fill(&c, &format!("#t{}", target.0), "919").await;
    fill(&c, "#progress", "已按新标准发放").await;
    click(&c, "#submit-report").await;
    loaded(&c, "location.search.includes('saved=submitted')").await;
    visit(&c, &format!("{base}/items/{level}")).await;
    let targets = text(&c, "#targets").await;
    assert!(targets.contains("50%"), "{targets}");
    shot(&c, width, "level-reported").await;

    // The unit proposes moving the deadline into next year.
    click(&c, "#adjust").await;
    loaded(&c, "location.pathname.endsWith('/adjust')").await;
    choose(&c, "#f-deadline", "2026-06-30").await;
    fill(&c, "#f-reason", "资金分两年到位，提标分步实施").await;
    c.execute(
        "document.querySelector('input[name=major]').checked = true",
        vec![],
    )
    .await
    .unwrap();
    shot(&c, width, "adjust-form").await;
    click(&c, "#propose").await;
    loaded(&c, "location.pathname.startsWith('/adjustments/')").await;
    let adjustment = c.current_url().await.unwrap().path().to_string();
    let card = text(&c, ".adjustment").await;
    assert!(card.contains("2026-06-30"), "{card}");
    assert!(card.contains("延至下一年"), "{card}");

    // The office approves it with the decision record.
    log_out(&c).await;
    log_in(&c, &base, "office").await;
    visit(&c, &format!("{base}{adjustment}")).await;
    fill(&c, "#d-body", "试点区人大常委会").await;
    fill(&c, "#d-number", "试人大常发〔2025〕8号").await;
    choose(&c, "#d-date", "2025-06-03").await;
    shot(&c, width, "decide").await;
    click(&c, "#approve").await;
    loaded(
        &c,
        "document.querySelector('.adjustment.approved') !== null",
    )
    .await;

    // The public item page shows 原 → 新 with the decision.
    log_out(&c).await;
    visit(&c, &format!("{base}/public/items/{level}")).await;
    let public = text(&c, "#adjustments + .adjustment").await;
    assert!(public.contains("2025-12-31"), "{public}");
    assert!(public.contains("2026-06-30"), "{public}");
    assert!(public.contains("试人大常发〔2025〕8号"), "{public}");
    shot(&c, width, "public").await;
    c.close().await.unwrap();
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_list_built_by_hand_is_reported_and_adjusted_on_a_phone() {
    build_report_adjust(390).await;
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_list_built_by_hand_is_reported_and_adjusted_on_a_desktop() {
    build_report_adjust(1366).await;
}

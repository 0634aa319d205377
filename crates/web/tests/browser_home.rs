//! Where people start, in a real Chromium: the office and a unit sign in and land on their
//! home pages; the office opens the cockpit from there, on a phone, a desktop and the
//! meeting room's big screen. Every page fits its screen, no table cell is squeezed, no chart
//! text is drawn under 11 px, and nothing trips a screen reader.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;

/// Asserts the current page reads well at this width, and keeps a screenshot.
async fn readable(c: &fantoccini::Client, png: &str, width: u32) {
    let narrow = narrow_cells(c).await;
    assert!(narrow.is_empty(), "squeezed cells ({png}): {narrow:?}");
    let small = small_chart_text(c).await;
    assert!(
        small.is_empty(),
        "chart text under 11 px ({png}): {small:?}"
    );
    let problems = accessibility_problems(c).await;
    assert!(problems.is_empty(), "{png}: {problems:?}");
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        fits,
        serde_json::json!(true),
        "no sideways scrolling ({png})"
    );
    looked_at(c, png, width).await;
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn the_office_starts_at_home_and_opens_the_cockpit_on_every_screen() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    for width in [390, 1366, 1920] {
        // Mid-September with nothing reported: red items, units owing reports.
        let clock = minsheng_web::Clock::fixed("2025-09-17".parse().unwrap());
        let sess = session_sized(&chromium, &driver, clock, true, width).await;
        let (base, c) = (sess.base.clone(), sess.c.clone());
        let units = sess.store.units(None).await.unwrap();
        let edu = units.iter().find(|u| u.name == "教育局").unwrap().id;
        account(&sess.store, "office", UserRole::Coordinator, Vec::new()).await;
        account(&sess.store, "edu", UserRole::UnitStaff, vec![edu]).await;

        // The unit lands on its home: this period's reports, each a tap from its form.
        log_in(&c, &base, "edu").await;
        loaded(&c, "location.pathname === '/home'").await;
        let due = c
            .find_all(Locator::Css("#due-list + ul.todo a"))
            .await
            .unwrap()
            .len();
        assert!(due > 0, "the unit has reports due");
        readable(&c, &format!("home-unit-{width}.png"), width).await;
        log_out(&c).await;

        // The office lands on its home and goes to the cockpit from its plan.
        log_in(&c, &base, "office").await;
        loaded(&c, "location.pathname === '/home'").await;
        let missing = c
            .find(Locator::Css("#task-not-reported b.count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_ne!(missing, "0", "reports not filed are counted");
        readable(&c, &format!("home-office-{width}.png"), width).await;
        click(&c, "article.plan-line a[href$='/cockpit']").await;
        loaded(&c, "location.pathname.endsWith('/cockpit')").await;
        let red = c
            .find_all(Locator::Css("#red-items li"))
            .await
            .unwrap()
            .len();
        assert!(red > 0, "red items listed with their blockers");
        readable(&c, &format!("cockpit-{width}.png"), width).await;

        if width == 1920 {
            // The big screen: no header, everything on one 1080-pixel screen.
            click(&c, "#to-screen").await;
            loaded(&c, "location.search.includes('screen=1')").await;
            let header = c.find(Locator::Css("header.top")).await.unwrap();
            assert!(
                !header.is_displayed().await.unwrap(),
                "no header on the big screen"
            );
            let tall = c
                .execute("return document.documentElement.scrollHeight", vec![])
                .await
                .unwrap();
            assert!(tall.as_f64().unwrap() <= 1080.0, "one screen: {tall}");
            readable(&c, "cockpit-screen-1920.png", width).await;
        }
        c.close().await.unwrap();
    }
}

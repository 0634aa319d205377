//! The pages in a real headless Chromium at phone size, through chromedriver. Without
//! chromium/chromedriver the test says it was skipped and why, unless
//! `MINSHENG_REQUIRE_BROWSER=1` (set by CI), which makes their absence a failure.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn plan_page_works_on_a_phone_in_chromium() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let sess = session(&chromium, &driver, minsheng_web::Clock::system(), true).await;
    account(&sess.store, "viewer", UserRole::Viewer, Vec::new()).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());

    visit(&c, &format!("{base}/plans/1")).await;
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "示范区2025年民生实事项目清单");
    assert_eq!(
        c.find_all(Locator::Css(".card.item")).await.unwrap().len(),
        14
    );
    fits_phone(&c, "plan-phone.png").await;
    let width = c.execute("return window.innerWidth", vec![]).await.unwrap();
    assert_eq!(width, serde_json::json!(390));

    // Filter by a unit, as a user would: pick it and press the button.
    c.find(Locator::Css("select#unit"))
        .await
        .unwrap()
        .select_by_label("燃气集团有限公司")
        .await
        .unwrap();
    c.find(Locator::Css("form.filter button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Wait for the new page, not for an element the old page also has.
    wait_until(
        &c,
        "return location.search.includes('unit=') && document.readyState === 'complete'",
    )
    .await;
    assert_eq!(
        c.find_all(Locator::Css(".card.item")).await.unwrap().len(),
        1
    );
    assert!(page_html(&c).await.contains("燃气安全改造"));

    // Follow an item, then switch to English.
    c.find(Locator::Css(".card.item a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // A visitor is taken to the item's public page, without signing in.
    wait_until(
        &c,
        "return location.pathname.startsWith('/public/items/') && document.readyState === 'complete'",
    )
    .await;
    let public = c.current_url().await.unwrap();
    let id = public.path().rsplit('/').next().unwrap().to_string();
    // The item's ledger is internal: the visitor is asked to sign in, then taken there.
    visit(&c, &format!("{base}/items/{id}")).await;
    wait_until(
        &c,
        "return location.pathname === '/login' && document.readyState === 'complete'",
    )
    .await;
    log_in(&c, &base, "viewer").await;
    wait_until(
        &c,
        "return location.pathname.startsWith('/items/') && document.readyState === 'complete'",
    )
    .await;
    c.find(Locator::Css("a.lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return document.documentElement.lang === 'en' && document.readyState === 'complete'",
    )
    .await;
    let html = page_html(&c).await;
    assert!(
        html.contains("Lead units") && html.contains("Back to the list"),
        "English after the switch"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn a_unit_files_its_weekly_report_and_the_dashboard_light_changes() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    // Wednesday of the tenth week: 17% of the year is expected and nothing is reported.
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
    let light = "return document.querySelector('tr[data-item=\"1\"] [data-light]').dataset.light";
    visit(&c, &format!("{base}/plans/1/dashboard")).await;
    log_in(&c, &base, "coordinator").await;
    assert_eq!(
        c.execute(light, vec![]).await.unwrap(),
        serde_json::json!("yellow")
    );
    // On a phone the dashboard's tables are cards: nothing squeezed, nothing sideways.
    let narrow = narrow_cells(&c).await;
    assert!(narrow.is_empty(), "squeezed cells on a phone: {narrow:?}");
    fits_phone(&c, "dashboard-phone.png").await;
    // So is a bulletin's (the one a leader opens from a WeChat link).
    let today: chrono::NaiveDate = "2025-03-05".parse().unwrap();
    let bulletin = sess
        .store
        .create_bulletin(
            minsheng_domain::PlanId(1),
            minsheng_domain::supervision::BulletinKind::Weekly,
            "2025-02-24".parse().unwrap(),
            minsheng_store::Now {
                today,
                at: today.and_hms_opt(2, 0, 0).unwrap().and_utc(),
            },
        )
        .await
        .unwrap();
    visit(&c, &format!("{base}/bulletins/{bulletin}")).await;
    let rows = c.find_all(Locator::Css("tr.rank")).await.unwrap().len();
    assert!(rows > 0, "the bulletin ranks the units");
    let narrow = narrow_cells(&c).await;
    assert!(
        narrow.is_empty(),
        "squeezed bulletin cells on a phone: {narrow:?}"
    );
    let small = small_chart_text(&c).await;
    assert!(
        small.is_empty(),
        "chart text under 11 px on a phone: {small:?}"
    );
    fits_phone(&c, "bulletin-phone.png").await;

    log_out(&c).await;

    // The unit signs in and sees only its own items in 我的事项.
    log_in(&c, &base, "edu").await;
    visit(&c, &format!("{base}/workbench")).await;
    let shown: Vec<String> = {
        let mut v = Vec::new();
        for e in c.find_all(Locator::Css(".work-item")).await.unwrap() {
            v.push(e.attr("data-item").await.unwrap().unwrap());
        }
        v
    };
    let plan = sess
        .store
        .plan_ledger(minsheng_domain::PlanId(1), "2025-03-05".parse().unwrap())
        .await
        .unwrap();
    let own: Vec<String> = plan
        .items_of_unit(edu)
        .map(|i| i.detail.item.id.0.to_string())
        .collect();
    assert!(!own.is_empty() && own.len() < plan.items.len());
    assert_eq!(shown, own, "the workbench lists exactly the unit's items");
    visit(&c, &format!("{base}/plans/1/dashboard")).await;
    assert!(
        page_html(&c).await.contains("无权"),
        "a unit may not open the plan dashboard"
    );
    visit(&c, &format!("{base}/workbench")).await;
    c.find(Locator::Css(".work-item[data-item=\"1\"] a.fill"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return location.pathname === '/items/1/report' && document.readyState === 'complete'",
    )
    .await;
    let inputs = c
        .find_all(Locator::Css("table.targets-form input"))
        .await
        .unwrap();
    assert!(!inputs.is_empty());
    // Each box says what it counts in (所, 个, 万元).
    let measures = c
        .find_all(Locator::Css("table.targets-form .with-measure .measure"))
        .await
        .unwrap();
    assert_eq!(measures.len(), inputs.len(), "a unit beside every box");
    // A third of each target, typed as a person would.
    for input in &inputs {
        let id = input.attr("id").await.unwrap().unwrap();
        let label = c
            .find(Locator::Css(&format!("label[for='{id}']")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let after = label.rsplit('：').next().unwrap();
        let target: f64 = after
            .split_whitespace()
            .find_map(|w| {
                w.trim_start_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no number in {label}"));
        input.clear().await.unwrap();
        input
            .send_keys(&format!("{}", (target / 3.0).ceil()))
            .await
            .unwrap();
    }
    c.find(Locator::Css("#progress"))
        .await
        .unwrap()
        .send_keys("两所幼儿园主体完工")
        .await
        .unwrap();
    fits_phone(&c, "report-phone.png").await;
    c.find(Locator::Css("#submit-report"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return location.search.includes('saved=submitted') && document.readyState === 'complete'",
    )
    .await;
    // Saved, the form offers the unit's next item still due.
    let next = c
        .find(Locator::Css("#next-item"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next, format!("/items/2/report?unit={}", edu.0));
    assert!(
        c.find(Locator::Css(".period-state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("已报送")
    );

    log_out(&c).await;
    log_in(&c, &base, "coordinator").await;
    visit(&c, &format!("{base}/plans/1/dashboard")).await;
    assert_eq!(
        c.execute(light, vec![]).await.unwrap(),
        serde_json::json!("green")
    );
    visit(&c, &format!("{base}/items/1")).await;
    let small = small_chart_text(&c).await;
    assert!(small.is_empty(), "the item's chart on a phone: {small:?}");
    assert!(
        page_html(&c).await.contains("两所幼儿园主体完工"),
        "the timeline shows the report"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn an_error_page_keeps_the_reader_signed_in_and_in_their_language() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    for width in [390, 1366] {
        let sess = session_sized(
            &chromium,
            &driver,
            minsheng_web::Clock::system(),
            true,
            width,
        )
        .await;
        account(&sess.store, "viewer", UserRole::Viewer, Vec::new()).await;
        let (base, c) = (sess.base.clone(), sess.c.clone());
        visit(&c, &format!("{base}/login")).await;
        log_in(&c, &base, "viewer").await;
        wait_until(
            &c,
            "return location.pathname !== '/login' && document.readyState === 'complete'",
        )
        .await;
        // A mistyped link: the reader stays signed in (their name in the header, no sign-in
        // link) and is told what was wrong in Chinese, then in English after switching.
        visit(&c, &format!("{base}/items/12x")).await;
        let html = page_html(&c).await;
        assert!(html.contains("项目编号“12x”不是正整数"), "{html}");
        assert!(c.find(Locator::Css("a.me")).await.is_ok());
        assert!(c.find(Locator::Css("a.login")).await.is_err());
        visit(&c, &format!("{base}/items/12x?lang=en")).await;
        let text = c
            .find(Locator::Css("p.error"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            text,
            "The item id “12x” is not a positive whole number; check the link."
        );
        looked_at(&c, &format!("error-{width}.png"), width).await;
        c.close().await.unwrap();
    }
}

/// Types `text` into the field `css`.
#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn an_administrator_sets_up_a_second_factor_and_signs_in_with_it() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    for width in [390, 1366] {
        let sess = session_sized(
            &chromium,
            &driver,
            minsheng_web::Clock::system(),
            true,
            width,
        )
        .await;
        account(&sess.store, "chief", UserRole::Admin, Vec::new()).await;
        let (base, c) = (sess.base.clone(), sess.c.clone());
        // The password alone leads to setting one up: administrators must have one.
        log_in(&c, &base, "chief").await;
        loaded(&c, "location.pathname === '/account/second-factor'").await;
        assert!(page_html(&c).await.contains("须使用动态口令"));
        click(&c, "#begin-form button").await;
        loaded(&c, "!!document.querySelector('#factor-secret')").await;
        let qr = c
            .execute(
                "const s = document.querySelector('#factor-qr svg').getBoundingClientRect(); return [s.width, s.height];",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            qr[0].as_f64().unwrap() >= 180.0,
            "a QR code big enough to scan: {qr}"
        );
        looked_at(&c, &format!("second-factor-setup-{width}.png"), width).await;
        let typed = c
            .find(Locator::Css("#factor-secret"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let secret = minsheng_domain::access::TotpSecret::from_base32(&typed.replace(' ', ""))
            .expect("the secret as shown");
        let now = || chrono::Utc::now().timestamp() as u64;
        type_into(&c, "#confirm-code", &secret.code_at(now())).await;
        click(&c, "#confirm-form button").await;
        loaded(&c, "!!document.querySelector('#recovery-codes')").await;
        let codes = c
            .find_all(Locator::Css("#recovery-codes li code"))
            .await
            .unwrap();
        assert_eq!(codes.len(), 10);
        let recovery = codes[0].text().await.unwrap();
        looked_at(&c, &format!("second-factor-on-{width}.png"), width).await;
        visit(&c, &format!("{base}/admin/users")).await;
        loaded(&c, "location.pathname === '/admin/users'").await;

        // Signing in again asks for the code after the password. The next step's code (the
        // code just used is not accepted again; one step of drift is allowed).
        log_out(&c).await;
        log_in(&c, &base, "chief").await;
        loaded(&c, "location.pathname === '/login/second-factor'").await;
        looked_at(&c, &format!("second-factor-login-{width}.png"), width).await;
        type_into(&c, "#code", "000000").await;
        click(&c, "#second-factor button").await;
        loaded(&c, "!!document.querySelector('.notice.error')").await;
        type_into(&c, "#code", &secret.code_at(now() + 30)).await;
        click(&c, "#second-factor button").await;
        loaded(&c, "location.pathname === '/home'").await;
        assert!(c.find(Locator::Css("a.me")).await.is_ok(), "signed in");
        // And once more with a recovery code, for a phone left at home.
        log_out(&c).await;
        log_in(&c, &base, "chief").await;
        loaded(&c, "location.pathname === '/login/second-factor'").await;
        type_into(&c, "#code", &recovery).await;
        click(&c, "#second-factor button").await;
        loaded(&c, "location.pathname === '/home'").await;
        visit(&c, &format!("{base}/account/second-factor")).await;
        let state = c
            .find(Locator::Css("#factor-state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(state.contains("剩余未用恢复码 9"), "{state}");
        c.close().await.unwrap();
    }
}

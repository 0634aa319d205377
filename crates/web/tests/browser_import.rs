//! Importing a list the importer is unsure of, in a real Chromium: the coordinator uploads a
//! real list (宁夏 2020, as found on a news page), sees the readings side by side, takes the
//! second one, corrects a unit and saves the plan — on a phone, and the same pages on a
//! desktop for a person to look at.

#[path = "support/chromium.rs"]
mod chromium;

use chromium::*;
use fantoccini::Locator;
use minsheng_domain::access::UserRole;

const UNSURE: &[u8] = include_bytes!("../../../corpus/real/docs/416_ningxia_ningxia_2020.txt");

/// Uploads the list through the form and waits for its review.
async fn upload(c: &fantoccini::Client, base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("宁夏2020年民生实事.txt");
    std::fs::write(&path, UNSURE).unwrap();
    visit(c, &format!("{base}/import")).await;
    c.find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(&path.to_string_lossy())
        .await
        .unwrap();
    click(c, "form.upload button").await;
    loaded(c, "location.pathname.startsWith('/import/')").await;
    dir
}

async fn items(c: &fantoccini::Client) -> usize {
    c.find_all(Locator::Css("fieldset.card.item"))
        .await
        .unwrap()
        .len()
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn an_unsure_list_is_read_another_way_corrected_and_saved_on_a_phone() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let sess = session(&chromium, &driver, minsheng_web::Clock::system(), false).await;
    account(&sess.store, "office", UserRole::Coordinator, Vec::new()).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    visit(&c, &format!("{base}/login")).await;
    log_in(&c, &base, "office").await;
    let _file = upload(&c, &base).await;
    let review = c.current_url().await.unwrap().path().to_string();
    visit(&c, &format!("{base}{review}/starts")).await;
    fits_phone(&c, "import-starts-phone.png").await;
    visit(&c, &format!("{base}{review}")).await;

    // The page says it is unsure and shows the readings side by side.
    let panel = c
        .find(Locator::Css("#readings"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(panel.contains("版式不易确定"), "{panel}");
    let cards = c
        .find_all(Locator::Css("#readings .reading"))
        .await
        .unwrap();
    assert!(
        cards.len() >= 3,
        "the reading taken and at least two others"
    );
    fits_phone(&c, "import-readings-phone.png").await;
    let before = items(&c).await;

    // Take the second reading: the first card offering a switch. The page comes back at the
    // same address, so wait for the reading taken to change.
    let taken = "document.querySelector('#readings .reading.current h2').textContent";
    let first = c.execute(&format!("return {taken}"), vec![]).await.unwrap();
    click(&c, "#readings .reading:not(.current) form button").await;
    loaded(
        &c,
        &format!("location.pathname === '{review}' && {taken} !== {first}"),
    )
    .await;
    let current = c
        .find(Locator::Css("#readings .reading.current h2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(current.contains("当前读法"), "{current}");
    let after = items(&c).await;
    assert_ne!(before, after, "the list is cut another way");
    fits_phone(&c, "import-second-reading-phone.png").await;

    // Correct the first item's lead unit, fill in region and year, save.
    let lead = c.find(Locator::Css("input[name='lead.0']")).await.unwrap();
    lead.clear().await.unwrap();
    lead.send_keys("自治区人力资源社会保障厅").await.unwrap();
    let region = c.find(Locator::Css("input[name='region']")).await.unwrap();
    region.clear().await.unwrap();
    region.send_keys("宁夏回族自治区").await.unwrap();
    let year = c.find(Locator::Css("input[name='year']")).await.unwrap();
    year.clear().await.unwrap();
    year.send_keys("2020").await.unwrap();
    click(&c, "form.review button[type=submit]").await;
    loaded(&c, "location.pathname.startsWith('/plans/')").await;
    let html = page_html(&c).await;
    assert!(
        html.contains("自治区人力资源社会保障厅"),
        "the corrected unit is on the plan"
    );
    assert_eq!(
        c.find_all(Locator::Css(".card.item")).await.unwrap().len(),
        after,
        "every item of the reading taken"
    );
    table_columns(&c, &base, "import-columns-phone.png").await;
    fits_phone(&c, "import-columns-phone.png").await;
    c.close().await.unwrap();
}

#[tokio::test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium and chromedriver: apt-get install chromium chromium-driver, then build again"
)]
async fn the_import_pages_on_a_desktop() {
    let Some((chromium, driver)) = tools() else {
        return;
    };
    let sess = session_sized(
        &chromium,
        &driver,
        minsheng_web::Clock::system(),
        false,
        1366,
    )
    .await;
    account(&sess.store, "office", UserRole::Coordinator, Vec::new()).await;
    let (base, c) = (sess.base.clone(), sess.c.clone());
    visit(&c, &format!("{base}/login")).await;
    log_in(&c, &base, "office").await;
    visit(&c, &format!("{base}/import")).await;
    shot(&c, "import-form-desktop.png").await;
    let _file = upload(&c, &base).await;
    let review = c.current_url().await.unwrap().path().to_string();
    shot(&c, "import-readings-desktop.png").await;
    visit(&c, &format!("{base}{review}/starts")).await;
    assert!(
        c.find_all(Locator::Css("input[name=start]"))
            .await
            .unwrap()
            .len()
            > 5
    );
    shot(&c, "import-starts-desktop.png").await;
    table_columns(&c, &base, "import-columns-desktop.png").await;
    c.close().await.unwrap();
}

async fn shot(c: &fantoccini::Client, png: &str) {
    let shot = c.screenshot().await.unwrap();
    std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(png),
        shot,
    )
    .unwrap();
}

/// A list pasted as a table: its columns can be mapped; the page is kept for a person to see.
async fn table_columns(c: &fantoccini::Client, base: &str, png: &str) {
    visit(c, &format!("{base}/import")).await;
    c.find(Locator::Css("#text"))
        .await
        .unwrap()
        .send_keys("序号 | 项目名称 | 建设内容 | 责任单位 | 备注 |\n1 | 老年食堂 | 新建老年食堂5处 | 民政局 | 财政局 |\n2 | 道路改造 | 改造道路9公里 | 交通局 | 城管局 |\n3 | 公厕 | 新建公厕2座 | 城管局 | 各街道 |")
        .await
        .unwrap();
    click(c, "form.upload button").await;
    loaded(c, "location.pathname.startsWith('/import/')").await;
    let review = c.current_url().await.unwrap().path().to_string();
    visit(c, &format!("{base}{review}/columns")).await;
    assert_eq!(c.find_all(Locator::Css("select")).await.unwrap().len(), 5);
    shot(c, png).await;
}

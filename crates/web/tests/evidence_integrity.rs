//! Evidence integrity (佐证材料核验) through the report form and the API, on both databases:
//! a photo filed again for another period (the same file, and re-encoded at another size) or
//! for another item, a photo whose EXIF says it was taken a year before its period, and a
//! progress text copied for three periods are each flagged once on the dashboard's 数据质量
//! list and beside the photo; an unrelated new photo is not. A photo whose EXIF position is
//! far from every site of its item is flagged with the distance; one taken at the site is not.

mod common;

use axum::http::StatusCode;
use common::{App, call, d, form, ids, on_both, post_form, scene_jpeg, with_exif, with_exif_at};
use minsheng_domain::{ItemId, TargetId, UnitId};
use serde_json::json;

/// Submits a report through the form with `files`, as the unit; the report's id.
async fn file(
    app: &App,
    item: ItemId,
    unit: UnitId,
    target: TargetId,
    period: &str,
    value: &str,
    files: &[(&str, &[u8])],
) {
    let unit_s = unit.0.to_string();
    let t = format!("t{}", target.0);
    let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("files", *n, *b)).collect();
    let (st, body, _) = post_form(
        app,
        &format!("/items/{}/report", item.0),
        &[
            ("unit", &unit_s),
            ("period", period),
            ("revision", "0"),
            (&t, value),
            ("progress", &format!("{period} 现场推进")),
            ("action", "submit"),
        ],
        &files,
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{period}: {body}");
}

/// The findings kept with the photo named `name` of `item`.
async fn checks_of(app: &App, item: ItemId, name: &str) -> Vec<String> {
    let files = app.store.item_attachments(item).await.unwrap();
    let f = files
        .iter()
        .find(|f| f.file_name == name)
        .unwrap_or_else(|| panic!("{name} not filed"));
    f.findings.iter().map(|c| c.zh()).collect()
}

/// The same picture as it comes back from a chat app: cropped at the edges, brightened,
/// shrunk and re-encoded at a low quality.
fn resized(jpg: &[u8]) -> Vec<u8> {
    let img = image::load_from_memory(jpg).unwrap();
    let (w, h) = (img.width(), img.height());
    let small = img
        .crop_imm(w / 25, h / 25, w - 2 * w / 25, h - 2 * h / 25)
        .brighten(12)
        .resize(480, 360, image::imageops::FilterType::Lanczos3)
        .to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 60)
        .encode_image(&small)
        .unwrap();
    out
}

async fn reused_old_and_copied_evidence_is_flagged(app: App) {
    let ids = ids(&app).await;
    form(&app, "/plans/1/state", &[("state", "published")]).await;
    let (_, school) = app.store.item_detail(ids.school).await.unwrap();
    let school_lead = school.lead_units[0].id;
    let site = with_exif(&scene_jpeg(1, 1024, 90), "2024:02:20 09:12:00");
    let copy = resized(&site);
    assert_ne!(site, copy);
    // Week of 02-19: the scene, taken that week. Nothing doubtful.
    let (enrol, target) = (ids.enrol, ids.enrol_target);
    file(
        &app,
        enrol,
        ids.lead,
        target,
        "2024-02-19",
        "10",
        &[("工地0220.jpg", &site)],
    )
    .await;
    assert_eq!(
        checks_of(&app, enrol, "工地0220.jpg").await,
        Vec::<String>::new()
    );
    // Week of 02-26: the same file again, under another name.
    file(
        &app,
        enrol,
        ids.lead,
        target,
        "2024-02-26",
        "20",
        &[("工地0227.jpg", &site)],
    )
    .await;
    let same = checks_of(&app, enrol, "工地0227.jpg").await;
    assert_eq!(same.len(), 1, "{same:?}");
    assert!(same[0].contains("完全相同"), "{same:?}");
    // Week of 03-04: the scene re-encoded at another size, and a photo from a year before.
    let old = with_exif(&scene_jpeg(2, 800, 85), "2023:02:20 09:12:00");
    let fresh = scene_jpeg(3, 800, 85);
    file(
        &app,
        enrol,
        ids.lead,
        target,
        "2024-03-04",
        "30",
        &[
            ("新照片.jpg", &copy),
            ("去年.jpg", &old),
            ("另一处.jpg", &fresh),
        ],
    )
    .await;
    let near = checks_of(&app, enrol, "新照片.jpg").await;
    assert!(near.len() == 1 && near[0].contains("高度相似"), "{near:?}");
    // Not a byte-for-byte hash match: the threshold is what finds it.
    assert!(!near[0].contains("相差 0/64"), "{near:?}");
    let early = checks_of(&app, enrol, "去年.jpg").await;
    assert!(
        early.len() == 1 && early[0].contains("早于本期"),
        "{early:?}"
    );
    assert!(early[0].contains("2023年2月20日"), "{early:?}");
    assert_eq!(
        checks_of(&app, enrol, "另一处.jpg").await,
        Vec::<String>::new()
    );
    // Another item's report with the unrelated photo: the same file under another item.
    file(
        &app,
        ids.school,
        school_lead,
        ids.school_target,
        "2024-03-04",
        "1",
        &[("学校.jpg", &fresh)],
    )
    .await;
    let other_item = checks_of(&app, ids.school, "学校.jpg").await;
    assert!(
        other_item.len() == 1 && other_item[0].contains("完全相同"),
        "{other_item:?}"
    );

    // The same progress text for three weeks in a row, through the API.
    let uri = format!("/api/v1/items/{}/reports", ids.canteen.0);
    let (_, canteen) = app.store.item_detail(ids.canteen).await.unwrap();
    let canteen_lead = canteen.lead_units[0].id;
    let text = "已完成食堂改造主体施工，正在进行内部装修";
    for (i, period) in ["2024-02-19", "2024-02-26", "2024-03-04"]
        .iter()
        .enumerate()
    {
        let liaison = app.unit_user(canteen_lead).await;
        app.act_as(Some(&liaison));
        let (st, saved, body) = call(
            &app,
            "PUT",
            &uri,
            Some(
                json!({"unit_id": canteen_lead.0, "period_start": period, "submit": true,
                "percent": 10 * (i + 1), "progress": text, "confirm": true}),
            ),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{period}: {body}");
        assert_eq!(saved["state"], "submitted");
    }
    app.act_as(None);
    let reports = app.store.item_reports(ids.canteen).await.unwrap();
    let runs: Vec<u32> = reports.iter().map(|r| r.repeats).collect();
    assert_eq!(runs, vec![0, 1, 2]);

    // The office's dashboard lists each once; nothing about the unrelated photo's first filing.
    let (st, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::OK);
    let list = page
        .split("id=\"quality\"")
        .nth(1)
        .expect("a 数据质量 list")
        .split("</ul>")
        .next()
        .unwrap();
    assert_eq!(list.matches("<li>").count(), 5, "{list}");
    for said in [
        "工地0227.jpg：与此前已报送的照片完全相同",
        "新照片.jpg：与此前已报送的照片高度相似",
        "去年.jpg：拍摄于 2023年2月20日",
        "学校.jpg",
        "连续 3 期形象进度内容相同",
    ] {
        assert!(list.contains(said), "{said} not in {list}");
    }
    assert!(
        !list.contains("另一处.jpg") && !list.contains("工地0220.jpg"),
        "{list}"
    );
    assert!(list.contains("发展软环境保障局"), "{list}");
    // Beside the photo on the report's page, with when it was taken.
    let r = app
        .store
        .item_reports(enrol)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.period_start == d("2024-03-04"))
        .unwrap();
    let (_, _, history) = call(&app, "GET", &format!("/reports/{}", r.id.0), None).await;
    assert!(history.contains("class=\"notice warn doubt\""), "{history}");
    assert!(history.contains("拍摄于 2023-02-20 09:12"), "{history}");
    // And the copied text on its report.
    let last = reports.last().unwrap();
    let (_, _, history) = call(&app, "GET", &format!("/reports/{}", last.id.0), None).await;
    assert!(history.contains("id=\"copied\""), "{history}");
}

async fn a_photo_taken_far_from_the_items_sites_is_flagged(app: App) {
    let ids = ids(&app).await;
    form(&app, "/plans/1/state", &[("state", "published")]).await;
    let (enrol, target) = (ids.enrol, ids.enrol_target);
    // The kindergarten's site in Jining's centre; one photo taken there, one in Qufu.
    let site = (35.4149, 116.5872);
    app.store
        .add_site(enrol, "新建幼儿园工地", Some("任城区"), Some(site))
        .await
        .unwrap();
    let here = with_exif_at(
        &scene_jpeg(11, 800, 85),
        "2024:02:21 10:00:00",
        Some((35.4160, 116.5880)),
    );
    let there = with_exif_at(
        &scene_jpeg(12, 800, 85),
        "2024:02:21 15:30:00",
        Some((35.5810, 116.9865)),
    );
    file(
        &app,
        enrol,
        ids.lead,
        target,
        "2024-02-19",
        "10",
        &[("现场.jpg", &here), ("别处.jpg", &there)],
    )
    .await;
    assert_eq!(
        checks_of(&app, enrol, "现场.jpg").await,
        Vec::<String>::new()
    );
    let far = checks_of(&app, enrol, "别处.jpg").await;
    assert_eq!(far.len(), 1, "{far:?}");
    // About 40.6 km by the great circle (18.5 km north, 36.2 km east).
    assert!(
        far[0].contains("拍摄位置距本项目最近点位 40.6 公里"),
        "{far:?}"
    );
    // On the dashboard's 数据质量 list, and beside the photo with where it was taken.
    let (_, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    let list = page
        .split("id=\"quality\"")
        .nth(1)
        .expect("a 数据质量 list");
    assert!(
        list.contains("别处.jpg") && !list.contains("现场.jpg"),
        "{list}"
    );
    let r = app
        .store
        .item_reports(enrol)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.period_start == d("2024-02-19"))
        .unwrap();
    let (_, _, history) = call(&app, "GET", &format!("/reports/{}", r.id.0), None).await;
    assert!(
        history.contains("35.58"),
        "the position in words: {history}"
    );
}

on_both!(
    reused_old_and_copied_evidence_is_flagged,
    a_photo_taken_far_from_the_items_sites_is_flagged,
);

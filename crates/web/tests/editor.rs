//! The plan editor through its pages and its API, on SQLite and PostgreSQL: a plan started
//! empty, items added on the form (a count and a level with its baseline) and pasted as text,
//! a refused form that keeps what was typed, an item changed and one deleted through the API,
//! and a published plan that refuses edits with the reason.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::{PlanId, TargetKind};
use serde_json::json;

on_both!(
    a_list_is_built_on_the_pages_and_the_api,
    a_sheet_goes_out_and_comes_back
);

async fn a_list_is_built_on_the_pages_and_the_api(app: App) {
    let (status, v, text) = call(
        &app,
        "POST",
        "/api/v1/plans",
        Some(json!({"region": "测试区", "year": 2026, "title": "测试区2026年民生实事"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let plan = v["id"].as_i64().unwrap();
    let (status, _, page) = call(&app, "GET", &format!("/plans/{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("清单还没有项目"), "{page}");

    // An item on the form: a count and a level from its baseline. Its units are new to the
    // directory: saved only once confirmed, so a typo does not become a unit.
    let fields = [
        ("name", "提高城乡低保标准"),
        ("category", "社会保障"),
        ("lead", "区民政局、区财政局"),
        ("leaders", "王副区长"),
        ("deadline", "2026-12-31"),
        ("t.0.metric", "城市低保标准"),
        ("t.0.value", "1050"),
        ("t.0.unit", "元/人·月"),
        ("t.0.kind", "level"),
        ("t.0.comparator", "eq"),
        ("t.0.baseline", "788"),
        ("t.1.metric", "救助人次"),
        ("t.1.value", "1.2万"),
        ("t.1.unit", "人次"),
        ("t.1.comparator", "ge"),
        ("t.1.shares", "东区街道 5000\n西区街道：7000"),
    ];
    let (status, page) = form(&app, &format!("/plans/{plan}/items"), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("单位目录中没有：区民政局、区财政局、东区街道、西区街道"),
        "{page}"
    );
    assert!(page.contains("id=\"confirm-units\""), "{page}");
    assert!(
        app.store
            .plan_detail(PlanId(plan), None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let confirmed: Vec<(&str, &str)> = fields
        .iter()
        .copied()
        .chain([("confirm_units", "1")])
        .collect();
    let (status, text) = form(&app, &format!("/plans/{plan}/items"), &confirmed).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let d = app.store.plan_detail(PlanId(plan), None).await.unwrap();
    let item = &d.items[0];
    assert_eq!(item.lead_units.len(), 2);
    assert_eq!(item.targets[0].kind, TargetKind::Level);
    assert_eq!(item.targets[0].baseline, Some(788.0));
    assert_eq!(item.targets[1].value, 12000.0);
    let id = item.item.id.0;
    let (_, draft, _) = call(&app, "GET", &format!("/api/v1/items/{id}/draft"), None).await;
    assert_eq!(
        draft["item"]["targets"][1]["shares"][1]["share"],
        json!(7000.0)
    );

    // A refused form comes back with what was typed, and says what is wrong.
    let (status, page) = form(
        &app,
        &format!("/plans/{plan}/items"),
        &[
            ("name", "新增托位"),
            ("content", "新增普惠托位，方便双职工家庭"),
            ("t.0.metric", "托位"),
            ("t.0.value", "三百"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("不是数字"), "{page}");
    assert!(
        page.contains("新增普惠托位，方便双职工家庭"),
        "typed text kept"
    );
    assert!(page.contains("value=\"三百\""), "typed value kept");
    assert_eq!(
        app.store
            .plan_detail(PlanId(plan), None)
            .await
            .unwrap()
            .items
            .len(),
        1,
        "nothing saved"
    );

    // Several items pasted as text, read by the importer.
    let (status, text) = form(
        &app,
        &format!("/plans/{plan}/items/paste"),
        &[(
            "text",
            "1. 新建公办幼儿园4所，新增学位900个。（牵头单位：区教育局；完成时限：2026年12月底）\n2. 改造老旧小区20个，惠及居民5000户。（牵头单位：区住建局；完成时限：2026年10月底）",
        )],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let d = app.store.plan_detail(PlanId(plan), None).await.unwrap();
    assert_eq!(d.items.len(), 3);
    let pasted = &d.items[1];
    assert_eq!(pasted.lead_units[0].name, "区教育局");
    assert!(
        pasted.targets.iter().any(|t| t.value == 900.0),
        "{:?}",
        pasted.targets
    );

    // Through the API: a change keeps target ids, a bad value is refused by reason, a delete.
    let (_, mut draft, _) = call(&app, "GET", &format!("/api/v1/items/{id}/draft"), None).await;
    let kept = draft["item"]["targets"][0]["id"].clone();
    draft["item"]["targets"][0]["value"] = json!(1100);
    let (status, v, text) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{id}"),
        Some(draft["item"].clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(v["item"]["targets"][0]["id"], kept);
    assert_eq!(v["item"]["targets"][0]["value"], json!(1100.0));
    let (status, v, _) = call(
        &app,
        "POST",
        &format!("/api/v1/plans/{plan}/items"),
        Some(json!({"name": "坏数据", "targets": [{"metric": "托位", "value": -5}]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["reason"], "target_value");
    let third = d.items[2].item.id.0;
    let (status, _, _) = call(&app, "DELETE", &format!("/api/v1/items/{third}"), None).await;
    assert_eq!(status, StatusCode::OK);

    // Published: the editor says why it is closed, and the API refuses by reason.
    let (status, _) = form(
        &app,
        &format!("/plans/{plan}/state"),
        &[("state", "published")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = call(&app, "GET", &format!("/plans/{plan}/edit"), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("调整"), "{page}");
    let (status, v, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{id}"),
        Some(draft["item"].clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(v["error"]["reason"], "plan_not_draft");
}

/// The rows of the first sheet of a workbook, as text.
fn rows_of(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    let mut wb = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A workbook of text rows, as someone saving the sheet from a spreadsheet program would.
fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value between `start` and the next `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {page}"))
        + start.len();
    let to = page[from..].find(end).unwrap() + from;
    &page[from..to]
}

async fn upload(app: &App, bytes: &[u8]) -> (StatusCode, String) {
    let (status, text, _) =
        post_form(app, "/plans/1/xlsx", &[], &[("file", "清单.xlsx", bytes)]).await;
    (status, text)
}

async fn a_sheet_goes_out_and_comes_back(app: App) {
    let (status, _, _) = call(&app, "GET", "/plans/1/xlsx", None).await;
    assert_eq!(status, StatusCode::OK);
    let bytes = {
        use http_body_util::BodyExt;
        let res = send(
            &app,
            axum::http::Request::get("/plans/1/xlsx").header("host", "localhost"),
            axum::body::Body::empty(),
        )
        .await;
        res.into_body().collect().await.unwrap().to_bytes().to_vec()
    };
    // Not a sheet: said on a page that leads back and takes another one; nothing changes.
    let (status, page) = upload(&app, b"not a workbook").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("表格无法读取"), "{page}");
    assert!(page.contains("id=\"sheet-upload\""), "{page}");

    // Unchanged, it changes nothing.
    let (status, page) = upload(&app, &bytes).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("没有改动"), "{page}");

    // One target changed, one item removed, one added: exactly these three.
    let mut rows = rows_of(&bytes);
    let header = rows[0].clone();
    let col = |h: &str| header.iter().position(|x| x.starts_with(h)).unwrap();
    let (id, name, value, metric, unit) = (
        col("项目编号"),
        col("项目名称"),
        col("目标值"),
        col("指标名称"),
        col("计量单位"),
    );
    let first_target = 1 + rows[1..]
        .iter()
        .position(|r| !r[metric].is_empty())
        .unwrap();
    let changed_item = rows[first_target][id].clone();
    let was: f64 = rows[first_target][value].parse().unwrap();
    rows[first_target][value] = format!("{}", was + 7.0);
    let removed_item = rows
        .iter()
        .skip(1)
        .map(|r| r[id].clone())
        .find(|i| *i != changed_item)
        .unwrap();
    rows.retain(|r| r[id] != removed_item);
    let mut added = vec![String::new(); header.len()];
    added[name] = "新建口袋公园".into();
    added[metric] = "口袋公园".into();
    added[value] = "5".into();
    added[unit] = "个".into();
    rows.push(added);
    // A value the list cannot take is named with its item at upload, not at confirmation.
    let mut negative = rows.clone();
    negative[first_target][value] = "-5".into();
    let (status, page) = upload(&app, &workbook(&negative)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("不小于 0"), "{page}");
    let (status, page) = upload(&app, &workbook(&rows)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        page.matches("class=\"card diff-item\"").count(),
        3,
        "{page}"
    );
    assert!(page.contains("<b>1</b>新增"), "{page}");
    assert!(page.contains("<b>1</b>修改"), "{page}");
    assert!(page.contains("<b>1</b>删除"), "{page}");
    assert!(
        page.contains(&format!("{}", was + 7.0)),
        "the new value is shown"
    );

    // Confirmed: the draft has the three changes.
    let before = app
        .store
        .plan_detail(PlanId(1), None)
        .await
        .unwrap()
        .items
        .len();
    let items = unescape(between(
        &page,
        "<textarea name=\"items\" hidden>",
        "</textarea>",
    ));
    let version = between(&page, "name=\"version\" value=\"", "\"").to_string();
    let (status, text) = form(
        &app,
        "/plans/1/xlsx/apply",
        &[("items", &items), ("version", &version)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    let after = app.store.plan_detail(PlanId(1), None).await.unwrap();
    assert_eq!(after.items.len(), before, "one removed, one added");
    assert!(
        after
            .items
            .iter()
            .any(|i| i.item.name.as_deref() == Some("新建口袋公园"))
    );
    assert!(
        !after
            .items
            .iter()
            .any(|i| i.item.id.0.to_string() == removed_item)
    );
    let changed = after
        .items
        .iter()
        .find(|i| i.item.id.0.to_string() == changed_item)
        .unwrap();
    assert_eq!(changed.targets[0].value, was + 7.0);

    // The same confirmation again is refused: the list changed since it was compared.
    let (status, _) = form(
        &app,
        "/plans/1/xlsx/apply",
        &[("items", &items), ("version", &version)],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

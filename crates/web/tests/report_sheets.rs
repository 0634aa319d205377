//! Report sheets (填报表) round trip with real files: downloaded as written by the server,
//! filled by another program's writer (rust_xlsxwriter re-writing every sheet, as a "save as"
//! does; and openpyxl, where Python has it), uploaded one by one or zipped, shown with the
//! quality checks, and filed on confirmation — by the unit or by the office on its behalf.
//! Sheets with a changed layout, a tampered id, a damaged hidden sheet or a period not yet
//! begun are refused by name, and nothing is filed.

mod common;

use axum::http::StatusCode;
use calamine::{Data, Reader};
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_domain::ledger::{ReportContent, ReportState, TargetValue};
use minsheng_domain::{ItemId, PlanId, PlanState, TargetId, UnitId};
use minsheng_store::ReportWrite;

/// A workbook's sheets: (name, hidden, cells as text).
type Sheets = Vec<(String, bool, Vec<Vec<String>>)>;

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        d => d.to_string(),
    }
}

fn sheets_of(bytes: &[u8]) -> Sheets {
    let mut wb =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(bytes))
            .unwrap();
    let meta: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| (m.name.clone(), m.visible != calamine::SheetVisible::Visible))
        .collect();
    meta.into_iter()
        .map(|(name, hidden)| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.iter().map(cell).collect()).collect();
            (name, hidden, rows)
        })
        .collect()
}

/// The workbook written again by another writer, every sheet in order, with `edit` applied to
/// the cells first: what a unit's "save as" sends back.
fn rewrite(bytes: &[u8], edit: impl FnOnce(&mut Sheets)) -> Vec<u8> {
    let mut sheets = sheets_of(bytes);
    edit(&mut sheets);
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, hidden, rows) in &sheets {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) if !v.is_empty() && name != "_minsheng" => {
                        ws.write_number(r as u32, c as u16, n).unwrap()
                    }
                    _ => ws.write_string(r as u32, c as u16, v).unwrap(),
                };
            }
        }
        ws.set_hidden(*hidden);
    }
    wb.save_to_buffer().unwrap()
}

fn col(sheets: &Sheets, header: &str) -> usize {
    sheets[0].2[0].iter().position(|h| h == header).unwrap()
}

/// Sets column `header` of row `row` (0 = the header row) of the visible sheet.
fn set(sheets: &mut Sheets, row: usize, header: &str, value: &str) {
    let c = col(sheets, header);
    let r = &mut sheets[0].2[row];
    if r.len() <= c {
        r.resize(c + 1, String::new());
    }
    r[c] = value.to_string();
}

async fn get_bytes(app: &App, uri: &str) -> (StatusCode, Vec<u8>) {
    use http_body_util::BodyExt;
    let res = send(
        app,
        axum::http::Request::get(uri).header("host", "localhost"),
        axum::body::Body::empty(),
    )
    .await;
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

async fn upload(app: &App, files: &[(&str, &[u8])]) -> (StatusCode, String) {
    let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("sheets", *n, *b)).collect();
    let (status, page, _) = post_form(app, "/plans/1/report-sheets", &[], &files).await;
    (status, page)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn carried(page: &str) -> String {
    let start = "<textarea name=\"sheets\" hidden>";
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no confirmation in {page}"))
        + start.len();
    let to = page[from..].find("</textarea>").unwrap() + from;
    unescape(&page[from..to])
}

/// The first row of the visible sheet with a target (not a percentage row): its row index,
/// item and target.
fn first_target_row(sheets: &Sheets) -> (usize, ItemId, TargetId) {
    let (item, target) = (
        col(sheets, "项目编号（勿改）"),
        col(sheets, "指标编号（勿改）"),
    );
    let (r, row) = sheets[0]
        .2
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, row)| row[target] != "%")
        .unwrap();
    (
        r,
        ItemId(row[item].parse().unwrap()),
        TargetId(row[target].parse().unwrap()),
    )
}

async fn setup(app: &App) -> Ids {
    app.store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    ids(app).await
}

async fn latest(app: &App, item: ItemId, unit: UnitId) -> Option<minsheng_store::Report> {
    app.store
        .item_reports(item)
        .await
        .unwrap()
        .into_iter()
        .rfind(|r| r.unit_id == unit && r.state == ReportState::Submitted)
}

/// A unit downloads its sheet, fills one target, uploads it and confirms: the report is filed
/// as the unit's own; the same sheet again would be a correction and asks for its reason.
async fn a_unit_files_its_week_from_a_sheet(app: App) {
    let ids = setup(&app).await;
    let liaison = app
        .user("liaison", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&liaison));
    let (status, _, page) = call(&app, "GET", "/plans/1/report-sheets", None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let link = format!("/plans/1/report-sheet.xlsx?unit={}", ids.lead.0);
    assert!(page.contains(&link), "{page}");
    // Another unit's sheet is not theirs to take.
    let (status, _) = get_bytes(
        &app,
        &format!("/plans/1/report-sheet.xlsx?unit={}", ids.streets.0),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, bytes) = get_bytes(&app, &link).await;
    assert_eq!(status, StatusCode::OK);
    let sheets = sheets_of(&bytes);
    let names: Vec<(&str, bool)> = sheets.iter().map(|s| (s.0.as_str(), s.1)).collect();
    assert_eq!(
        names,
        vec![("填报", false), ("说明", false), ("_minsheng", true)],
        "the ids are in a hidden sheet"
    );
    let unit_col = col(&sheets, "单位编号（勿改）");
    assert!(sheets[0].2.len() > 2);
    assert!(
        sheets[0].2[1..]
            .iter()
            .all(|r| r[unit_col] == ids.lead.0.to_string()),
        "only the unit's own rows"
    );
    let (row, item, target) = first_target_row(&sheets);
    let filled = rewrite(&bytes, |s| {
        set(s, row, "本期累计", "12");
        set(s, row, "形象进度", "完成主体施工");
    });
    let (status, page) = upload(&app, &[("教育局.xlsx", &filled)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<b>1</b>可报送"), "{page}");
    assert!(page.contains("将报送"), "{page}");
    assert!(!page.contains("专班代报"), "{page}");
    let sheets_json = carried(&page);
    let (status, page) = form(
        &app,
        "/plans/1/report-sheets/confirm",
        &[("sheets", &sheets_json)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("已报送 1"), "{page}");
    let r = latest(&app, item, ids.lead).await.expect("filed");
    assert_eq!(r.period_start, d("2024-03-04"));
    assert_eq!(r.content.progress, "完成主体施工");
    assert!(
        r.content
            .values
            .iter()
            .any(|v| v.target_id == target && v.value == 12.0)
    );
    assert_eq!(r.filed_by, None, "filed by the unit itself");

    // The same sheet again is a correction of a filed week: it asks why.
    let (_, page) = upload(&app, &[("教育局.xlsx", &filled)]).await;
    assert!(page.contains("本期已经报送过"), "{page}");
    // Last week's sheet files late, and says so: only once confirmed.
    let (_, earlier) = get_bytes(&app, &format!("{link}&period=2024-02-26")).await;
    let late = rewrite(&earlier, |s| set(s, row, "本期累计", "6"));
    let (_, page) = upload(&app, &[("上周.xlsx", &late)]).await;
    assert!(page.contains("这是往期"), "{page}");
    assert!(page.contains("<b>1</b>需核对"), "{page}");
}

/// The office files a unit's returned sheet on its behalf (recorded as such), several sheets
/// in one zip; a running total going backwards is refused without a reason, nothing changed
/// asks why, and a tenfold jump is filed only when confirmed.
async fn the_office_files_on_a_units_behalf_with_the_quality_checks(app: App) {
    let ids = setup(&app).await;
    let office = app
        .user("office", UserRole::Coordinator, &[], None, &[])
        .await;
    app.act_as(Some(&office));
    let link = format!("/plans/1/report-sheet.xlsx?unit={}", ids.lead.0);
    let (status, bytes) = get_bytes(&app, &link).await;
    assert_eq!(status, StatusCode::OK);
    let sheets = sheets_of(&bytes);
    let (row, item, target) = first_target_row(&sheets);
    // Last week the unit filed a twentieth of the goal.
    let goal: f64 = sheets[0].2[row][col(&sheets, "目标值")].parse().unwrap();
    let last = goal / 20.0;
    let n = minsheng_domain::draft::plain;
    app.store
        .save_report(
            item,
            ids.lead,
            d("2024-02-26"),
            &ReportWrite {
                content: ReportContent {
                    values: vec![TargetValue {
                        target_id: target,
                        value: last,
                    }],
                    progress: "主体完工".into(),
                    ..ReportContent::default()
                },
                submit: true,
                ..ReportWrite::default()
            },
            app.clock.now(),
        )
        .await
        .unwrap();
    let (_, bytes) = get_bytes(&app, &link).await;
    let sheets = sheets_of(&bytes);
    assert_eq!(sheets[0].2[row][col(&sheets, "上期累计")], n(last));
    let (_, streets) = get_bytes(
        &app,
        &format!("/plans/1/report-sheet.xlsx?unit={}", ids.streets.0),
    )
    .await;

    // Half the last figure: refused, nothing to confirm.
    let backwards = rewrite(&bytes, |s| set(s, row, "本期累计", &n(last / 2.0)));
    let (status, page) = upload(&app, &[("a.xlsx", &backwards)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(&format!("低于上期的 {}", n(last))), "{page}");
    assert!(!page.contains("id=\"sheet-confirm\""), "{page}");
    // The same figures and words as last week: asks why nothing moved.
    let same = rewrite(&bytes, |s| {
        set(s, row, "本期累计", &n(last));
        set(s, row, "形象进度", "主体完工");
    });
    let (_, page) = upload(&app, &[("a.xlsx", &same)]).await;
    assert!(page.contains("没有任何变化"), "{page}");

    // Far ahead of the plan, within the goal, in a zip with another unit's (blank) sheet.
    let jump = rewrite(&bytes, |s| {
        set(s, row, "本期累计", &n(goal * 0.75));
        set(s, row, "形象进度", "竣工");
    });
    let mut zipped = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, b) in [("教育局.xlsx", &jump), ("街道.xlsx", &streets)] {
            z.start_file(name, opts).unwrap();
            std::io::Write::write_all(&mut z, b).unwrap();
        }
        z.start_file("__MACOSX/._教育局.xlsx", opts).unwrap();
        z.finish().unwrap();
    }
    let (status, page) = upload(&app, &[("回收.zip", &zipped)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("教育局.xlsx") && page.contains("街道.xlsx"),
        "{page}"
    );
    assert!(page.contains("远超计划进度"), "{page}");
    assert!(page.contains("<b>1</b>需核对"), "{page}");
    assert!(page.contains("专班代报"), "{page}");
    let sheets_json = carried(&page);
    // Not confirmed: nothing filed, said why.
    let (status, page) = form(
        &app,
        "/plans/1/report-sheets/confirm",
        &[("sheets", &sheets_json)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("请逐项核对"), "{page}");
    assert_eq!(
        latest(&app, item, ids.lead).await.unwrap().period_start,
        d("2024-02-26")
    );
    let (status, page) = form(
        &app,
        "/plans/1/report-sheets/confirm",
        &[("sheets", &sheets_json), ("confirmed", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("已报送 1"), "{page}");
    let r = latest(&app, item, ids.lead).await.unwrap();
    assert_eq!(r.period_start, d("2024-03-04"));
    assert_eq!(
        r.filed_by.as_deref(),
        Some(office_name(&app).await.as_str())
    );
}

async fn office_name(app: &App) -> String {
    let u = app.store.user_by_name("office").await.unwrap().unwrap();
    if u.display_name.is_empty() {
        u.username
    } else {
        u.display_name
    }
}

/// Sheets that are not what was issued are refused by name, on the upload page again, and
/// nothing is filed.
async fn bad_sheets_are_refused_by_name(app: App) {
    let ids = setup(&app).await;
    let office = app
        .user("office", UserRole::Coordinator, &[], None, &[])
        .await;
    app.act_as(Some(&office));
    let (_, bytes) = get_bytes(
        &app,
        &format!("/plans/1/report-sheet.xlsx?unit={}", ids.lead.0),
    )
    .await;
    let (row, item, _) = first_target_row(&sheets_of(&bytes));
    let fill = |s: &mut Sheets| set(s, row, "本期累计", "5");
    let (_, future) = get_bytes(
        &app,
        &format!(
            "/plans/1/report-sheet.xlsx?unit={}&period=2024-12-02",
            ids.lead.0
        ),
    )
    .await;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not a workbook".to_vec(), "无法作为 Excel 表格"),
        (
            rewrite(&bytes, |s| {
                fill(s);
                set(s, 0, "本期累计", "本期数");
            }),
            "表头第 11 列应为“本期累计”",
        ),
        (
            rewrite(&bytes, |s| {
                fill(s);
                s[0].2[row][0] = "99999".into();
            }),
            "不是这份表下发的",
        ),
        (
            rewrite(&bytes, |s| {
                fill(s);
                s[2].2[2][1] = "2024-02-26".into();
            }),
            "隐藏的编号表被改动过",
        ),
        (
            rewrite(&bytes, |s| {
                fill(s);
                s.retain(|x| x.0 != "_minsheng");
            }),
            "不是本系统下载的填报表",
        ),
        (rewrite(&future, fill), "这一期还没有开始"),
    ];
    for (file, says) in cases {
        let (status, page) = upload(&app, &[("x.xlsx", &file)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{says}: {page}");
        assert!(page.contains(says), "{says}: {page}");
        assert!(
            page.contains("id=\"sheet-upload\""),
            "{says}: the upload again"
        );
    }
    assert!(
        latest(&app, item, ids.lead).await.is_none(),
        "nothing filed"
    );
}

on_both!(
    a_unit_files_its_week_from_a_sheet,
    the_office_files_on_a_units_behalf_with_the_quality_checks,
    bad_sheets_are_refused_by_name,
);

/// A sheet filled in and saved by openpyxl — another program's writer, which keeps the hidden
/// sheet and the validation its own way — files like any other.
#[tokio::test]
#[cfg_attr(
    no_openpyxl,
    ignore = "needs Python with openpyxl: apt-get install python3-openpyxl (or set MINSHENG_PYTHON) and build again"
)]
async fn a_sheet_saved_by_openpyxl_files() {
    let python = std::env::var("MINSHENG_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let app = app().await.expect("the SQLite test app");
    let ids = setup(&app).await;
    let liaison = app
        .user("liaison", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&liaison));
    let (_, bytes) = get_bytes(
        &app,
        &format!("/plans/1/report-sheet.xlsx?unit={}", ids.lead.0),
    )
    .await;
    let sheets = sheets_of(&bytes);
    let (row, item, target) = first_target_row(&sheets);
    let goal: f64 = sheets[0].2[row][col(&sheets, "目标值")].parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let script = format!(
        "import openpyxl\n\
         wb = openpyxl.load_workbook({p:?})\n\
         ws = wb['填报']\n\
         ws.cell(row={r}, column={v}).value = {g}\n\
         ws.cell(row={r}, column={t}).value = '已开工'\n\
         wb.save({p:?})\n",
        p = path.to_str().unwrap(),
        r = row + 1,
        v = col(&sheets, "本期累计") + 1,
        t = col(&sheets, "形象进度") + 1,
        g = goal / 4.0,
    );
    let out = std::process::Command::new(&python)
        .args(["-c", &script])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let edited = std::fs::read(&path).unwrap();
    assert_ne!(edited, bytes);
    let (status, page) = upload(&app, &[("openpyxl.xlsx", &edited)]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<b>1</b>可报送"), "{page}");
    let (_, page) = form(
        &app,
        "/plans/1/report-sheets/confirm",
        &[("sheets", &carried(&page))],
    )
    .await;
    assert!(page.contains("已报送 1"), "{page}");
    let r = latest(&app, item, ids.lead).await.unwrap();
    assert!(
        r.content
            .values
            .iter()
            .any(|v| v.target_id == target && v.value == goal / 4.0)
    );
    assert_eq!(r.content.progress, "已开工");
}

//! The ledger end to end through the router, with the clock moved by hand: import a seed
//! list, publish it, assign a share to a co-unit, file reports over simulated weeks, and
//! check lights, statuses, roll-ups and the not-reported list against numbers worked out by
//! hand. Then the delay and acceptance cycle, bad input, and two writers on one report.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use minsheng_domain::{ItemId, Role, TargetId, UnitId};
use minsheng_store::files::FileStore;
use minsheng_store::{ImportOptions, Store};
use minsheng_web::{AppState, Clock, router};
use serde_json::{Value, json};
use std::path::PathBuf;
use tower::ServiceExt;

const SEED: &str = "001_f24cf3da545d42f6.txt";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct App {
    router: axum::Router,
    store: Store,
    clock: Clock,
    _dir: tempfile::TempDir,
}

async fn call(
    app: &App,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost");
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let res = app
        .router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

async fn form(app: &App, uri: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = Request::post(uri)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn app() -> Option<App> {
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(SEED);
    let Ok(bytes) = std::fs::read(&seed) else {
        eprintln!("skipped: {} is not beside the checkout", seed.display());
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    let list = minsheng_importer::parse_bytes(&bytes, SEED).unwrap();
    store
        .import_plan(
            &list,
            &ImportOptions {
                region: "济宁高新区".into(),
                year: 2024,
                source_name: SEED.into(),
                source_bytes: bytes,
            },
        )
        .await
        .unwrap();
    let clock = Clock::fixed(d("2024-03-06"));
    let router = router(AppState::new(
        store.clone(),
        FileStore::new(dir.path().join("files")),
        clock.clone(),
    ));
    Some(App {
        router,
        store,
        clock,
        _dir: dir,
    })
}

struct Ids {
    school: ItemId,
    school_target: TargetId,
    enrol: ItemId,
    enrol_target: TargetId,
    canteen: ItemId,
    lead: UnitId,
    streets: UnitId,
}

async fn ids(app: &App) -> Ids {
    let p = app
        .store
        .plan_detail(minsheng_domain::PlanId(1), None)
        .await
        .unwrap();
    let by_seq = |s: &str| p.items.iter().find(|i| i.item.seq == s).unwrap();
    let units = app.store.units(None).await.unwrap();
    let unit = |n: &str| units.iter().find(|u| u.name == n).unwrap().id;
    Ids {
        school: by_seq("9").item.id,
        school_target: by_seq("9").targets[0].id,
        enrol: by_seq("7").item.id,
        enrol_target: by_seq("7").targets[0].id,
        canteen: by_seq("3").item.id,
        lead: unit("发展软环境保障局"),
        streets: unit("各街道"),
    }
}

fn report(
    unit: UnitId,
    period: &str,
    values: &[(TargetId, Value)],
    revision: Option<i64>,
) -> Value {
    json!({
        "unit_id": unit.0, "period_start": period, "revision": revision, "submit": true,
        "values": values.iter().map(|(t, v)| json!({"target_id": t.0, "value": v})).collect::<Vec<_>>(),
        "progress": "主体施工", "investments": [{"source": "local", "planned": 100, "completed": "40", "disbursed": 30}]
    })
}

fn item(ledger: &Value, id: ItemId) -> &Value {
    ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["detail"]["item"]["id"] == id.0)
        .unwrap()
}

fn lights(ledger: &Value) -> (i64, i64, i64) {
    let l = &ledger["rollup"]["by_light"];
    (
        l["green"].as_i64().unwrap(),
        l["yellow"].as_i64().unwrap(),
        l["red"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_year_of_weekly_reports() {
    let Some(app) = app().await else { return };
    let ids = ids(&app).await;
    // Not published yet: reports are refused.
    let (st, v, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{}/reports", ids.enrol.0),
        Some(report(
            ids.lead,
            "2024-03-04",
            &[(ids.enrol_target, json!(50))],
            None,
        )),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("尚未发布"));
    let (st, _) = form(&app, "/plans/1/state", &[("state", "published")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    // Assign units: the street offices answer for 3 of the 7 kindergartens.
    app.store
        .assign_unit(
            ids.school,
            ids.streets,
            Role::Co,
            Some((ids.school_target, 3.0)),
        )
        .await
        .unwrap();
    app.store
        .assign_unit(
            ids.school,
            ids.lead,
            Role::Lead,
            Some((ids.school_target, 4.0)),
        )
        .await
        .unwrap();

    // Week of 03-04, on Wednesday 03-06.
    for (item, unit, t, v) in [
        (ids.school, ids.lead, ids.school_target, 2),
        (ids.school, ids.streets, ids.school_target, 1),
        (ids.enrol, ids.lead, ids.enrol_target, 50),
    ] {
        let (st, body, _) = call(
            &app,
            "PUT",
            &format!("/api/v1/items/{}/reports", item.0),
            Some(report(unit, "2024-03-04", &[(t, json!(v))], None)),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "submitted");
    }

    // Monday 03-11: the week of 03-04 is closed. Expected 70/365 = 19.2%.
    app.clock.set(d("2024-03-11"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    let school = item(&l, ids.school);
    assert_eq!(
        school["targets"][0]["achieved"], 3.0,
        "2 + 1 from the two share holders"
    );
    assert_eq!(
        (
            school["assessment"]["light"].as_str(),
            school["assessment"]["status"].as_str()
        ),
        (Some("green"), Some("in_progress"))
    );
    // enrolment 50/500 = 10%, 9.2 points behind: still green.
    assert_eq!(item(&l, ids.enrol)["assessment"]["light"], "green");
    // canteen: nothing reported, 19.2 points behind: yellow, not started.
    let canteen = item(&l, ids.canteen);
    assert_eq!(
        (
            canteen["assessment"]["light"].as_str(),
            canteen["assessment"]["status"].as_str()
        ),
        (Some("yellow"), Some("not_started"))
    );
    // 27 items: 2 reported and green, the other 25 yellow and not reported.
    assert_eq!(l["rollup"]["items"], 27);
    assert_eq!(lights(&l), (2, 25, 0));
    assert_eq!(l["rollup"]["not_reported"], 25);
    assert_eq!(l["not_reported"].as_array().unwrap().len(), 25);

    // Week of 03-11: only enrolment reports; the school and its street share go missing.
    app.clock.set(d("2024-03-13"));
    let (st, _, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/items/{}/reports", ids.enrol.0),
        Some(report(
            ids.lead,
            "2024-03-11",
            &[(ids.enrol_target, json!(60))],
            None,
        )),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    app.clock.set(d("2024-03-18"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    let missing: Vec<(i64, &str)> = l["not_reported"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["item_id"] == ids.school.0)
        .map(|n| (n["unit_id"].as_i64().unwrap(), n["unit"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [(ids.lead.0, "发展软环境保障局"), (ids.streets.0, "各街道")]
    );
    assert_eq!(
        l["rollup"]["not_reported"], 26,
        "25 silent items and the school"
    );
    // The dashboard and the workbench say the same.
    let (st, _, page) = call(&app, "GET", "/plans/1/dashboard", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("未报送") && page.contains("建成公办幼儿园"));
    let (_, _, wb) = call(
        &app,
        "GET",
        &format!("/workbench?unit={}", ids.streets.0),
        None,
    )
    .await;
    assert!(
        wb.contains("建成公办幼儿园"),
        "the share holder sees the item"
    );

    // Year end passes: everything unfinished is overdue, red, and owes an explanation.
    app.clock.set(d("2025-01-02"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(lights(&l), (0, 0, 27));
    assert_eq!(l["rollup"]["overdue"], 27);
    assert_eq!(
        item(&l, ids.enrol)["assessment"]["explanation_required"],
        true
    );
    let (st, v, _) = call(&app, "POST", &format!("/api/v1/items/{}/delays", ids.enrol.0), Some(json!({"unit_id": ids.lead.0, "cause": "招标", "explanation": "招生计划待省厅批复", "steps": [{"step": "报请批复", "due_on": "2025-02-15"}], "new_deadline": "2025-03-31"}))).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let delay = v["id"].as_i64().unwrap();
    let (st, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/delays/{delay}/review"),
        Some(json!({"approve": true, "note": "同意", "by": "专班"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (_, iv, _) = call(
        &app,
        "GET",
        &format!("/api/v1/items/{}/ledger", ids.enrol.0),
        None,
    )
    .await;
    assert_eq!(iv["item"]["assessment"]["status"], "extended");
    assert_eq!(
        (
            iv["item"]["original_deadline"].as_str(),
            iv["item"]["current_deadline"].as_str(),
            iv["item"]["extensions"].as_i64()
        ),
        (Some("2024-12-31"), Some("2025-03-31"), Some(1))
    );
    let (_, _, page) = call(&app, "GET", &format!("/items/{}", ids.enrol.0), None).await;
    assert!(
        page.contains("<s>2024-12-31</s>") && page.contains("2025-03-31"),
        "original vs current deadline shown"
    );

    // The school is finished (4 + 3 = 7), accepted, and counts as completed only then.
    app.clock.set(d("2024-12-18"));
    for (unit, v) in [(ids.lead, 4), (ids.streets, 3)] {
        let (st, b, _) = call(
            &app,
            "PUT",
            &format!("/api/v1/items/{}/reports", ids.school.0),
            Some(report(
                unit,
                "2024-12-16",
                &[(ids.school_target, json!(v))],
                None,
            )),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{b}");
    }
    let (st, v, _) = call(&app, "POST", &format!("/api/v1/items/{}/acceptance", ids.school.0), Some(json!({"unit_id": ids.lead.0, "completed_on": "2024-12-18", "summary": "7所幼儿园已开园"}))).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(
        item(&l, ids.school)["assessment"]["status"],
        "awaiting_acceptance"
    );
    assert_eq!(l["rollup"]["completed"], 0);
    let (st, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/acceptance/{}/decision", v["id"]),
        Some(json!({"approve": true, "by": "验收组"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    app.clock.set(d("2024-12-20"));
    let (_, l, _) = call(&app, "GET", "/api/v1/plans/1/ledger", None).await;
    assert_eq!(item(&l, ids.school)["assessment"]["status"], "accepted");
    assert_eq!(item(&l, ids.school)["accepted_on"], "2024-12-18");
    assert_eq!(l["rollup"]["completed"], 1);
    let (_, rows, _) = call(&app, "GET", "/api/v1/plans/1/rollups?by=category", None).await;
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["label"] == "基础教育优质提升项目" && r["rollup"]["completed"] == 1)
    );
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_saved_is_lost() {
    let Some(app) = app().await else { return };
    let ids = ids(&app).await;
    form(&app, "/plans/1/state", &[("state", "published")]).await;
    let uri = format!("/api/v1/items/{}/reports", ids.enrol.0);
    let (st, saved, _) = call(
        &app,
        "PUT",
        &uri,
        Some(report(
            ids.lead,
            "2024-03-04",
            &[(ids.enrol_target, json!(50))],
            None,
        )),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let rev = saved["revision"].as_i64().unwrap();
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            report(
                ids.lead,
                "2024-03-04",
                &[(ids.enrol_target, json!(-5))],
                Some(rev),
            ),
            StatusCode::BAD_REQUEST,
            "不能为负数",
        ),
        (
            report(
                ids.lead,
                "2024-03-04",
                &[(ids.enrol_target, json!("五十"))],
                Some(rev),
            ),
            StatusCode::BAD_REQUEST,
            "不是数字",
        ),
        (
            report(
                ids.lead,
                "2024-03-04",
                &[(ids.school_target, json!(1))],
                Some(rev),
            ),
            StatusCode::BAD_REQUEST,
            "不属于此项目",
        ),
        (
            report(
                ids.lead,
                "2024-03-11",
                &[(ids.enrol_target, json!(1))],
                None,
            ),
            StatusCode::BAD_REQUEST,
            "尚未开始",
        ),
        (
            report(
                ids.lead,
                "2024-03-04",
                &[(ids.enrol_target, json!(70))],
                Some(rev - 1),
            ),
            StatusCode::CONFLICT,
            "已被他人修改",
        ),
        (json!({"unit_id": "x"}), StatusCode::BAD_REQUEST, "JSON"),
    ];
    for (body, want, msg) in cases {
        let (st, v, _) = call(&app, "PUT", &uri, Some(body)).await;
        assert_eq!(st, want, "{v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(msg),
            "{msg}: {v}"
        );
    }
    // A locked period refuses corrections.
    app.clock.set(d("2024-03-12"));
    let (st, _) = form(&app, "/plans/1/lock", &[("period", "2024-03-04")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let mut fix = report(
        ids.lead,
        "2024-03-04",
        &[(ids.enrol_target, json!(55))],
        Some(rev),
    );
    fix["correction_reason"] = json!("补报");
    let (st, v, _) = call(&app, "PUT", &uri, Some(fix)).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(v["error"]["message"].as_str().unwrap().contains("已锁定"));
    // What was saved first is intact.
    let (_, all, _) = call(
        &app,
        "GET",
        &format!("/api/v1/items/{}/reports", ids.enrol.0),
        None,
    )
    .await;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["content"]["values"][0]["value"], 50.0);
    assert_eq!(all[0]["content"]["investments"][0]["completed"], 40.0);
    // A cross-site post is refused.
    let req = Request::put(&uri)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            report(ids.lead, "2024-03-11", &[], None).to_string(),
        ))
        .unwrap();
    assert_eq!(
        app.router.clone().oneshot(req).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let b = "XBOUNDARYx7";
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (field, name, bytes) in files {
        out.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        out.extend(*bytes);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), out)
}

async fn post_form(
    app: &App,
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> (StatusCode, String, Option<String>) {
    let (ct, body) = multipart(fields, files);
    let req = Request::post(uri)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let loc = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), loc)
}

fn jpeg_with_exif() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(800, 600, image::Rgb([40, 120, 200]));
    let mut jpg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 85)
        .encode_image(&img)
        .unwrap();
    // An APP1 Exif segment with DateTimeOriginal, inserted after SOI.
    let mut tiff: Vec<u8> = b"II*\x00\x08\x00\x00\x00".to_vec();
    // IFD0: one entry, ExifIFD pointer (0x8769) → offset 26.
    tiff.extend([1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0]);
    // Exif IFD at 26: DateTimeOriginal (0x9003), ASCII, 20 bytes at offset 44.
    tiff.extend([1, 0, 0x03, 0x90, 2, 0, 20, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0]);
    tiff.extend(b"2024:03:05 10:21:07\x00");
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(&app1);
    out.extend(&jpg[2..]);
    out
}

#[tokio::test]
async fn report_form_keeps_typed_values_on_refusal_and_checks_files_by_content() {
    let Some(app) = app().await else { return };
    let ids = ids(&app).await;
    form(&app, "/plans/1/state", &[("state", "published")]).await;
    let uri = format!("/items/{}/report", ids.enrol.0);
    let unit = ids.lead.0.to_string();
    let t = format!("t{}", ids.enrol_target.0);
    // A draft with a photo: the photo gets a thumbnail and keeps its EXIF time.
    let photo = jpeg_with_exif();
    let (st, body, loc) = post_form(
        &app,
        &uri,
        &[
            ("unit", &unit),
            ("period", "2024-03-04"),
            ("revision", "0"),
            (&t, "40"),
            ("progress", "完成招生方案"),
            ("action", "save"),
        ],
        &[("files", "现场.jpg", &photo)],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER, "{body}");
    assert!(loc.unwrap().contains("saved=draft"));
    let files = app.store.item_attachments(ids.enrol).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].taken_at.as_deref(), Some("2024:03:05 10:21:07"));
    assert!(files[0].has_thumb);
    let (st, _, _) = call(
        &app,
        "GET",
        &format!("/files/{}/thumb", files[0].id.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let req = Request::get(format!("/files/{}", files[0].id.0))
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    // An .exe named .jpg, a 21 MB file, a bad number: refused, typed values kept, nothing lost.
    let exe = [
        b"MZ\x90\x00".as_slice(),
        &[0u8; 60],
        b"PE\x00\x00",
        &[0u8; 200],
    ]
    .concat();
    let big = vec![0xFFu8; 21 << 20];
    let page_rev = "1";
    for (files, fields_extra, want) in [
        (
            vec![("files", "photo.jpg", exe.as_slice())],
            ("problems", "雨季"),
            "可执行程序",
        ),
        (
            vec![("files", "huge.jpg", big.as_slice())],
            ("problems", "雨季"),
            "20 MB",
        ),
        (vec![], ("problems", "雨季"), ""),
    ] {
        let value = if want.is_empty() { "四十五" } else { "45" };
        let (st, body, _) = post_form(
            &app,
            &uri,
            &[
                ("unit", &unit),
                ("period", "2024-03-04"),
                ("revision", page_rev),
                (&t, value),
                fields_extra,
                ("action", "submit"),
            ],
            &files,
        )
        .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        let want = if want.is_empty() {
            "不是数字"
        } else {
            want
        };
        assert!(body.contains(want), "{want}");
        assert!(
            body.contains("雨季") && body.contains(&format!("value=\"{value}\"")),
            "typed values are shown again"
        );
    }
    let r = app
        .store
        .report_versions(ids.enrol, ids.lead, d("2024-03-04"))
        .await
        .unwrap();
    assert_eq!(
        (
            r.len(),
            r[0].content.values[0].value,
            r[0].attachments.len()
        ),
        (1, 40.0, 1)
    );

    // Two people open the draft (revision 1); the first submits, the second gets 409 with
    // their own values still in the form, and the first one's submission stands.
    let (st, _, _) = post_form(
        &app,
        &uri,
        &[
            ("unit", &unit),
            ("period", "2024-03-04"),
            ("revision", "1"),
            (&t, "45"),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body, _) = post_form(
        &app,
        &uri,
        &[
            ("unit", &unit),
            ("period", "2024-03-04"),
            ("revision", "1"),
            (&t, "47"),
            ("progress", "另一人的填写"),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(
        body.contains("已被他人修改")
            && body.contains("value=\"47\"")
            && body.contains("另一人的填写")
    );
    let r = app
        .store
        .report_versions(ids.enrol, ids.lead, d("2024-03-04"))
        .await
        .unwrap();
    assert_eq!(
        (r.len(), r[0].content.values[0].value, r[0].state.code()),
        (1, 45.0, "submitted")
    );
    // The correction becomes version 2; the history shows the change.
    let (st, _, _) = post_form(
        &app,
        &uri,
        &[
            ("unit", &unit),
            ("period", "2024-03-04"),
            ("revision", &r[0].revision.to_string()),
            (&t, "47"),
            ("correction_reason", "漏计2人"),
            ("action", "submit"),
        ],
        &[],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let r = app
        .store
        .report_versions(ids.enrol, ids.lead, d("2024-03-04"))
        .await
        .unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[1].attachments.len(),
        1,
        "the correction keeps the evidence"
    );
    let (_, _, hist) = call(&app, "GET", &format!("/reports/{}", r[1].id.0), None).await;
    assert!(
        hist.contains("漏计2人")
            && hist.contains("<td class=\"before\">45</td>")
            && hist.contains("<td class=\"after\">47</td>"),
        "{hist}"
    );
}

//! Bad input to the ledger through the API and the report form: each refusal says what was
//! wrong, keeps what the user typed, and loses nothing already saved; files are checked by
//! content; two writers on one report give one success and one conflict.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, call, d, form, ids, jpeg_with_exif, on_both, post_form, report, send};
use serde_json::{Value, json};

async fn bad_input_is_refused_and_nothing_saved_is_lost(app: App) {
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
        // Finite but beyond any real quantity: a value, an investment, a percentage.
        (
            report(
                ids.lead,
                "2024-03-04",
                &[(ids.enrol_target, json!(1e308))],
                Some(rev),
            ),
            StatusCode::BAD_REQUEST,
            "过大",
        ),
        (
            {
                let mut b = report(ids.lead, "2024-03-04", &[], Some(rev));
                b["investments"][0]["completed"] = json!(1e308);
                b
            },
            StatusCode::BAD_REQUEST,
            "过大",
        ),
        (
            {
                let mut b = report(ids.lead, "2024-03-04", &[], Some(rev));
                b["percent"] = json!(1e308);
                b
            },
            StatusCode::BAD_REQUEST,
            "过大",
        ),
    ];
    // As the lead unit's liaison, so the body alone decides each answer.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    for (body, want, msg) in cases {
        let (st, v, _) = call(&app, "PUT", &uri, Some(body)).await;
        assert_eq!(st, want, "{v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(msg),
            "{msg}: {v}"
        );
    }
    app.act_as(None);
    // A locked period refuses a correction without a reason.
    app.clock.set(d("2024-03-12"));
    let (st, _) = form(&app, "/plans/1/lock", &[("period", "2024-03-04")]).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let fix = report(
        ids.lead,
        "2024-03-04",
        &[(ids.enrol_target, json!(55))],
        Some(rev),
    );
    let (st, v, _) = call(&app, "PUT", &uri, Some(fix)).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
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
    // A cross-site post is refused, even with a valid session.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let req = Request::put(&uri)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json");
    let body = Body::from(report(ids.lead, "2024-03-11", &[], None).to_string());
    assert_eq!(send(&app, req, body).await.status(), StatusCode::FORBIDDEN);
}

async fn report_form_keeps_typed_values_on_refusal_and_checks_files_by_content(app: App) {
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
    // The draft's files are the unit's own until it submits.
    let liaison = app.unit_user(ids.lead).await;
    app.act_as(Some(&liaison));
    let (st, _, _) = call(
        &app,
        "GET",
        &format!("/files/{}/thumb", files[0].id.0),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let res = send(
        &app,
        Request::get(format!("/files/{}", files[0].id.0)),
        Body::empty(),
    )
    .await;
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "private, no-store",
        "a private file is not kept by the browser"
    );
    app.act_as(None);
    let (st, _, _) = call(&app, "GET", &format!("/files/{}", files[0].id.0), None).await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "the office does not see a unit's draft files"
    );

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

on_both!(
    bad_input_is_refused_and_nothing_saved_is_lost,
    report_form_keeps_typed_values_on_refusal_and_checks_files_by_content,
);

//! Administration pages: bulk creation of unit accounts from a sheet (all or nothing), the
//! directory forms, and the audit page's filter and chain banner.

mod common;

use axum::http::StatusCode;
use common::{App, form, on_both, post_form};
use minsheng_domain::access::UserRole;

/// Uploads a sheet to the bulk form: (status, page).
async fn bulk(app: &common::App, csv: &str) -> (StatusCode, String, Option<String>) {
    post_form(
        app,
        "/admin/users/bulk",
        &[],
        &[("sheet", "units.csv", csv.as_bytes())],
    )
    .await
}

async fn unit_accounts_from_a_sheet_all_or_nothing(app: App) {
    let admin = app.user("admin", UserRole::Admin, &[], None, &[]).await;
    app.act_as(Some(&admin));
    // One unknown unit: nothing is created, and the row is named.
    let bad =
        "用户名,姓名,单位,角色\nrj.li,李,发展软环境保障局,\nxx.wang,王,不存在的局,单位负责人\n";
    let (st, body, _) = bulk(&app, bad).await;
    assert_eq!(st, StatusCode::OK);
    assert!(body.contains("第 3 行：找不到单位“不存在的局”"), "{body}");
    assert!(
        app.store.user_by_name("rj.li").await.unwrap().is_none(),
        "nothing created"
    );
    // Fixed: both accounts, bound to their units, each with an initial password shown once.
    let good = "用户名,姓名,单位,角色\nrj.li,李,发展软环境保障局,\nst.wang,王,各街道,单位负责人\n";
    let (_, body, _) = bulk(&app, good).await;
    assert_eq!(body.matches("<code>Ms-").count(), 2, "{body}");
    let li = app.store.user_by_name("rj.li").await.unwrap().unwrap();
    let wang = app.store.user_by_name("st.wang").await.unwrap().unwrap();
    let ids = common::ids(&app).await;
    assert_eq!(
        (li.role, li.units.clone()),
        (UserRole::UnitStaff, vec![ids.lead])
    );
    assert_eq!(
        (wang.role, wang.units.clone()),
        (UserRole::UnitHead, vec![ids.streets])
    );
    assert!(li.must_change_password && wang.must_change_password);
    // The same sheet again: the names are taken, nothing changes.
    let (_, body, _) = bulk(&app, good).await;
    assert!(body.contains("已存在"), "{body}");
    // An office account confined to a region by name; an unknown region or an administrator
    // with one is named by row, and nothing is created.
    let region = app.store.regions().await.unwrap()[0].clone();
    let bad = format!(
        "用户名,单位,角色,所属地区\ncity.office,各街道,coordinator,{}\nx.admin,各街道,系统管理员,{}\ny.unit,各街道,,火星市\n",
        region.name, region.name
    );
    let (_, body, _) = bulk(&app, &bad).await;
    assert!(
        body.contains("第 3 行：系统管理员") && body.contains("第 4 行：找不到地区“火星市”"),
        "{body}"
    );
    assert!(
        app.store
            .user_by_name("city.office")
            .await
            .unwrap()
            .is_none()
    );
    let good = format!(
        "用户名,单位,角色,所属地区\ncity.office,各街道,coordinator,{}\n",
        region.name
    );
    let (_, body, _) = bulk(&app, &good).await;
    assert_eq!(body.matches("<code>Ms-").count(), 1, "{body}");
    let office = app
        .store
        .user_by_name("city.office")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(office.region, Some(region.id));
    // A sheet without the required columns says which ones.
    let (_, body, _) = bulk(&app, "姓名\n李\n").await;
    assert!(body.contains("用户名") && body.contains("单位"), "{body}");
}

async fn directory_edits_and_the_audit_page(app: App) {
    let admin = app.user("admin", UserRole::Admin, &[], None, &[]).await;
    app.act_as(Some(&admin));
    let ids = common::ids(&app).await;
    let region = app.store.regions().await.unwrap()[0].id.0.to_string();
    let unit = ids.lead.0.to_string();
    let (st, _) = form(
        &app,
        "/admin/units",
        &[
            ("id", &unit),
            ("name", "发展软环境保障局"),
            ("kind", "department"),
            ("region", &region),
            ("aliases", "软环境局、软环境保障局"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let u = app
        .store
        .units(None)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.id == ids.lead)
        .unwrap();
    assert_eq!(u.aliases, ["软环境保障局", "软环境局"]);
    let (st, _) = form(
        &app,
        "/admin/leaders",
        &[
            ("name", "赵副区长"),
            ("title", "副区长"),
            ("region", &region),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let (st, body) = form(
        &app,
        "/admin/units",
        &[("name", ""), ("kind", "department"), ("region", &region)],
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    let (st, _, page) = common::call(
        &app,
        "GET",
        &format!("/admin/audit?entity=unit&entity_id={unit}"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        page.contains("哈希链完整") && page.contains("修改单位") && page.contains("软环境局"),
        "{page}"
    );
    assert!(!page.contains("新增领导"), "filtered to the unit");
    // Said in words, in Beijing time, not as codes.
    assert!(
        !page.contains("unit.update") && !page.contains("UTC"),
        "{page}"
    );
    // Only administrators see it.
    app.act_as(None);
    let (st, _, _) = common::call(&app, "GET", "/admin/audit", None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

on_both!(
    unit_accounts_from_a_sheet_all_or_nothing,
    directory_edits_and_the_audit_page,
);

//! Offices confined to a region, on both databases: a county office reads its own list, not a
//! sibling county's nor its city's; a city office reads its counties, not another city's; a
//! province office reads them all. Pages, the JSON API and the region cockpit are refused
//! beyond one's region; a published list beyond it reads as the public's; drafts, roll-ups and
//! new lists keep to the region; an administrator cannot be confined; the region is set on the
//! account form. An allocated item's adjustment is decided by the office that allocated it.

mod common;
#[path = "support/confine.rs"]
mod confine;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use confine::confine;
use minsheng_domain::Refusal;
use minsheng_domain::access::UserRole;
use minsheng_domain::adjustment::AdjustmentKind;
use minsheng_domain::{ItemId, PlanId, PlanState, RegionId, RegionLevel};
use minsheng_store::{
    Actor, AdjustmentDecision, AdjustmentInput, AllocationInput, ImportOptions, StoreError,
};

/// Province > two cities; the first city > two counties (one of them the seed's), the second
/// city > one county. Each county has the seed list; the sibling's and the far one's published,
/// a draft beside them.
struct Tree {
    province: RegionId,
    city: RegionId,
    other_city: RegionId,
    own_item: ItemId,
    sibling_item: ItemId,
    sibling_plan: PlanId,
    far_item: ItemId,
    far_plan: PlanId,
    sibling_draft: PlanId,
    far_draft: PlanId,
}

/// The seed list imported as `region`'s list of 2024 (a draft).
async fn seed_list(s: &minsheng_store::Store, region: &str) -> PlanId {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/seeds/docs")
            .join(SEED),
    )
    .unwrap();
    let list = minsheng_importer::parse_bytes(&bytes, SEED).unwrap();
    let opts = ImportOptions {
        region: region.into(),
        year: 2024,
        source_name: SEED.into(),
        source_bytes: bytes,
    };
    s.import_plan(&list, &opts).await.unwrap().plan_id
}

async fn tree(app: &App) -> Tree {
    let s = &app.store;
    let province = s
        .save_region(None, "山东省", RegionLevel::Province, None)
        .await
        .unwrap();
    let city = s
        .save_region(None, "济宁市", RegionLevel::City, Some(province))
        .await
        .unwrap();
    let other_city = s
        .save_region(None, "淄博市", RegionLevel::City, Some(province))
        .await
        .unwrap();
    let own = s.plan_detail(PlanId(1), None).await.unwrap().region;
    s.save_region(Some(own.id), &own.name, RegionLevel::District, Some(city))
        .await
        .unwrap();
    s.set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let sibling = s
        .save_region(None, "任城区", RegionLevel::District, Some(city))
        .await
        .unwrap();
    let far = s
        .save_region(None, "淄川区", RegionLevel::District, Some(other_city))
        .await
        .unwrap();
    let mut plans = Vec::new();
    for region in ["任城区", "淄川区", "任城区", "淄川区"] {
        plans.push(seed_list(s, region).await);
    }
    for p in &plans[..2] {
        s.set_plan_state(*p, PlanState::Published).await.unwrap();
    }
    let first = |p: PlanId| async move { s.plan_detail(p, None).await.unwrap().items[0].item.id };
    assert_eq!(
        s.plan_detail(plans[0], None).await.unwrap().region.id,
        sibling
    );
    assert_eq!(s.plan_detail(plans[1], None).await.unwrap().region.id, far);
    Tree {
        province,
        city,
        other_city,
        own_item: first(PlanId(1)).await,
        sibling_item: first(plans[0]).await,
        sibling_plan: plans[0],
        far_item: first(plans[1]).await,
        far_plan: plans[1],
        sibling_draft: plans[2],
        far_draft: plans[3],
    }
}

/// An office account confined to `region`.
async fn office(app: &App, name: &str, region: RegionId) -> String {
    let user = app.user(name, UserRole::Coordinator, &[], None, &[]).await;
    confine(&app.store, name, region).await;
    user
}

async fn status(app: &App, uri: &str) -> StatusCode {
    call(app, "GET", uri, None).await.0
}

async fn each_office_reads_its_region_and_below(app: App) {
    let t = tree(&app).await;
    let own_region = app
        .store
        .plan_detail(PlanId(1), None)
        .await
        .unwrap()
        .region
        .id;
    let county = office(&app, "county_office", own_region).await;
    let city = office(&app, "city_office", t.city).await;
    let province = office(&app, "province_office", t.province).await;
    let item = |i: ItemId| format!("/items/{}", i.0);
    let ledger = |i: ItemId| format!("/api/v1/items/{}/ledger", i.0);
    let cockpit = |r: RegionId| format!("/regions/{}/cockpit", r.0);
    let dashboard = |p: PlanId| format!("/plans/{}/dashboard", p.0);

    app.act_as(Some(&county));
    assert_eq!(status(&app, &item(t.own_item)).await, StatusCode::OK);
    assert_eq!(status(&app, &dashboard(PlanId(1))).await, StatusCode::OK);
    for uri in [
        item(t.sibling_item),
        ledger(t.sibling_item),
        dashboard(t.sibling_plan),
        cockpit(t.city),
        item(t.far_item),
    ] {
        assert_eq!(
            status(&app, &uri).await,
            StatusCode::FORBIDDEN,
            "county: {uri}"
        );
    }
    let (st, v, body) = call(&app, "GET", &ledger(t.sibling_item), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("其他地区"),
        "{body}"
    );

    app.act_as(Some(&city));
    for uri in [
        item(t.own_item),
        item(t.sibling_item),
        ledger(t.sibling_item),
        dashboard(t.sibling_plan),
        cockpit(t.city),
    ] {
        assert_eq!(status(&app, &uri).await, StatusCode::OK, "city: {uri}");
    }
    for uri in [
        item(t.far_item),
        ledger(t.far_item),
        dashboard(t.far_plan),
        cockpit(t.other_city),
        cockpit(t.province),
    ] {
        assert_eq!(
            status(&app, &uri).await,
            StatusCode::FORBIDDEN,
            "city: {uri}"
        );
    }
    // A unit's workbench: its counties' units, not another city's.
    let store = &app.store;
    let unit_of = |i: ItemId| async move { store.item_detail(i).await.unwrap().1.lead_units[0].id };
    let (near, far) = (unit_of(t.sibling_item).await, unit_of(t.far_item).await);
    assert_ne!(near, far, "units are per region");
    assert_eq!(
        status(&app, &format!("/workbench?unit={}", near.0)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, &format!("/workbench?unit={}", far.0)).await,
        StatusCode::FORBIDDEN
    );
    // Citizens' messages to moderate: its counties', not another city's; the home counts its own.
    for (item, body) in [
        (t.sibling_item, "任城区的工地晚上十点还在施工"),
        (t.far_item, "淄川区的路灯一直不亮"),
    ] {
        let note = minsheng_store::NewFeedback {
            kind: minsheng_domain::civic::FeedbackKind::Comment,
            body: body.into(),
            name: None,
            phone: Some("13800000000".into()),
            client: minsheng_store::Client {
                address: format!("10.0.0.{}", item.0 % 200),
                agent: "test".into(),
            },
        };
        store
            .leave_feedback(item, &note, app.clock.now().at)
            .await
            .unwrap();
    }
    let (_, _, queue) = call(&app, "GET", "/feedback", None).await;
    assert!(
        queue.contains("任城区的工地") && !queue.contains("淄川区的路灯"),
        "{queue}"
    );
    // Another city's published list reads as the public's; its draft is missing.
    let (st, _, page) = call(&app, "GET", &format!("/plans/{}", t.far_plan.0), None).await;
    assert_eq!(st, StatusCode::OK, "{page}");
    assert!(
        !page.contains("city_office"),
        "shown as to the public: {page}"
    );
    let (st, _, page) = call(&app, "GET", &format!("/plans/{}", t.sibling_plan.0), None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        page.contains("city_office"),
        "its own county's list, signed in: {page}"
    );
    assert_eq!(
        status(&app, &format!("/plans/{}", t.far_draft.0)).await,
        StatusCode::NOT_FOUND
    );
    // The index lists its counties' drafts, not another city's.
    let (_, _, index) = call(&app, "GET", "/?year=2024", None).await;
    assert!(
        index.contains(&format!("/plans/{}\"", t.sibling_draft.0)),
        "{index}"
    );
    assert!(
        !index.contains(&format!("/plans/{}\"", t.far_draft.0)),
        "{index}"
    );
    // Roll-ups: its own region and those below.
    let (st, v, body) = call(
        &app,
        "GET",
        "/api/v1/rollups?year=2024&date=2024-03-06",
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let labels: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"任城区") && !labels.contains(&"淄川区"),
        "{labels:?}"
    );

    app.act_as(Some(&province));
    for uri in [
        item(t.own_item),
        item(t.far_item),
        cockpit(t.province),
        cockpit(t.other_city),
    ] {
        assert_eq!(status(&app, &uri).await, StatusCode::OK, "province: {uri}");
    }
}

async fn new_lists_keep_to_the_region(app: App) {
    let t = tree(&app).await;
    let own_region = app
        .store
        .plan_detail(PlanId(1), None)
        .await
        .unwrap()
        .region
        .id;
    let county = office(&app, "county_office", own_region).await;
    app.act_as(Some(&county));
    let (st, v, body) = call(
        &app,
        "POST",
        "/api/v1/plans",
        Some(serde_json::json!({"region": "淄川区", "year": 2025})),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(v["error"]["reason"], "beyond_region", "{body}");
    // A region not yet known is made below the office's.
    let (st, v, body) = call(
        &app,
        "POST",
        "/api/v1/plans",
        Some(serde_json::json!({"region": "王因街道", "year": 2025})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let plan = PlanId(v["id"].as_i64().unwrap());
    let street = app.store.plan_detail(plan, None).await.unwrap().region;
    assert_eq!(street.parent_id, Some(own_region));
    let _ = t;
}

async fn the_account_form_sets_the_region(app: App) {
    let t = tree(&app).await;
    let admin = app.user("admin", UserRole::Admin, &[], None, &[]).await;
    app.act_as(Some(&admin));
    let (st, body) = form(
        &app,
        "/admin/users",
        &[
            ("username", "jining"),
            ("role", "coordinator"),
            ("region", "济宁市"),
        ],
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let u = app
        .store
        .user_by_name("jining")
        .await
        .unwrap()
        .expect("created");
    assert_eq!(u.region, Some(t.city));
    // An administrator is not confined; an unknown name says what to write.
    let (_, body) = form(
        &app,
        "/admin/users",
        &[
            ("username", "countyadmin"),
            ("role", "admin"),
            ("region", "济宁市"),
        ],
    )
    .await;
    assert!(body.contains("系统管理员管理全部账号"), "{body}");
    let (_, body) = form(
        &app,
        "/admin/users",
        &[
            ("username", "nowhere"),
            ("role", "viewer"),
            ("region", "不存在县"),
        ],
    )
    .await;
    assert!(body.contains("没有名为“不存在县”的地区"), "{body}");
    for name in ["countyadmin", "nowhere"] {
        assert!(
            app.store.user_by_name(name).await.unwrap().is_none(),
            "{name}"
        );
    }
}

async fn an_allocated_items_adjustment_goes_to_the_allocating_office(app: App) {
    let t = tree(&app).await;
    let s = &app.store;
    let own_region = s.plan_detail(PlanId(1), None).await.unwrap().region.id;
    // The city's own list, with one of its items given to the seed's county.
    let city_list = seed_list(s, "济宁市").await;
    s.set_plan_state(city_list, PlanState::Published)
        .await
        .unwrap();
    let given = s.plan_detail(city_list, None).await.unwrap();
    let it = given.items.iter().find(|i| !i.targets.is_empty()).unwrap();
    let to = AllocationInput {
        region: own_region,
        shares: vec![(it.targets[0].id, 1.0)],
    };
    let now = app.clock.now();
    let placed = s.allocate(it.item.id, &[to], now.at).await.unwrap();
    let child = placed[0].item;
    let (child_plan, _) = s.item_detail(child).await.unwrap();
    let adj = s
        .propose_adjustment(
            child_plan.id,
            AdjustmentInput {
                kind: AdjustmentKind::Terminate,
                item: Some(child),
                after: None,
                reason: "场地纳入片区统一改造，本项目终止".into(),
                major: false,
                unit: None,
                parts: vec![],
                merged: vec![],
            },
            now,
        )
        .await
        .unwrap();
    let acting = |region| {
        s.acting(Actor {
            region: Some(region),
            ..Actor::cli()
        })
    };
    let decide = || AdjustmentDecision {
        approve: false,
        note: "请补充片区改造批复".into(),
        decision: None,
    };
    match acting(own_region)
        .decide_adjustment(adj, decide(), now)
        .await
    {
        Err(StoreError::Refused(Refusal::DecidedAbove { region })) => assert_eq!(region, "济宁市"),
        other => panic!("expected decided_above, got {other:?}"),
    }
    // The county office's to-do list leaves it out; the city's shows it.
    let county = office(&app, "county_office", own_region).await;
    let city = office(&app, "city_office", t.city).await;
    app.act_as(Some(&county));
    let link = format!("href=\"/adjustments/{adj}\"");
    let (_, _, home) = call(&app, "GET", "/home", None).await;
    assert!(!home.contains(&link), "{home}");
    // The county's item names where it came from, without a link the county could not follow.
    let page = format!("/items/{}/allocation", child.0);
    let up = format!("href=\"/items/{}/allocation\"", it.item.id.0);
    let (_, _, from) = call(&app, "GET", &page, None).await;
    assert!(
        from.contains("id=\"allocated-from\"") && !from.contains(&up),
        "{from}"
    );
    app.act_as(Some(&city));
    let (_, _, from) = call(&app, "GET", &page, None).await;
    assert!(from.contains(&up), "{from}");
    let (_, _, home) = call(&app, "GET", "/home", None).await;
    assert!(home.contains(&link), "{home}");
    acting(t.city)
        .decide_adjustment(adj, decide(), now)
        .await
        .unwrap();
}

/// A city office's bulletin names the counties lagging on the items the city allocated to
/// them, on the page, in the DOCX and in the XLSX; a county office cannot read it.
async fn a_city_bulletin_names_its_lagging_counties(app: App) {
    let t = tree(&app).await;
    let s = &app.store;
    let own_region = s.plan_detail(PlanId(1), None).await.unwrap().region;
    let city_list = seed_list(s, "济宁市").await;
    s.set_plan_state(city_list, PlanState::Published)
        .await
        .unwrap();
    let given = s.plan_detail(city_list, None).await.unwrap();
    let it = given.items.iter().find(|i| !i.targets.is_empty()).unwrap();
    let sibling = s.plan_detail(t.sibling_plan, None).await.unwrap().region;
    let share = |region: RegionId| AllocationInput {
        region,
        shares: vec![(it.targets[0].id, 1.0)],
    };
    let placed = s
        .allocate(
            it.item.id,
            &[share(own_region.id), share(sibling.id)],
            app.clock.now().at,
        )
        .await
        .unwrap();
    // The seed's county gets its item on its published list; 任城区 has two lists of the year,
    // and one of them is a draft: whichever it went to, the bulletin says what it shows.
    let city = office(&app, "city_office", t.city).await;
    app.act_as(Some(&city));
    let (st, _) = form(
        &app,
        &format!("/plans/{}/bulletins", city_list.0),
        &[("kind", "monthly"), ("date", "")],
    )
    .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let b = s.bulletins(city_list).await.unwrap()[0].clone();
    let data = s.bulletin_content(&b, app.clock.today()).await.unwrap();
    assert_eq!(data.allocated, 1);
    let mut names: Vec<&str> = data.regions.iter().map(|r| r.region.as_str()).collect();
    names.sort();
    let mut expected = vec![own_region.name.as_str(), sibling.name.as_str()];
    expected.sort();
    assert_eq!(names, expected);
    let line = data.regions_line();
    assert!(line.starts_with("本级下达 2 个地区的任务 1 项"), "{line}");
    for r in &data.regions {
        assert_eq!(
            line.contains(&format!("{}（", r.region)),
            r.lagging(),
            "{line}"
        );
    }
    let (_, _, page) = call(&app, "GET", &format!("/bulletins/{}", b.id), None).await;
    assert!(page.contains("id=\"regions\""), "{page}");
    assert!(page.contains(&line), "{page}");
    for p in &placed {
        let r = s.region(p.region).await.unwrap();
        assert!(page.contains(&format!("data-region=\"{}\"", r.name)));
    }
    let (st, docx) = get_bytes(&app, &format!("/bulletins/{}/docx", b.id)).await;
    assert_eq!(st, StatusCode::OK);
    let text = docx_text(&docx);
    assert!(
        text.contains("各地区推进情况") && text.contains(&line),
        "{text}"
    );
    let (_, xlsx) = get_bytes(&app, &format!("/bulletins/{}/xlsx", b.id)).await;
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = wb.worksheet_range("各地区").unwrap();
    assert_eq!(sheet.height(), 1 + 2);
    assert_eq!(
        sheet.rows().nth(1).unwrap()[0],
        Data::String(data.regions[0].region.clone())
    );
    // To the county office the city's draft bulletin does not exist; once issued, it reads it
    // as the public does.
    let county = office(&app, "county_office", own_region.id).await;
    app.act_as(Some(&county));
    let uri = format!("/bulletins/{}", b.id);
    assert_eq!(status(&app, &uri).await, StatusCode::NOT_FOUND);
    s.issue_bulletin(b.id, app.clock.now()).await.unwrap();
    let (st, _, page) = call(&app, "GET", &uri, None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains(&line) && !page.contains("id=\"edit-bulletin\""));
}

on_both!(
    each_office_reads_its_region_and_below,
    new_lists_keep_to_the_region,
    the_account_form_sets_the_region,
    an_allocated_items_adjustment_goes_to_the_allocating_office,
    a_city_bulletin_names_its_lagging_counties
);

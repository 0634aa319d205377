//! Accounts and the audit log on SQLite and PostgreSQL alike: every write leaves one row in
//! the same transaction, a refused write leaves none, rows name who acted, and the hash
//! chain catches an edited row, a deleted row and rows cut off the end.

use chrono::Utc;
use minsheng_domain::PlanState;
use minsheng_domain::access::UserRole;
use minsheng_store::accounts::{AuthConfig, LoginError, NewUser};
use minsheng_store::audit::check_chain;
use minsheng_store::{Actor, AuditFilter, Store};

#[macro_use]
mod common;

const LIST: &str = "示范区2025年民生实事项目清单\n\t序号\n\t项目名称\n\t建设内容\n\t牵头单位\n\t完成时限\n\n\t1\n\t新建幼儿园\n\t新建公办幼儿园4所。\n\t教育局\n\t年底\n";

async fn rows(store: &Store) -> Vec<minsheng_store::AuditEntry> {
    store
        .audit_entries(&AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
}

async fn audit_chain_case(store: Store) {
    let cli = store.acting(Actor::cli());
    let s = common::published_list(&cli, LIST).await;
    // A refused change writes nothing, to the audit log either.
    let before = rows(&store).await.len();
    assert!(
        cli.set_plan_state(s.plan_id, PlanState::Draft)
            .await
            .is_err()
    );
    assert_eq!(rows(&store).await.len(), before);
    let user = cli
        .create_user(
            &NewUser {
                username: "li.si".into(),
                display_name: "李四".into(),
                role: UserRole::Viewer,
                password: "Li-si-2025".into(),
                must_change_password: false,
                units: vec![],
                leader: None,
                monitors: vec![],
                region: None,
                phone: None,
                email: None,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    // Every field is bounded: a display name of a megabyte is refused, and writes nothing.
    let huge = NewUser {
        username: "wang.wu".into(),
        display_name: "王".repeat(1 << 20),
        role: UserRole::Viewer,
        password: "Wang-wu-2025".into(),
        must_change_password: false,
        units: vec![],
        leader: None,
        monitors: vec![],
        region: None,
        phone: None,
        email: None,
    };
    let e = store.create_user(&huge, Utc::now()).await.unwrap_err();
    assert!(e.to_string().contains("显示名称最多"), "{e}");
    assert!(store.user_by_name("wang.wu").await.unwrap().is_none());
    let (_, token, _) = store
        .login(
            "li.si",
            "Li-si-2025",
            "10.0.0.7",
            "ua",
            Utc::now(),
            &AuthConfig::default(),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .login(
                "li.si",
                "nope",
                "10.0.0.7",
                "ua",
                Utc::now(),
                &AuthConfig::default()
            )
            .await,
        Err(LoginError::Wrong)
    ));
    store.end_session(&token).await.unwrap();
    let all = rows(&store).await;
    let actions: Vec<&str> = all.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "region.create",
            "plan.import",
            "plan.state",
            "user.create",
            "auth.login",
            "auth.login_failed",
            "auth.logout"
        ]
    );
    let login = all.iter().find(|e| e.action == "auth.login").unwrap();
    assert_eq!(
        (login.actor.as_str(), login.ip.as_str(), login.user_id),
        ("li.si", "10.0.0.7", Some(user.id.0))
    );
    let state = all.iter().find(|e| e.action == "plan.state").unwrap();
    assert_eq!(
        (
            state.before_json.as_str(),
            state.after_json.as_str(),
            state.actor.as_str()
        ),
        (r#"{"state":"draft"}"#, r#"{"state":"published"}"#, "cli")
    );
    let ok = store.verify_audit().await.unwrap();
    assert!(ok.breaks.is_empty(), "{:?}", ok.breaks);
    assert_eq!(ok.rows, 7);

    // The chain as read back, tampered with in memory (the command-line test edits the file).
    let mut chain: Vec<_> = all.into_iter().rev().collect();
    let head = chain.last().unwrap().hash.clone();
    let mut edited = chain.clone();
    edited[2].after_json = r#"{"state":"closed"}"#.into();
    let found = check_chain(&edited, 7, &head).breaks;
    assert_eq!(
        found.iter().map(|b| b.seq).collect::<Vec<_>>(),
        [3],
        "{found:?}"
    );
    assert!(found[0].problem.contains("第 3 条记录内容被改动"));
    let mut gap = chain.clone();
    gap.remove(3);
    let found = check_chain(&gap, 7, &head).breaks;
    assert!(
        found
            .iter()
            .any(|b| b.seq == 4 && b.problem.contains("缺失")),
        "{found:?}"
    );
    chain.truncate(5);
    let found = check_chain(&chain, 7, &head).breaks;
    assert!(found.iter().any(|b| b.problem.contains("6–7")), "{found:?}");
}

/// One length rule for free text in the directory and the contacts: an over-long value is
/// refused with the field and its limit named, and nothing is stored.
async fn overlong_text_is_refused_not_stored_case(store: Store) {
    let cli = store.acting(Actor::cli());
    common::published_list(&cli, LIST).await;
    let unit = cli.units(None).await.unwrap()[0].clone();
    let long = "长".repeat(101);
    let refused = |r: Result<_, minsheng_store::StoreError>| match r {
        Err(minsheng_store::StoreError::Refused(r)) => r.zh(),
        other => panic!("not refused: {other:?}"),
    };
    let msg = refused(
        cli.save_unit(
            Some(unit.id),
            unit.region_id,
            &unit.name,
            unit.kind,
            std::slice::from_ref(&long),
        )
        .await
        .map(|_| ()),
    );
    assert!(msg.contains("每个别名不能超过 100 字"), "{msg}");
    let many: Vec<String> = (0..30).map(|k| format!("{k}{}", "名".repeat(99))).collect();
    let msg = refused(
        cli.save_unit(Some(unit.id), unit.region_id, &unit.name, unit.kind, &many)
            .await
            .map(|_| ()),
    );
    assert!(msg.contains("别名合计不能超过 2000 字"), "{msg}");
    assert!(
        cli.units(None).await.unwrap()[0].aliases.is_empty(),
        "nothing stored"
    );
    let msg = refused(
        cli.save_leader(None, unit.region_id, "张三", Some(&long))
            .await
            .map(|_| ()),
    );
    assert!(msg.contains("职务不能超过 100 字"), "{msg}");
    let contact = |url: String, phone: &str| minsheng_store::NewContact {
        unit: Some(unit.id),
        leader: None,
        level: Some(minsheng_store::ContactLevel::Liaison),
        name: "李四".into(),
        email: None,
        phone: Some(phone.into()),
        webhook: Some((minsheng_store::WebhookKind::Generic, url)),
        work: Default::default(),
    };
    let msg = refused(
        cli.add_contact(
            &contact(
                format!("https://x.example/{}", "a".repeat(1000)),
                "13800000000",
            ),
            Utc::now(),
        )
        .await
        .map(|_| ()),
    );
    assert!(msg.contains("机器人地址不能超过 1000 字"), "{msg}");
    let msg = refused(
        cli.add_contact(
            &contact("https://x.example/hook".into(), &"1".repeat(21)),
            Utc::now(),
        )
        .await
        .map(|_| ()),
    );
    assert!(msg.contains("手机号不能超过 20 字"), "{msg}");
}

conformance!(audit_chain_case, overlong_text_is_refused_not_stored_case);

//! Personal work notices on DingTalk, WeCom and Feishu, through local receivers shaped like
//! each platform's API (see `support/work_receivers.rs` for the documents they follow): the
//! reminder ladder reaches each liaison on their platform with a link that opens the form,
//! falls back to SMS when a platform cannot reach the person, and says so in the delivery
//! report; tokens are kept, renewed before they expire and bought again when withdrawn.

mod common;
#[path = "support/sms_receivers.rs"]
mod sms_receivers;
#[path = "support/work_receivers.rs"]
mod work_receivers;

use common::on_both;
use common::*;
use minsheng_domain::PlanId;
use minsheng_domain::PlanState;
use minsheng_domain::access::UserRole;
use minsheng_store::{ContactLevel, NewContact, WorkIds};
use minsheng_web::jobs::{Outbox, Runner};
use minsheng_web::workapps::{WorkAppsConfig, WorkNotice};
use work_receivers::*;

const OPEN_ID: &str = "ou_7d8a6e6df7621556ce0d21922b676706ccs";

/// Settings for the three receivers at `ding`, `wecom`, `feishu`.
fn config(ding: &str, wecom: &str, feishu: &str) -> WorkAppsConfig {
    WorkAppsConfig {
        dingtalk_app_key: DINGTALK_KEY.into(),
        dingtalk_app_secret: DINGTALK_SECRET.into(),
        dingtalk_agent_id: DINGTALK_AGENT.to_string(),
        dingtalk_api: ding.into(),
        wecom_corp_id: WECOM_CORP.into(),
        wecom_secret: WECOM_SECRET.into(),
        wecom_agent_id: WECOM_AGENT.to_string(),
        wecom_api: wecom.into(),
        feishu_app_id: FEISHU_APP.into(),
        feishu_app_secret: FEISHU_SECRET.into(),
        feishu_api: feishu.into(),
    }
}

/// Each liaison is reached on the platform they are on, with a link that opens what they must
/// do; one whose WeCom account the application cannot reach gets an SMS instead, and the
/// delivery report shows both.
async fn a_liaison_is_reached_by_work_notice_and_falls_back_to_sms(app: App) {
    let (ding_api, ding) = dingtalk(&["zhangsan"]).await;
    let (wecom_api, wecom) = wecom(&["LiSi"]).await;
    let (feishu_api, feishu) = feishu(&[OPEN_ID]).await;
    let (gateway, inbox) = sms_receivers::gateway_receiver("test-secret", false).await;
    let store = app.store.clone();
    let ids = ids(&app).await;
    let person = |name: &str, phone: &str, work: WorkIds| NewContact {
        unit: Some(ids.lead),
        level: Some(ContactLevel::Liaison),
        name: name.into(),
        phone: Some(phone.into()),
        work,
        ..NewContact::default()
    };
    for c in [
        person(
            "张三",
            "13800000001",
            WorkIds {
                dingtalk: Some("zhangsan".into()),
                ..WorkIds::default()
            },
        ),
        person(
            "李四",
            "13800000002",
            WorkIds {
                wecom: Some("LiSi".into()),
                ..WorkIds::default()
            },
        ),
        person(
            "王五",
            "13800000003",
            WorkIds {
                feishu: Some(OPEN_ID.into()),
                ..WorkIds::default()
            },
        ),
        person(
            "赵六",
            "13800000004",
            WorkIds {
                wecom: Some("zhaoliu".into()),
                ..WorkIds::default()
            },
        ),
    ] {
        store.add_contact(&c, app.clock.now().at).await.unwrap();
    }
    store
        .set_plan_state(PlanId(1), PlanState::Published)
        .await
        .unwrap();
    let sms = sms_receivers::gateway_sender(gateway);
    let runner = Runner::new(
        store.clone(),
        app.clock.clone(),
        Outbox {
            base_url: "https://ms.example.gov.cn".into(),
            sms,
            work: config(&ding_api, &wecom_api, &feishu_api)
                .platforms()
                .unwrap(),
            ..Outbox::default()
        },
    );
    runner.pass().await.unwrap();

    // One notice per week not reported, to each person.
    let notices = ding.got.lock().unwrap().len();
    assert!(notices >= 1);
    for (name, r, user) in [
        ("dingtalk", &ding, "zhangsan"),
        ("wecom", &wecom, "LiSi"),
        ("feishu", &feishu, OPEN_ID),
    ] {
        assert!(
            r.malformed.lock().unwrap().is_empty(),
            "{name}: {:?}",
            r.malformed.lock().unwrap()
        );
        let got = r.got.lock().unwrap().clone();
        assert_eq!(got.len(), notices, "{name}: {got:?}");
        for (to, title, link) in &got {
            assert_eq!(to, user);
            assert!(title.contains("【民生实事"), "{name}: {title}");
            assert!(
                link.starts_with("https://ms.example.gov.cn/"),
                "{name}: {link}"
            );
        }
        assert_eq!(r.tokens.lock().unwrap().len(), 1, "{name}: one token");
    }
    // The link opens what the liaison must do, as the unit's account.
    let link = ding.got.lock().unwrap()[0].2.clone();
    let path = link.trim_start_matches("https://ms.example.gov.cn");
    let staff = app
        .user("liaison1", UserRole::UnitStaff, &[ids.lead], None, &[])
        .await;
    app.act_as(Some(&staff));
    let (status, _, page) = call(&app, "GET", path, None).await;
    assert_eq!(status, 200, "{path}: {page}");
    assert!(
        page.contains("发展软环境保障局"),
        "{path} opens the unit's own work"
    );

    // Zhao's WeCom account is outside the application: an SMS instead, and only Zhao.
    let texts = inbox.lock().unwrap().clone();
    assert_eq!(texts.len(), notices, "{texts:?}");
    assert!(texts.iter().all(|t| t.0 == "+8613800000004"), "{texts:?}");
    let report = store.delivery_report(50).await.unwrap();
    let failed = report
        .iter()
        .find(|r| r.channel == "wecom" && r.address == "zhaoliu")
        .expect("the WeCom notice was tried");
    assert!(
        !failed.ok && failed.detail.contains("不在应用的可见范围内"),
        "{failed:?}"
    );
    assert!(
        report
            .iter()
            .any(|r| r.channel == "sms" && r.address == "13800000004" && r.ok),
        "{report:?}"
    );
    for channel in ["dingtalk", "wecom", "feishu"] {
        assert!(
            report.iter().any(|r| r.channel == channel && r.ok),
            "{channel} delivered: {report:?}"
        );
    }
    // The administrator reads it on the jobs page, in words.
    let admin = app.user("sysadmin", UserRole::Admin, &[], None, &[]).await;
    app.act_as(Some(&admin));
    let (_, _, page) = call(&app, "GET", "/admin/jobs", None).await;
    assert!(page.contains("钉钉工作通知"), "{page}");
    assert!(page.contains("企业微信账号“zhaoliu”不存在"), "{page}");
}

on_both!(a_liaison_is_reached_by_work_notice_and_falls_back_to_sms);

/// A token is bought once and kept; a withdrawn token (secret rotated) is bought again and the
/// notice still goes; a token near its expiry is not used; wrong credentials are refused with
/// the platform's code.
#[tokio::test]
async fn tokens_are_kept_renewed_and_bought_again_when_withdrawn() {
    minsheng_web::jobs::install_crypto();
    let (ding_api, ding) = dingtalk(&["zhangsan"]).await;
    let (wecom_api, wecom) = wecom(&["lisi"]).await;
    let (feishu_api, feishu) = feishu(&["u_123"]).await;
    let apps = config(&ding_api, &wecom_api, &feishu_api)
        .platforms()
        .unwrap();
    let http = reqwest::Client::new();
    let notice = WorkNotice {
        title: "【民生实事·催报】测试",
        text: "第一行\n第二行",
        link: "https://ms.example.gov.cn/workbench?unit=1",
    };
    let cases = [
        ("dingtalk", &ding, "zhangsan"),
        ("wecom", &wecom, "lisi"),
        ("feishu", &feishu, "u_123"),
    ];
    for (channel, r, user) in cases {
        let p = apps.platform(channel).unwrap().unwrap();
        p.send(&http, user, &notice).await.unwrap();
        p.send(&http, user, &notice).await.unwrap();
        assert_eq!(r.tokens.lock().unwrap().len(), 1, "{channel}: kept");
        r.revoke_tokens();
        p.send(&http, user, &notice).await.unwrap();
        assert_eq!(r.got.lock().unwrap().len(), 3, "{channel}: all three went");
        assert_eq!(
            r.tokens.lock().unwrap().len(),
            3,
            "{channel}: bought again once after the withdrawal"
        );
        assert!(r.malformed.lock().unwrap().is_empty(), "{channel}");
        // Tokens that live no longer than the margin are bought for each notice.
        *r.lifetime.lock().unwrap() = 300;
        r.revoke_tokens();
        p.send(&http, user, &notice).await.unwrap();
        p.send(&http, user, &notice).await.unwrap();
        assert_eq!(r.tokens.lock().unwrap().len(), 6, "{channel}: renewed");
    }
    // Feishu's user_id (not an open_id) is sent as such.
    assert_eq!(feishu.got.lock().unwrap()[0].0, "u_123");

    let wrong = minsheng_web::workapps::WorkAppsConfig {
        wecom_secret: "rotated".into(),
        ..config(&ding_api, &wecom_api, &feishu_api)
    }
    .platforms()
    .unwrap();
    let err = wrong
        .platform("wecom")
        .unwrap()
        .unwrap()
        .send(&http, "lisi", &notice)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("企业微信拒绝发送（错误码 40001"), "{err}");
    // Nobody home: the platform is unreachable, said in words.
    let gone = config("http://127.0.0.1:9", &wecom_api, &feishu_api)
        .platforms()
        .unwrap();
    let err = gone
        .platform("dingtalk")
        .unwrap()
        .unwrap()
        .send(&http, "zhangsan", &notice)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("钉钉无法访问"), "{err}");
}

/// A user id that would address others too (a list separator) or is not an id is refused
/// when the contact is added, with what to do.
#[tokio::test]
async fn a_work_user_id_names_one_person() {
    let app = app().await.expect("the SQLite test app");
    let ids = ids(&app).await;
    for bad in ["zhangsan,lisi", "a|b", "张 三"] {
        let err = app
            .store
            .add_contact(
                &NewContact {
                    unit: Some(ids.lead),
                    level: Some(ContactLevel::Liaison),
                    name: "张三".into(),
                    work: WorkIds {
                        dingtalk: Some(bad.into()),
                        ..WorkIds::default()
                    },
                    ..NewContact::default()
                },
                app.clock.now().at,
            )
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("一次只填一个人"), "{bad}: {err}");
    }
    // A work id alone is a way to reach someone.
    app.store
        .add_contact(
            &NewContact {
                unit: Some(ids.lead),
                level: Some(ContactLevel::Liaison),
                name: "张三".into(),
                work: WorkIds {
                    feishu: Some(OPEN_ID.into()),
                    ..WorkIds::default()
                },
                ..NewContact::default()
            },
            app.clock.now().at,
        )
        .await
        .unwrap();
}

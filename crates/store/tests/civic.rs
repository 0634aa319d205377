//! Citizens' participation and bulletins on SQLite and PostgreSQL alike: proposals screened
//! into candidates, a deputies' ballot (once per deputy, the choice count enforced), its
//! winners adopted into next year's draft plan once, and a bulletin drafted, issued with its
//! content frozen under a hash, and refused any further edit.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use minsheng_domain::access::UserRole;
use minsheng_domain::supervision::BulletinKind;
use minsheng_domain::{PlanState, Refusal, UserId};
use minsheng_store::accounts::NewUser;
use minsheng_store::{Client, NewProposal, Now, ProposalState, Store, StoreError};
use sha2::{Digest, Sha256};

#[macro_use]
mod common;

const LIST: &str = "示范区2025年民生实事项目清单\n\t序号\n\t项目名称\n\t建设内容\n\t牵头单位\n\t完成时限\n\n\t1\n\t新建幼儿园\n\t新建公办幼儿园4所，新增学位不少于900个。\n\t教育局\n\t年底\n";

async fn plan(store: &Store) -> minsheng_store::ImportSummary {
    common::import_list(store, LIST).await
}

async fn deputy(store: &Store, name: &str) -> UserId {
    store
        .create_user(
            &NewUser {
                username: name.into(),
                display_name: name.into(),
                role: UserRole::Deputy,
                password: "Deputy-pass-1".into(),
                must_change_password: false,
                units: Vec::new(),
                leader: None,
                monitors: Vec::new(),
                region: None,
                phone: None,
                email: None,
            },
            Utc::now(),
        )
        .await
        .unwrap()
        .id
}

fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> Refusal {
    match r {
        Err(StoreError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn ballot_to_plan_case(store: Store) {
    let s = plan(&store).await;
    let region = store.plan_detail(s.plan_id, None).await.unwrap().region.id;
    let now = Utc.with_ymd_and_hms(2025, 10, 8, 2, 0, 0).unwrap();
    let mut ids = Vec::new();
    for (n, title) in ["社区食堂", "口袋公园", "夜间公交"].iter().enumerate() {
        let code = store
            .leave_proposal(
                &NewProposal {
                    region: Some(region),
                    year: 2026,
                    title: (*title).into(),
                    content: format!("建议在老城区建设{title}，方便居民。"),
                    location: None,
                    reason: None,
                    deputy: None,
                    name: None,
                    phone: None,
                    client: Client {
                        address: format!("10.0.0.{n}"),
                        agent: "t".into(),
                    },
                },
                now,
            )
            .await
            .unwrap();
        let p = store.proposal_by_code(&code).await.unwrap();
        assert_eq!(p.state, ProposalState::Submitted.code());
        store
            .screen_proposal(p.id, ProposalState::Candidate, "300万元", "可行", "", now)
            .await
            .unwrap();
        ids.push(p.id);
    }
    // A ballot needs more candidates than seats.
    assert_eq!(
        refused(
            store
                .create_ballot(
                    region,
                    2026,
                    "票决",
                    3,
                    &ids,
                    (now, now + Duration::days(1)),
                    now
                )
                .await
        ),
        Refusal::SeatsAndCandidates {
            candidates: 3,
            seats: 3
        }
    );
    let window = (now, now + Duration::days(1));
    let ballot = store
        .create_ballot(region, 2026, "2026年民生实事票决", 2, &ids, window, now)
        .await
        .unwrap();
    let (a, b, c) = (
        deputy(&store, "dep-a").await,
        deputy(&store, "dep-b").await,
        deputy(&store, "dep-c").await,
    );
    assert!(matches!(
        refused(store.cast_ballot(ballot, a, &ids, now).await),
        Refusal::ChoiceCount { seats: 2 }
    ));
    store.cast_ballot(ballot, a, &ids[..2], now).await.unwrap();
    assert_eq!(
        refused(store.cast_ballot(ballot, a, &ids[..1], now).await),
        Refusal::AlreadyVoted
    );
    store.cast_ballot(ballot, b, &ids[..2], now).await.unwrap();
    store.cast_ballot(ballot, c, &ids[1..], now).await.unwrap();
    assert!(store.has_voted(ballot, c).await.unwrap());
    // Adopted after it closes, into next year's draft plan, once.
    assert_eq!(
        refused(store.adopt_ballot(ballot, now).await),
        Refusal::BallotNotClosed
    );
    let later = now + Duration::days(2);
    let draft = store.adopt_ballot(ballot, later).await.unwrap();
    let d = store.plan_detail(draft, None).await.unwrap();
    assert_eq!(d.plan.state, PlanState::Draft);
    assert_eq!(d.plan.year, 2026);
    let mut names: Vec<_> = d.items.iter().map(|i| i.item.display_title()).collect();
    names.sort();
    assert_eq!(names, ["口袋公园", "社区食堂"]);
    assert!(d.items.iter().all(|i| i.item.voted));
    assert!(matches!(
        refused(store.adopt_ballot(ballot, later).await),
        Refusal::AlreadyAdopted { .. }
    ));
    let fate = store.proposal_item(ids[0]).await.unwrap();
    assert!(fate.is_some(), "the winner's proposal leads to its item");
}

async fn bulletin_case(store: Store) {
    let s = plan(&store).await;
    store
        .set_plan_state(s.plan_id, PlanState::Published)
        .await
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2025, 7, 15).unwrap();
    let now = Now {
        today,
        at: Utc.with_ymd_and_hms(2025, 7, 15, 2, 0, 0).unwrap(),
    };
    let future = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    assert_eq!(
        refused(
            store
                .create_bulletin(s.plan_id, BulletinKind::Monthly, future, now)
                .await
        ),
        Refusal::BulletinRangeNotStarted
    );
    let june = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
    let id = store
        .create_bulletin(s.plan_id, BulletinKind::Monthly, june, now)
        .await
        .unwrap();
    store
        .edit_bulletin(id, "关于6月民生实事推进情况的通报", "加快进度。")
        .await
        .unwrap();
    let issued = store.issue_bulletin(id, now).await.unwrap();
    assert_eq!(issued.number, Some(1));
    let content = issued.content.clone().expect("frozen content");
    assert_eq!(
        issued.content_hash.as_deref(),
        Some(hex::encode(Sha256::digest(content.as_bytes())).as_str())
    );
    // The frozen content is what is read back, whatever happens later.
    let later = Now {
        today: today + Duration::days(30),
        at: now.at + Duration::days(30),
    };
    let read = store.bulletin_content(&issued, later.today).await.unwrap();
    assert_eq!(serde_json::to_string(&read).unwrap(), content);
    assert_eq!(
        refused(store.edit_bulletin(id, "改", "").await),
        Refusal::BulletinIssued
    );
    assert_eq!(
        refused(store.issue_bulletin(id, later).await),
        Refusal::BulletinIssued
    );
    assert_eq!(store.bulletins(s.plan_id).await.unwrap().len(), 1);
}

conformance!(ballot_to_plan_case, bulletin_case);

//! The deputies' vote: candidates come from screened proposals, more than the seats; each
//! deputy votes once for at most K; totals appear only after the close; nothing stored links
//! a deputy to a choice.

mod common;

use axum::http::StatusCode;
use common::on_both;
use common::*;
use minsheng_domain::access::UserRole;
use minsheng_store::{NewProposal, ProposalState};

async fn a_secret_ballot_with_one_vote_per_deputy(app: App) {
    let s = &app.store;
    let region = s.regions().await.unwrap()[0].id;
    let now = app.clock.now().at;
    let mut ids = Vec::new();
    for t in ["增设充电桩", "改造老旧管网", "新建口袋公园"] {
        let code = s
            .leave_proposal(
                &NewProposal {
                    region: Some(region),
                    year: 2025,
                    title: t.into(),
                    content: format!("{t}的具体建议内容"),
                    client: minsheng_store::Client {
                        address: format!("client-{t}"),
                        agent: String::new(),
                    },
                    ..NewProposal::default()
                },
                now,
            )
            .await
            .unwrap();
        let p = s.proposal_by_code(&code).await.unwrap();
        s.screen_proposal(
            p.id,
            ProposalState::Candidate,
            "约120万元",
            "用地已落实",
            "",
            now,
        )
        .await
        .unwrap();
        ids.push(p.id.to_string());
    }
    let region = region.0.to_string();
    let mut fields = vec![
        ("title", "2025年民生实事票决"),
        ("region", region.as_str()),
        ("year", "2025"),
        ("choose", "3"),
        ("opens", "2024-03-01T09:00"),
        ("closes", "2024-03-10T18:00"),
    ];
    for id in &ids {
        fields.push(("candidate", id.as_str()));
    }
    let (st, body) = form(&app, "/ballots", &fields).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "3 of 3 is no choice: {body}");
    fields[3].1 = "2";
    let (st, _) = form(&app, "/ballots", &fields).await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let ballot = s.ballots().await.unwrap()[0].id;
    let vote = format!("/ballots/{ballot}/vote");
    let (a, b, c) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    // Three deputies: A+B, A+C, A; one tries to choose three, and to vote twice.
    for (name, picks) in [("d1", vec![a, b]), ("d2", vec![a, c]), ("d3", vec![a])] {
        let d = app.user(name, UserRole::Deputy, &[], None, &[]).await;
        app.act_as(Some(&d));
        if name == "d1" {
            let (st, page) =
                form(&app, &vote, &[("choice", a), ("choice", b), ("choice", c)]).await;
            assert_eq!(st, StatusCode::BAD_REQUEST, "at most K");
            // Back on the ballot, not an error page: what to change, the three ticks kept.
            assert!(
                page.contains("id=\"vote-refused\"") && page.contains("1 至 2 项"),
                "{page}"
            );
            assert!(page.contains("id=\"vote\""), "{page}");
            assert_eq!(page.matches(" checked>").count(), 3, "{page}");
            // Each candidate's card shows its cost and feasibility.
            assert_eq!(
                page.matches("class=\"candidate card\"").count(),
                3,
                "{page}"
            );
            assert_eq!(page.matches("约120万元").count(), 3, "{page}");
            assert!(page.contains("用地已落实"), "{page}");
        }
        let f: Vec<(&str, &str)> = picks.iter().map(|p| ("choice", *p)).collect();
        let (st, _) = form(&app, &vote, &f).await;
        assert_eq!(st, StatusCode::SEE_OTHER);
        let (st, body) = form(&app, &vote, &f).await;
        assert_eq!(st, StatusCode::CONFLICT, "{body}");
        // While open, nobody sees totals.
        let (_, _, page) = call(&app, "GET", &format!("/ballots/{ballot}"), None).await;
        assert!(page.contains("id=\"voted\"") && !page.contains("得票"));
    }
    // A coordinator may not vote.
    app.act_as(None);
    let (st, _) = form(&app, &vote, &[("choice", a)]).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    // After the close: A 3, B 1, C 1.
    app.clock.set(d("2024-03-11"));
    let (_, candidates) = s.ballot(ballot).await.unwrap();
    let votes: Vec<i64> = candidates.iter().map(|c| c.votes).collect();
    assert_eq!(votes, vec![3, 1, 1]);
    let (_, _, page) = call(&app, "GET", &format!("/ballots/{ballot}"), None).await;
    assert!(page.contains("得票") && page.contains("已结束"));
    // The only per-deputy record is that they voted: the voters table has no choice column,
    // and the audit log's vote entries carry no choice.
    let log = s
        .audit_entries(&minsheng_store::AuditFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    let votes: Vec<_> = log.iter().filter(|e| e.action == "ballot.vote").collect();
    assert_eq!(votes.len(), 3);
    assert!(
        votes
            .iter()
            .all(|e| e.after_json == "null" || e.after_json.is_empty())
    );
}

on_both!(a_secret_ballot_with_one_vote_per_deputy,);

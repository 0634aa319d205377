//! The ledger's storage conformance: reports and versions, optimistic concurrency, refusals,
//! lights, statuses, roll-ups, not-reported lists, delays and acceptance, on SQLite and
//! PostgreSQL alike. Days are passed in, so the cases walk through a year.

use minsheng_domain::ledger::{ItemStatus, Light, ReportState};
use minsheng_domain::{ItemId, PlanState, Role};
use minsheng_store::{AcceptanceInput, DelayInput, DelayStep, ReportWrite, Store, StoreError};

#[macro_use]
mod common;

use common::ledger::{at, d, fixture, submit, values};

async fn reports_and_versions_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let (item, unit, t) = (f.items[0], f.leads[0], f.targets[0].clone());
    assert_eq!(t.len(), 2, "幼儿园 and 学位");
    let week = d("2025-03-03");
    // A draft, then a stale write, then the submission.
    let draft = ReportWrite {
        content: values(&[(t[0], 1.0)]),
        revision: None,
        submit: false,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let r1 = s
        .save_report(item, unit, week, &draft, at("2025-03-05"))
        .await
        .unwrap();
    assert_eq!(
        (r1.version, r1.state, r1.revision),
        (1, ReportState::Draft, 1)
    );
    let stale = s
        .save_report(
            item,
            unit,
            week,
            &submit(values(&[(t[0], 9.0)]), None),
            at("2025-03-05"),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Stale(_))), "{stale:?}");
    let r1 = s
        .save_report(
            item,
            unit,
            week,
            &submit(values(&[(t[0], 1.0), (t[1], 200.0)]), Some(1)),
            at("2025-03-06"),
        )
        .await
        .unwrap();
    assert_eq!(
        (r1.version, r1.state, r1.revision),
        (1, ReportState::Submitted, 2)
    );
    assert_eq!(r1.submitted_on, Some(d("2025-03-06")));
    // A correction is a new version and needs a reason.
    let no_reason = s
        .save_report(
            item,
            unit,
            week,
            &submit(values(&[(t[0], 2.0)]), Some(2)),
            at("2025-03-10"),
        )
        .await;
    assert!(
        matches!(no_reason, Err(StoreError::Refused(ref r)) if r.to_string().contains("更正原因")),
        "{no_reason:?}"
    );
    let mut fix = submit(values(&[(t[0], 2.0), (t[1], 200.0)]), Some(2));
    fix.correction_reason = Some("漏报一所".into());
    let r2 = s
        .save_report(item, unit, week, &fix, at("2025-03-10"))
        .await
        .unwrap();
    assert_eq!((r2.version, r2.state), (2, ReportState::Submitted));
    let versions = s.report_versions(item, unit, week).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[0].content.values[0].value, 1.0,
        "the first version is kept as it was"
    );
    let changes =
        minsheng_domain::ledger::report::diff(&versions[0].content, &versions[1].content, |id| {
            id.to_string()
        });
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].before.as_str(), changes[0].after.as_str()),
        ("1", "2")
    );

    // Refusals, each leaving what was saved untouched.
    let other_item_target = f.targets[1][0];
    let bad = [
        (
            s.save_report(
                item,
                unit,
                d("2025-03-10"),
                &submit(values(&[(other_item_target, 1.0)]), None),
                at("2025-03-12"),
            )
            .await,
            "不属于此项目",
        ),
        (
            s.save_report(
                item,
                unit,
                d("2025-03-17"),
                &submit(values(&[(t[0], 1.0)]), None),
                at("2025-03-12"),
            )
            .await,
            "尚未开始",
        ),
        (
            s.save_report(
                item,
                unit,
                d("2025-03-12"),
                &submit(values(&[(t[0], 1.0)]), None),
                at("2025-03-12"),
            )
            .await,
            "不是报送周期的第一天",
        ),
        (
            s.save_report(
                item,
                f.leads[1],
                d("2025-03-10"),
                &submit(values(&[]), None),
                at("2025-03-12"),
            )
            .await,
            "不能填报",
        ),
    ];
    for (res, want) in bad {
        let e = res.unwrap_err().to_string();
        assert!(e.contains(want), "{want}: {e}");
    }
    let plan = s.plans().await.unwrap()[0].plan.id;
    s.lock_period(plan, week, at("2025-03-12")).await.unwrap();
    // After the lock a correction needs a reason and is kept as an amendment.
    let mut fix2 = submit(values(&[(t[0], 3.0)]), Some(1));
    let locked = s
        .save_report(item, unit, week, &fix2, at("2025-03-12"))
        .await
        .unwrap_err()
        .to_string();
    assert!(locked.contains("已锁定"), "{locked}");
    assert_eq!(s.report_versions(item, unit, week).await.unwrap().len(), 2);
    fix2.correction_reason = Some("再次更正".into());
    let amended = s
        .save_report(item, unit, week, &fix2, at("2025-03-12"))
        .await
        .unwrap();
    assert!(amended.amendment);
    assert_eq!(s.report_versions(item, unit, week).await.unwrap().len(), 3);
    assert_eq!(s.amendments(plan).await.unwrap().len(), 1);
    assert_eq!(s.snapshots(plan).await.unwrap().len(), 1);
    // Unpublished plans take no reports.
    s.set_plan_state(plan, PlanState::Closed).await.unwrap();
    let closed = s
        .save_report(
            item,
            unit,
            d("2025-03-10"),
            &submit(values(&[]), None),
            at("2025-03-12"),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(closed.contains("已关闭"), "{closed}");
}

async fn concurrent_writers_case(store: Store) {
    let f = fixture(store).await;
    let (item, unit, t) = (f.items[0], f.leads[0], f.targets[0][0]);
    let week = d("2025-03-03");
    let base = ReportWrite {
        content: values(&[(t, 1.0)]),
        revision: None,
        submit: false,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let r = f
        .store
        .save_report(item, unit, week, &base, at("2025-03-04"))
        .await
        .unwrap();
    let (a, b) = (f.store.clone(), f.store.clone());
    let wa = ReportWrite {
        content: values(&[(t, 2.0)]),
        revision: Some(r.revision),
        submit: false,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let wb = ReportWrite {
        content: values(&[(t, 3.0)]),
        revision: Some(r.revision),
        submit: false,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let (ra, rb) = tokio::join!(
        a.save_report(item, unit, week, &wa, at("2025-03-04")),
        b.save_report(item, unit, week, &wb, at("2025-03-04"))
    );
    let ok: Vec<_> = [&ra, &rb].into_iter().filter(|r| r.is_ok()).collect();
    assert_eq!(ok.len(), 1, "{ra:?} {rb:?}");
    let loser = if ra.is_ok() { &rb } else { &ra };
    assert!(matches!(loser, Err(StoreError::Stale(_))), "{loser:?}");
    let winner = ok[0].as_ref().unwrap().content.values[0].value;
    let saved = f.store.report_versions(item, unit, week).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].content.values[0].value, winner);
    assert_eq!(saved[0].revision, 2);
    // Two first filings racing: one version 1, the other told to reload.
    let w = ReportWrite {
        content: values(&[(t, 1.0)]),
        revision: None,
        submit: true,
        correction_reason: None,
        ..ReportWrite::default()
    };
    let nw = d("2025-03-10");
    let (ra, rb) = tokio::join!(
        a.save_report(item, unit, nw, &w, at("2025-03-11")),
        b.save_report(item, unit, nw, &w, at("2025-03-11"))
    );
    assert_eq!(
        [ra.is_ok(), rb.is_ok()].iter().filter(|x| **x).count(),
        1,
        "{ra:?} {rb:?}"
    );
    assert_eq!(
        f.store.report_versions(item, unit, nw).await.unwrap().len(),
        1
    );
}

async fn lights_rollups_and_delays_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let plan = s.plans().await.unwrap()[0].plan.id;
    let (kg, canteen, road) = (f.items[0], f.items[1], f.items[2]);
    // 幼儿园 on schedule on 2025-07-04 (expected 50.4%): 2 of 4 kindergartens, 500 of 900 places.
    s.save_report(
        kg,
        f.leads[0],
        d("2025-06-30"),
        &submit(
            values(&[(f.targets[0][0], 2.0), (f.targets[0][1], 500.0)]),
            None,
        ),
        at("2025-07-02"),
    )
    .await
    .unwrap();
    // 食堂 (deadline 06-30): 3 of 6, so overdue and red by 07-04.
    s.save_report(
        kg,
        f.leads[0],
        d("2025-06-23"),
        &submit(
            values(&[(f.targets[0][0], 1.0), (f.targets[0][1], 300.0)]),
            None,
        ),
        at("2025-06-27"),
    )
    .await
    .unwrap();
    s.save_report(
        canteen,
        f.leads[1],
        d("2025-06-23"),
        &submit(values(&[(f.targets[1][0], 3.0)]), None),
        at("2025-06-28"),
    )
    .await
    .unwrap();
    // 道路 has no target and no report: nothing reported.
    let l = s.plan_ledger(plan, d("2025-07-07")).await.unwrap();
    let by = |id: ItemId| l.items.iter().find(|i| i.detail.item.id == id).unwrap();
    let (a, b, c) = (by(kg), by(canteen), by(road));
    // kg: (2/4 + 500/900)/2 = 52.8% vs expected 51.2% on 07-07
    assert_eq!(
        (a.assessment.status, a.assessment.light),
        (ItemStatus::InProgress, Light::Green)
    );
    assert!(
        (a.assessment.actual.unwrap() - 52.78).abs() < 0.01,
        "{:?}",
        a.assessment
    );
    assert_eq!(
        (b.assessment.status, b.assessment.light),
        (ItemStatus::Overdue, Light::Red)
    );
    assert!(b.assessment.explanation_required);
    // road: 51.2% expected and nothing reported → red (more than 30 behind)
    assert_eq!(
        (c.assessment.status, c.assessment.light),
        (ItemStatus::NotStarted, Light::Red)
    );
    // Last closed week on Monday 07-07 is 06-30…07-06: kg reported; canteen and road did not.
    assert_eq!(l.last_closed.unwrap().start, d("2025-06-30"));
    let missing: Vec<&str> = l.not_reported.iter().map(|n| n.unit.as_str()).collect();
    assert_eq!(missing, ["民政局", "住建局"]);
    assert_eq!(l.rollup.items, 3);
    assert_eq!(
        (l.rollup.light(Light::Red), l.rollup.light(Light::Green)),
        (2, 1)
    );
    assert_eq!(
        (l.rollup.overdue, l.rollup.not_reported, l.rollup.completed),
        (1, 2, 0)
    );
    // targets: kg 2 + canteen 1 + road pseudo 1 = 4; none attained
    assert_eq!((l.rollup.targets, l.rollup.targets_attained), (4, 0));
    // capped mean: (0.5 + 0.5556 + 0.5 + 0) / 4
    assert!(
        (l.rollup.completion_rate.unwrap() - 0.38889).abs() < 1e-4,
        "{:?}",
        l.rollup
    );
    let units = l.rollup_by("unit");
    assert_eq!(
        units.iter().map(|u| u.label.as_str()).collect::<Vec<_>>(),
        ["教育局", "民政局", "住建局"]
    );

    // The canteen explains its delay; approval moves the deadline and counts an extension.
    let delay = DelayInput {
        cause: "施工".into(),
        explanation: "雨季停工".into(),
        steps: vec![DelayStep {
            step: "增加班组".into(),
            due_on: Some(d("2025-08-15")),
        }],
        new_deadline: d("2025-09-30"),
    };
    let bad_cause = DelayInput {
        cause: "天气".into(),
        ..delay.clone()
    };
    assert!(
        s.submit_delay(canteen, f.leads[1], &bad_cause, at("2025-07-08"))
            .await
            .unwrap_err()
            .to_string()
            .contains("延期原因")
    );
    assert!(
        s.submit_delay(canteen, f.leads[0], &delay, at("2025-07-08"))
            .await
            .is_err(),
        "only the lead unit explains"
    );
    let id = s
        .submit_delay(canteen, f.leads[1], &delay, at("2025-07-08"))
        .await
        .unwrap();
    let l = s.plan_ledger(plan, d("2025-07-08")).await.unwrap();
    assert!(
        !l.items[1].assessment.explanation_required,
        "pending explanation"
    );
    assert!(
        s.review_delay(id, false, "", "专班", at("2025-07-09"))
            .await
            .is_err(),
        "returning needs a reason"
    );
    s.review_delay(id, true, "同意", "专班", at("2025-07-09"))
        .await
        .unwrap();
    let l = s.plan_ledger(plan, d("2025-07-09")).await.unwrap();
    let b = &l.items[1];
    assert_eq!(
        (b.original_deadline, b.current_deadline, b.extensions),
        (d("2025-06-30"), d("2025-09-30"), 1)
    );
    assert_eq!(b.assessment.status, ItemStatus::Extended);
    assert_eq!(
        s.deadline_changes(canteen).await.unwrap()[0].to_date,
        d("2025-09-30")
    );

    // Acceptance: requested is not completed; accepted is.
    s.save_report(
        canteen,
        f.leads[1],
        d("2025-08-18"),
        &submit(values(&[(f.targets[1][0], 6.0)]), None),
        at("2025-08-20"),
    )
    .await
    .unwrap();
    let req = s
        .request_acceptance(
            canteen,
            f.leads[1],
            &AcceptanceInput {
                completed_on: d("2025-08-20"),
                summary: "6处食堂已运营".into(),
            },
            at("2025-08-21"),
        )
        .await
        .unwrap();
    let l = s.plan_ledger(plan, d("2025-08-22")).await.unwrap();
    assert_eq!(l.items[1].assessment.status, ItemStatus::AwaitingAcceptance);
    assert_eq!((l.rollup.completed, l.rollup.targets_attained), (0, 1));
    s.decide_acceptance(req, true, "", "验收组", at("2025-08-25"))
        .await
        .unwrap();
    let l = s.plan_ledger(plan, d("2025-08-26")).await.unwrap();
    assert_eq!(l.items[1].assessment.status, ItemStatus::Accepted);
    assert_eq!(l.items[1].accepted_on, Some(d("2025-08-25")));
    assert_eq!(l.rollup.completed, 1);
    let kinds: Vec<_> = s
        .item_timeline(canteen, d("2025-08-26"))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.len(), 7, "{kinds:?}");
}

async fn shares_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let plan = s.plans().await.unwrap()[0].plan.id;
    let canteen = f.items[1];
    let t = f.targets[1][0];
    let units = s.units(None).await.unwrap();
    let street = units.iter().find(|u| u.name == "各街道").unwrap().id;
    // The street office answers for 2 of the 6 canteens; the lead reports its own 4.
    s.assign_unit(canteen, street, Role::Co, Some((t, 2.0)))
        .await
        .unwrap();
    s.assign_unit(canteen, f.leads[1], Role::Lead, Some((t, 4.0)))
        .await
        .unwrap();
    assert_eq!(
        s.reportable_targets(canteen, street).await.unwrap(),
        Some(vec![t])
    );
    s.save_report(
        canteen,
        f.leads[1],
        d("2025-03-03"),
        &submit(values(&[(t, 3.0)]), None),
        at("2025-03-05"),
    )
    .await
    .unwrap();
    let l = s.plan_ledger(plan, d("2025-03-10")).await.unwrap();
    assert_eq!(l.items[1].targets[0].achieved, Some(3.0));
    assert!(l.not_reported.iter().any(|n| n.unit == "各街道"));
    s.save_report(
        canteen,
        street,
        d("2025-03-03"),
        &submit(values(&[(t, 2.0)]), None),
        at("2025-03-07"),
    )
    .await
    .unwrap();
    let l = s.plan_ledger(plan, d("2025-03-10")).await.unwrap();
    assert_eq!(l.items[1].targets[0].achieved, Some(5.0));
    assert!(!l.not_reported.iter().any(|n| n.item_id == canteen));
}

conformance!(
    reports_and_versions_case,
    concurrent_writers_case,
    lights_rollups_and_delays_case,
    shares_case
);

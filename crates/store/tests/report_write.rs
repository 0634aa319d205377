//! A report's write answers with the version it wrote (put together by the write, not read
//! back): checked against a fresh read after every kind of write, on SQLite and PostgreSQL.

use minsheng_domain::Refusal;
use minsheng_domain::ledger::quality::Ask;
use minsheng_domain::ledger::{FundSource, Investment, ReportState};
use minsheng_store::{Quality, Report, ReportWrite, Store, StoreError};

#[macro_use]
mod common;

use common::ledger::{at, d, fixture, submit, values};

/// A saved version as the write answers it, checked against a fresh read of it.
async fn read_back(s: &Store, r: Result<Report, StoreError>) -> Report {
    let r = r.unwrap();
    assert_eq!(
        r,
        s.report(r.id).await.unwrap(),
        "the answer is what was written"
    );
    r
}

/// The version a write answers with (put together by the write, not read back) equals a fresh
/// read after every kind of write: a first draft with values out of order and investment, its
/// update, the submission on someone's behalf, a correction keeping evidence, a draft that
/// says nothing moved, and an amendment after the lock. Several statements written as one
/// batch must each have run.
async fn saved_is_read_back_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let (item, unit, t) = (f.items[0], f.leads[0], f.targets[0].clone());
    let week = d("2025-03-03");
    let mut content = values(&[(t[1], 300.0), (t[0], 1.0)]);
    content.percent = Some(12.5);
    content.investments = vec![
        Investment {
            source: FundSource::Other,
            planned: 3.0,
            completed: 1.0,
            disbursed: 0.5,
        },
        Investment {
            source: FundSource::Superior,
            planned: 10.0,
            completed: 2.0,
            disbursed: 1.0,
        },
    ];
    let mut w = ReportWrite {
        content,
        ..ReportWrite::default()
    };
    let r = read_back(
        s,
        s.save_report(item, unit, week, &w, at("2025-03-04")).await,
    )
    .await;
    assert_eq!(
        (
            r.version,
            r.revision,
            r.content.values.len(),
            r.content.investments.len()
        ),
        (1, 1, 2, 2)
    );
    w.revision = Some(1);
    w.content.values.pop();
    w.no_progress = Some("  等待设计批复 ".into());
    let r = read_back(
        s,
        s.save_report(item, unit, week, &w, at("2025-03-05")).await,
    )
    .await;
    assert_eq!(
        (r.revision, r.content.values.len(), r.no_progress.as_deref()),
        (2, 1, Some("等待设计批复"))
    );
    w.revision = Some(2);
    w.submit = true;
    w.no_progress = None;
    w.on_behalf = Some("专班 王某".into());
    let r = read_back(
        s,
        s.save_report(item, unit, week, &w, at("2025-03-06")).await,
    )
    .await;
    assert_eq!(
        (r.state, r.filed_by.as_deref()),
        (ReportState::Submitted, Some("专班 王某"))
    );
    // A correction carries the evidence filed with the version before it.
    let photo = minsheng_store::NewAttachment {
        owner_kind: minsheng_store::OwnerKind::Report,
        owner_id: 0,
        purpose: "photo".into(),
        file_name: "现场.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 3,
        sha256: "ab".repeat(32),
        taken_at: None,
        lat: Some(30.5),
        lon: None,
        has_thumb: false,
        phash: None,
    };
    let mut fix = submit(values(&[(t[0], 2.0)]), Some(3));
    fix.correction_reason = Some("补充照片".into());
    let r = read_back(
        s,
        s.save_report_with(
            item,
            unit,
            week,
            &fix,
            std::slice::from_ref(&photo),
            at("2025-03-07"),
        )
        .await,
    )
    .await;
    assert_eq!((r.version, r.attachments.len()), (2, 1));
    fix.revision = Some(1);
    fix.correction_reason = Some("再改一处".into());
    let r = read_back(
        s,
        s.save_report(item, unit, week, &fix, at("2025-03-07"))
            .await,
    )
    .await;
    assert_eq!(
        (
            r.version,
            r.attachments.len(),
            r.correction_reason.as_deref()
        ),
        (3, 1, Some("再改一处"))
    );
    // A later draft correction keeps the reason it was started with until it is submitted.
    let mut draft = ReportWrite {
        content: values(&[(t[0], 4.0)]),
        revision: Some(1),
        correction_reason: Some("第三次".into()),
        ..ReportWrite::default()
    };
    let r = read_back(
        s,
        s.save_report(item, unit, week, &draft, at("2025-03-08"))
            .await,
    )
    .await;
    assert_eq!((r.version, r.state), (4, ReportState::Draft));
    draft.revision = Some(1);
    draft.correction_reason = None;
    let r = read_back(
        s,
        s.save_report(item, unit, week, &draft, at("2025-03-08"))
            .await,
    )
    .await;
    assert_eq!(r.correction_reason.as_deref(), Some("第三次"));
    let plan = s.plans().await.unwrap()[0].plan.id;
    s.lock_period(plan, week, at("2025-03-12")).await.unwrap();
    draft.revision = Some(2);
    draft.submit = true;
    draft.correction_reason = Some("锁定后更正".into());
    let r = read_back(
        s,
        s.save_report(item, unit, week, &draft, at("2025-03-12"))
            .await,
    )
    .await;
    assert!(r.amendment && r.state == ReportState::Submitted);
    // Another unit's first filing takes the next id after all of these.
    let r2 = read_back(
        s,
        s.save_report(
            f.items[1],
            f.leads[1],
            d("2025-03-10"),
            &submit(values(&[]), None),
            at("2025-03-12"),
        )
        .await,
    )
    .await;
    assert!(r2.id.0 > r.id.0);
}

/// The kinds of question a refused write asks; panics on any other answer.
fn asks(r: Result<Report, StoreError>) -> Vec<Ask> {
    match r {
        Err(StoreError::Refused(Refusal::Questions(q))) => q.iter().map(|q| q.ask).collect(),
        other => panic!("expected questions, got {other:?}"),
    }
}

/// A submission whose filer is asked the quality rules' questions is asked them inside its
/// write, against the unit's last submitted report and the plan's pace read in the same
/// transaction: a running total going back needs a correction's reason, a report in which
/// nothing moved the reason, a total far past the plan's pace and the goal a confirmation;
/// while one is open nothing is filed. Drafts and what the system loads are not asked.
async fn questions_are_asked_inside_the_write_case(store: Store) {
    let f = fixture(store).await;
    let s = &f.store;
    let (item, unit, t) = (f.items[0], f.leads[0], f.targets[0].clone());
    let asked = |pairs: &[(minsheng_domain::TargetId, f64)], confirmed| ReportWrite {
        content: values(pairs),
        submit: true,
        quality: Quality::Asked { confirmed },
        ..ReportWrite::default()
    };
    // 300 of 900 places by the second week of March is within four of the plan's steps.
    s.save_report(
        item,
        unit,
        d("2025-03-03"),
        &asked(&[(t[0], 1.0), (t[1], 300.0)], false),
        at("2025-03-04"),
    )
    .await
    .unwrap();
    let week = d("2025-03-10");
    let mut back = asked(&[(t[0], 1.0), (t[1], 250.0)], true);
    assert_eq!(
        asks(
            s.save_report(item, unit, week, &back, at("2025-03-11"))
                .await
        ),
        vec![Ask::CorrectionReason]
    );
    assert!(
        s.report_versions(item, unit, week)
            .await
            .unwrap()
            .is_empty(),
        "nothing is filed while a question is open"
    );
    back.correction_reason = Some("上周多报了50个".into());
    s.save_report(item, unit, week, &back, at("2025-03-11"))
        .await
        .unwrap();
    let week = d("2025-03-17");
    let mut same = asked(&[(t[0], 1.0), (t[1], 250.0)], true);
    assert_eq!(
        asks(
            s.save_report(item, unit, week, &same, at("2025-03-18"))
                .await
        ),
        vec![Ask::NoProgressReason]
    );
    same.no_progress = Some("等待设计批复".into());
    s.save_report(item, unit, week, &same, at("2025-03-18"))
        .await
        .unwrap();
    let week = d("2025-03-24");
    let mut jump = asked(&[(t[0], 1.0), (t[1], 5000.0)], false);
    assert_eq!(
        asks(
            s.save_report(item, unit, week, &jump, at("2025-03-25"))
                .await
        ),
        vec![Ask::Confirmation, Ask::Confirmation],
        "past the plan's pace and past half again the goal"
    );
    jump.submit = false;
    let draft = s
        .save_report(item, unit, week, &jump, at("2025-03-25"))
        .await
        .expect("a draft is not asked");
    jump.submit = true;
    jump.revision = Some(draft.revision);
    jump.quality = Quality::Asked { confirmed: true };
    s.save_report(item, unit, week, &jump, at("2025-03-25"))
        .await
        .unwrap();
    // What the system loads itself is filed as given.
    let loaded = ReportWrite {
        content: values(&[(t[0], 0.0), (t[1], 10.0)]),
        submit: true,
        ..ReportWrite::default()
    };
    s.save_report(item, unit, d("2025-03-31"), &loaded, at("2025-04-01"))
        .await
        .unwrap();
}

conformance!(
    saved_is_read_back_case,
    questions_are_asked_inside_the_write_case
);

//! The quality rules with worked numbers.

use super::*;
use crate::ItemId;
use crate::ledger::TargetValue;
use crate::target::Comparator;

fn report(values: &[(i64, f64)], progress: &str) -> ReportContent {
    ReportContent {
        values: values
            .iter()
            .map(|(t, v)| TargetValue {
                target_id: TargetId(*t),
                value: *v,
            })
            .collect(),
        progress: progress.into(),
        ..ReportContent::default()
    }
}

fn target(id: i64, value: f64, kind: TargetKind, baseline: Option<f64>) -> Target {
    Target {
        id: TargetId(id),
        item_id: ItemId(1),
        position: 0,
        metric: "新增托位".into(),
        unit: "个".into(),
        value,
        comparator: Comparator::Ge,
        kind,
        baseline,
        optional: false,
        source_text: None,
    }
}

fn count(value: f64) -> Vec<Target> {
    vec![target(1, value, TargetKind::Count, None)]
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A year's linear plan, weekly periods, the week ending `end`, last filed the week
/// before (or never).
fn weekly(end: &str, last: bool, factor: f64) -> Pace {
    let end = d(end);
    Pace {
        curve: Curve::new(d("2025-01-01"), d("2025-12-31"), vec![]),
        period_end: end,
        period_days: 7,
        last_end: last.then(|| end - chrono::Duration::days(7)),
        factor,
    }
}

#[test]
fn a_running_total_typed_short_is_caught() {
    // The case that turned an item red: 100 typed for 4706.
    let last = report(&[(1, 4706.0)], "主体完工");
    let now = report(&[(1, 100.0)], "主体完工，进入装修");
    let f = findings(Some(&last), &now, &count(5000.0), None);
    assert_eq!(
        f,
        vec![Finding::Backwards {
            target: TargetId(1),
            before: 4706.0,
            now: 100.0
        }]
    );
    assert_eq!(f[0].asks(), Ask::CorrectionReason);
    let zh = f[0].zh(&|_| "新增托位".into());
    assert!(zh.contains("4706") && zh.contains("100"), "{zh}");
}

#[test]
fn nothing_changed_asks_why() {
    let last = report(&[(1, 30.0)], "施工中");
    let t = count(100.0);
    let f = findings(Some(&last), &report(&[(1, 30.0)], "施工中 "), &t, None);
    assert_eq!(f, vec![Finding::NothingChanged]);
    assert_eq!(f[0].asks(), Ask::NoProgressReason);
    // A changed text is progress reported; so is a first report.
    assert!(findings(Some(&last), &report(&[(1, 30.0)], "完成招标"), &t, None).is_empty());
    assert!(findings(None, &report(&[(1, 0.0)], ""), &t, None).is_empty());
}

#[test]
fn a_running_total_ahead_of_the_plans_pace_asks_for_confirmation() {
    // 52,000 a year on a straight line: 1,000 a week. At the end of June the plan
    // expects about 25,570; four weeks' pace ahead of that is not questioned.
    let t = count(52_000.0);
    let pace = weekly("2025-06-29", true, 4.0);
    let (planned, ceiling) = pace.ceiling(52_000.0, 24_000.0);
    assert!((planned - 25_570.0).abs() < 100.0, "{planned}");
    assert!(
        (ceiling - planned - 4.0 * 1_000.0).abs() < 20.0,
        "{ceiling}"
    );
    let last = report(&[(1, 24_000.0)], "a");
    let ok = findings(Some(&last), &report(&[(1, 29_000.0)], "b"), &t, Some(&pace));
    assert!(ok.is_empty(), "{ok:?}");
    // An extra digit, though still under the goal: asked.
    let f = findings(Some(&last), &report(&[(1, 42_000.0)], "b"), &t, Some(&pace));
    assert!(
        matches!(f[..], [Finding::Jump { paced: Some(_), .. }]),
        "{f:?}"
    );
    assert_eq!(f[0].asks(), Ask::Confirmation);
    let zh = f[0].zh(&|_| "新增托位".into());
    assert!(zh.contains("远超计划进度") && zh.contains("42000"), "{zh}");
    // The factor is the plan's: at 20 the same figure passes.
    let lax = weekly("2025-06-29", true, 20.0);
    assert!(findings(Some(&last), &report(&[(1, 42_000.0)], "b"), &t, Some(&lax)).is_empty());
}

#[test]
fn a_unit_behind_the_plan_may_catch_up_and_a_late_report_brings_several_weeks() {
    let t = count(52_000.0);
    // Far behind (5,000 at the end of June): catching up to the curve is not a jump.
    let pace = weekly("2025-06-29", true, 4.0);
    let last = report(&[(1, 5_000.0)], "a");
    assert!(findings(Some(&last), &report(&[(1, 28_000.0)], "b"), &t, Some(&pace)).is_empty());
    // Last filed in March, now in June: the span's planned work is the step.
    let late = Pace {
        last_end: Some(d("2025-03-30")),
        ..pace.clone()
    };
    let (_, ceiling) = late.ceiling(52_000.0, 12_000.0);
    assert!(ceiling > 25_570.0 + 4.0 * 12_000.0, "{ceiling}");
    // A first report in June is measured from the start of the work.
    let first = weekly("2025-06-29", false, 4.0);
    assert!(findings(None, &report(&[(1, 26_000.0)], "b"), &t, Some(&first)).is_empty());
}

#[test]
fn a_count_of_a_few_things_moves_by_one_without_a_question() {
    // Three schools in a year: a week's pace is a twentieth of a school.
    let t = count(3.0);
    let pace = weekly("2025-03-02", true, 4.0);
    let last = report(&[(1, 0.0)], "a");
    assert!(findings(Some(&last), &report(&[(1, 1.0)], "b"), &t, Some(&pace)).is_empty());
    let f = findings(Some(&last), &report(&[(1, 3.0)], "b"), &t, Some(&pace));
    assert!(matches!(f[..], [Finding::Jump { .. }]), "{f:?}");
}

#[test]
fn without_a_plan_to_pace_it_tenfold_is_the_question() {
    let t = count(5000.0);
    let last = report(&[(1, 470.0)], "a");
    let f = findings(Some(&last), &report(&[(1, 47060.0)], "b"), &t, None);
    assert!(matches!(f[0], Finding::Jump { paced: None, .. }), "{f:?}");
    assert!(matches!(f[1], Finding::BeyondTarget { .. }), "{f:?}");
    assert!(f.iter().all(|x| x.asks() == Ask::Confirmation));
    assert!(f[0].zh(&|_| "x".into()).contains("超过 10 倍"));
    // Within 150 % and within ten times: nothing to say.
    assert!(findings(Some(&last), &report(&[(1, 4700.0)], "b"), &t, None).is_empty());
}

#[test]
fn levels_rates_and_ceilings_are_current_values_that_may_fall() {
    // 降至: a level falling from its baseline 200 to 100, now at 180.
    let falling = vec![target(1, 100.0, TargetKind::Level, Some(200.0))];
    let last = report(&[(1, 190.0)], "a");
    let pace = weekly("2025-06-29", true, 4.0);
    assert!(
        findings(
            Some(&last),
            &report(&[(1, 180.0)], "b"),
            &falling,
            Some(&pace)
        )
        .is_empty()
    );
    // A ceiling (控制在5%以内) may rise and fall; past it is the ledger's business.
    let ceiling = vec![target(1, 5.0, TargetKind::Ceiling, None)];
    let last = report(&[(1, 4.0)], "a");
    assert!(
        findings(
            Some(&last),
            &report(&[(1, 3.0)], "b"),
            &ceiling,
            Some(&pace)
        )
        .is_empty()
    );
    assert!(
        findings(
            Some(&last),
            &report(&[(1, 9.0)], "b"),
            &ceiling,
            Some(&pace)
        )
        .is_empty()
    );
    // A level raised at once (100 → 150 元) is not paced; ten times is a typo.
    let rising = vec![target(1, 150.0, TargetKind::Level, Some(100.0))];
    let last = report(&[(1, 100.0)], "a");
    assert!(
        findings(
            Some(&last),
            &report(&[(1, 150.0)], "b"),
            &rising,
            Some(&pace)
        )
        .is_empty()
    );
    let f = findings(
        Some(&last),
        &report(&[(1, 1500.0)], "b"),
        &rising,
        Some(&pace),
    );
    assert!(
        matches!(
            f[..],
            [
                Finding::Jump { paced: None, .. },
                Finding::BeyondTarget { .. }
            ]
        ),
        "{f:?}"
    );
}

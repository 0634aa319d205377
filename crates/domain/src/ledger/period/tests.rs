//! Tests of `period`.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rule(cadence: Cadence, due_day: u32, grace_days: u32) -> ReportingRule {
    ReportingRule {
        cadence,
        due_day,
        grace_days,
    }
}

#[test]
fn periods_contain_their_dates() {
    // (cadence, due_day, grace, date, start, end, due, grace_end)
    let table = [
        (
            Cadence::Weekly,
            5,
            0,
            "2025-04-02",
            "2025-03-31",
            "2025-04-06",
            "2025-04-04",
            "2025-04-04",
        ),
        (
            Cadence::Weekly,
            7,
            2,
            "2025-04-06",
            "2025-03-31",
            "2025-04-06",
            "2025-04-06",
            "2025-04-08",
        ),
        (
            Cadence::Weekly,
            1,
            0,
            "2024-12-31",
            "2024-12-30",
            "2025-01-05",
            "2024-12-30",
            "2024-12-30",
        ),
        (
            Cadence::TenDay,
            0,
            0,
            "2025-02-10",
            "2025-02-01",
            "2025-02-10",
            "2025-02-10",
            "2025-02-10",
        ),
        (
            Cadence::TenDay,
            1,
            0,
            "2025-02-11",
            "2025-02-11",
            "2025-02-20",
            "2025-02-21",
            "2025-02-21",
        ),
        (
            Cadence::TenDay,
            0,
            3,
            "2025-02-28",
            "2025-02-21",
            "2025-02-28",
            "2025-02-28",
            "2025-03-03",
        ),
        (
            Cadence::TenDay,
            0,
            0,
            "2024-02-29",
            "2024-02-21",
            "2024-02-29",
            "2024-02-29",
            "2024-02-29",
        ),
        (
            Cadence::TenDay,
            0,
            0,
            "2025-01-31",
            "2025-01-21",
            "2025-01-31",
            "2025-01-31",
            "2025-01-31",
        ),
        (
            Cadence::Monthly,
            5,
            0,
            "2025-01-15",
            "2025-01-01",
            "2025-01-31",
            "2025-02-05",
            "2025-02-05",
        ),
        (
            Cadence::Monthly,
            31,
            0,
            "2025-01-15",
            "2025-01-01",
            "2025-01-31",
            "2025-02-28",
            "2025-02-28",
        ),
        (
            Cadence::Monthly,
            5,
            5,
            "2025-12-31",
            "2025-12-01",
            "2025-12-31",
            "2026-01-05",
            "2026-01-10",
        ),
        (
            Cadence::Quarterly,
            10,
            0,
            "2025-05-20",
            "2025-04-01",
            "2025-06-30",
            "2025-07-10",
            "2025-07-10",
        ),
        (
            Cadence::Quarterly,
            5,
            0,
            "2025-12-01",
            "2025-10-01",
            "2025-12-31",
            "2026-01-05",
            "2026-01-05",
        ),
    ];
    for (c, due_day, grace, date, start, end, due, grace_end) in table {
        let p = rule(c, due_day, grace).period_containing(d(date));
        assert_eq!(
            (p.start, p.end, p.due, p.grace_end),
            (d(start), d(end), d(due), d(grace_end)),
            "{c} due_day {due_day} on {date}"
        );
    }
}

#[test]
fn periods_tile_the_year_without_gaps() {
    for c in Cadence::ALL {
        let r = rule(*c, 5, 0);
        let ps = r.periods(d("2025-01-01"), d("2025-12-31"));
        let n = match c {
            Cadence::Weekly => 53, // 2024-12-30 … 2025-12-29 weeks
            Cadence::TenDay => 36,
            Cadence::Monthly => 12,
            Cadence::Quarterly => 4,
        };
        assert_eq!(ps.len(), n, "{c}");
        for w in ps.windows(2) {
            assert_eq!(w[0].end + Duration::days(1), w[1].start, "{c}");
        }
        assert!(ps.iter().all(|p| r.period_starting(p.start) == Some(*p)));
    }
    assert_eq!(
        rule(Cadence::Weekly, 5, 0).period_starting(d("2025-04-02")),
        None
    );
}

#[test]
fn report_states_over_dates() {
    let p = rule(Cadence::Weekly, 5, 2).period_containing(d("2025-04-02"));
    // due Fri 04-04, grace to Sun 04-06
    let table = [
        (None, "2025-03-30", ReportState::Future),
        (None, "2025-04-01", ReportState::Open),
        (None, "2025-04-06", ReportState::Open),
        (None, "2025-04-07", ReportState::Missing),
        (Some("2025-04-04"), "2025-04-20", ReportState::OnTime),
        (Some("2025-04-05"), "2025-04-20", ReportState::Late),
    ];
    for (sub, today, want) in table {
        assert_eq!(p.state(sub.map(d), d(today)), want, "{sub:?} {today}");
    }
}

#[test]
fn last_closed_period() {
    let r = rule(Cadence::Weekly, 5, 0);
    // On Friday the current week is still open (due that day); the previous one is closed.
    assert_eq!(
        r.last_closed(d("2025-01-01"), d("2025-04-04"))
            .map(|p| p.start),
        Some(d("2025-03-24"))
    );
    assert_eq!(
        r.last_closed(d("2025-01-01"), d("2025-04-05"))
            .map(|p| p.start),
        Some(d("2025-03-31"))
    );
    assert_eq!(r.last_closed(d("2025-04-01"), d("2025-04-02")), None);
}

#[test]
fn labels() {
    let r = rule(Cadence::TenDay, 0, 0);
    assert_eq!(
        r.period_containing(d("2025-04-15"))
            .label_zh(Cadence::TenDay),
        "2025年4月中旬"
    );
    let q = rule(Cadence::Quarterly, 5, 0).period_containing(d("2025-08-01"));
    assert_eq!(q.label_zh(Cadence::Quarterly), "2025年第三季度");
    let w = rule(Cadence::Weekly, 5, 0).period_containing(d("2025-04-02"));
    assert_eq!(w.label_zh(Cadence::Weekly), "2025年第14周（03.31—04.06）");
    assert_eq!(w.label_en(Cadence::Weekly), "Week 14, 2025 (03.31–04.06)");
    assert_eq!(q.label_en(Cadence::Quarterly), "2025 Q3");
    let t = r.period_containing(d("2025-04-25"));
    assert_eq!(t.label_en(Cadence::TenDay), "Apr 2025 21–30");
    let m = rule(Cadence::Monthly, 5, 0).period_containing(d("2025-04-25"));
    assert_eq!(m.label_en(Cadence::Monthly), "Apr 2025");
}

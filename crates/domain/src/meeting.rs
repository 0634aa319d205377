//! Meetings (调度会, 专题会议, 调研): the kinds the notices prescribe, the cadence they set
//! (the leader in charge 每旬调度, 每季度召开一次专题会议或开展一次专题调研), and the agenda a
//! dispatch meeting is drawn from — the last meeting's open decided matters first, then the
//! red and yellow items, the overdue orders and the units that have not reported. Pure rules;
//! the store reads their inputs from the ledger.

use chrono::{Datelike, NaiveDate};

crate::code_enum!(
    /// What kind of meeting.
    MeetingKind, "meeting kind" {
        /// A dispatch meeting going through the ledger (调度会).
        Dispatch = "dispatch",
        /// A special meeting on one matter (专题会议).
        Special = "special",
        /// A special survey (专题调研).
        Survey = "survey",
        /// A visit to a site (现场调研).
        SiteVisit = "site_visit",
    }
);

impl MeetingKind {
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            MeetingKind::Dispatch => "调度会",
            MeetingKind::Special => "专题会议",
            MeetingKind::Survey => "专题调研",
            MeetingKind::SiteVisit => "现场调研",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            MeetingKind::Dispatch => "dispatch meeting",
            MeetingKind::Special => "special meeting",
            MeetingKind::Survey => "survey",
            MeetingKind::SiteVisit => "site visit",
        }
    }
}

/// How often the notices ask for a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// 每旬: the 1st–10th, 11th–20th and 21st–end of each month.
    Dekad,
    /// 每月.
    Month,
    /// 每季度.
    Quarter,
}

/// A cadence: meetings of any of `kinds`, one in every period of `every`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cadence {
    /// The kinds that count.
    pub kinds: Vec<MeetingKind>,
    /// How often.
    pub every: Every,
}

impl Cadence {
    /// 每旬调度了解推进情况: a dispatch meeting every dekad.
    pub fn dekad_dispatch() -> Cadence {
        Cadence {
            kinds: vec![MeetingKind::Dispatch],
            every: Every::Dekad,
        }
    }

    /// 每季度召开一次专题会议或开展一次专题调研.
    pub fn quarterly_special() -> Cadence {
        Cadence {
            kinds: vec![
                MeetingKind::Special,
                MeetingKind::Survey,
                MeetingKind::SiteVisit,
            ],
            every: Every::Quarter,
        }
    }
}

fn last_of_month(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("a month's first day") - chrono::Duration::days(1)
}

/// The period of `every` that holds `day`: (first day, last day).
pub fn period_of(every: Every, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (y, m) = (day.year(), day.month());
    let on = |d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("a day of the month");
    match every {
        Every::Dekad => match day.day() {
            1..=10 => (on(1), on(10)),
            11..=20 => (on(11), on(20)),
            _ => (on(21), last_of_month(y, m)),
        },
        Every::Month => (on(1), last_of_month(y, m)),
        Every::Quarter => {
            let first = (m - 1) / 3 * 3 + 1;
            (
                NaiveDate::from_ymd_opt(y, first, 1).expect("a quarter's first day"),
                last_of_month(y, first + 2),
            )
        }
    }
}

/// The periods of `every` from the one holding `from` to the one holding `to`.
pub fn periods(every: Every, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let p = period_of(every, day);
        out.push(p);
        day = p.1 + chrono::Duration::days(1);
    }
    out
}

/// One period of a cadence and the meetings held in it that count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadencePeriod {
    /// First and last day.
    pub range: (NaiveDate, NaiveDate),
    /// Meetings of the cadence's kinds held in it.
    pub held: usize,
    /// Over (its last day is before today) with none held.
    pub missed: bool,
}

/// Each period of `cadence` from `from` to `today` with the meetings held in it (`held`: the
/// days and kinds of one leader's or one office's meetings).
pub fn cadence_periods(
    cadence: &Cadence,
    held: &[(NaiveDate, MeetingKind)],
    from: NaiveDate,
    today: NaiveDate,
) -> Vec<CadencePeriod> {
    periods(cadence.every, from, today)
        .into_iter()
        .map(|range| {
            let n = held
                .iter()
                .filter(|(d, k)| cadence.kinds.contains(k) && *d >= range.0 && *d <= range.1)
                .count();
            CadencePeriod {
                range,
                held: n,
                missed: n == 0 && range.1 < today,
            }
        })
        .collect()
}

crate::code_enum!(
    /// Why something is on a dispatch meeting's agenda, in the order the meeting takes them.
    AgendaReason, "agenda reason" {
        /// A matter the last meeting decided, still open: how it stands is heard first.
        OpenMatter = "open_matter",
        /// A matter the last meeting decided that has been done: reported back, not argued.
        DoneMatter = "done_matter",
        /// An item with a red light.
        Red = "red",
        /// An item with a yellow light.
        Yellow = "yellow",
        /// A supervision order past its deadline.
        OverdueOrder = "overdue_order",
        /// A unit that has not reported for the last closed period.
        NotReported = "not_reported",
        /// Added by the office.
        Added = "added",
    }
);

impl AgendaReason {
    /// Where the meeting takes it up: the order of [`AgendaReason::ALL`].
    pub fn rank(self) -> usize {
        AgendaReason::ALL
            .iter()
            .position(|r| *r == self)
            .unwrap_or(usize::MAX)
    }

    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            AgendaReason::OpenMatter => "上次议定事项（未办结）",
            AgendaReason::DoneMatter => "上次议定事项（已办结）",
            AgendaReason::Red => "红灯项目",
            AgendaReason::Yellow => "黄灯项目",
            AgendaReason::OverdueOrder => "逾期督办",
            AgendaReason::NotReported => "未报送单位",
            AgendaReason::Added => "其他议题",
        }
    }
}

/// A candidate for the agenda: why, what it is about (an item, when it is about one), and a
/// key that names it (the matter's, the item's, the order's or the unit's id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaCandidate {
    /// Why.
    pub reason: AgendaReason,
    /// The item it is about.
    pub item: Option<i64>,
    /// Its own id in its kind.
    pub key: i64,
    /// What the agenda says.
    pub title: String,
}

/// The agenda drawn from the candidates: in the order of [`AgendaReason`], each item once —
/// a red item with an overdue order is taken up as the red item, with the order beside it
/// (its entry's `also`) — and, within a reason, in the order given. A matter done since the
/// last meeting is reported on its own line and takes nothing up with it.
pub fn agenda(candidates: &[AgendaCandidate]) -> Vec<(AgendaCandidate, Vec<AgendaCandidate>)> {
    let mut sorted: Vec<&AgendaCandidate> = candidates.iter().collect();
    sorted.sort_by_key(|c| c.reason.rank());
    let mut out: Vec<(AgendaCandidate, Vec<AgendaCandidate>)> = Vec::new();
    for c in sorted {
        let taken = c
            .item
            .filter(|_| c.reason != AgendaReason::DoneMatter)
            .and_then(|item| {
                out.iter_mut().find(|(head, _)| {
                    head.item == Some(item)
                        && !matches!(
                            head.reason,
                            AgendaReason::NotReported | AgendaReason::DoneMatter
                        )
                })
            });
        match taken {
            Some((_, also)) if c.reason != AgendaReason::NotReported => also.push(c.clone()),
            _ => out.push((c.clone(), Vec::new())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dekads_months_and_quarters() {
        assert_eq!(
            period_of(Every::Dekad, d("2024-02-25")),
            (d("2024-02-21"), d("2024-02-29"))
        );
        assert_eq!(
            period_of(Every::Dekad, d("2024-03-10")),
            (d("2024-03-01"), d("2024-03-10"))
        );
        assert_eq!(
            period_of(Every::Quarter, d("2024-12-31")),
            (d("2024-10-01"), d("2024-12-31"))
        );
        assert_eq!(
            periods(Every::Dekad, d("2024-03-05"), d("2024-04-02")).len(),
            4
        );
        assert_eq!(
            periods(Every::Month, d("2024-01-31"), d("2024-03-01")).len(),
            3
        );
    }

    #[test]
    fn cadence_counts_the_kinds_it_names_and_misses_only_past_periods() {
        let held = [
            (d("2024-04-03"), MeetingKind::Dispatch),
            (d("2024-04-15"), MeetingKind::Special),
            (d("2024-04-22"), MeetingKind::Dispatch),
        ];
        let p = cadence_periods(
            &Cadence::dekad_dispatch(),
            &held,
            d("2024-04-01"),
            d("2024-04-25"),
        );
        let seen: Vec<(usize, bool)> = p.iter().map(|p| (p.held, p.missed)).collect();
        assert_eq!(seen, [(1, false), (0, true), (1, false)]);
        let q = cadence_periods(
            &Cadence::quarterly_special(),
            &held,
            d("2024-01-01"),
            d("2024-05-01"),
        );
        let seen: Vec<(usize, bool)> = q.iter().map(|p| (p.held, p.missed)).collect();
        assert_eq!(seen, [(0, true), (1, false)]);
    }

    #[test]
    fn the_agenda_takes_open_matters_first_and_each_item_once() {
        let c = |reason, item, key| AgendaCandidate {
            reason,
            item,
            key,
            title: format!("{key}"),
        };
        let agenda = agenda(&[
            c(AgendaReason::Yellow, Some(2), 2),
            c(AgendaReason::OverdueOrder, Some(1), 70),
            c(AgendaReason::Red, Some(1), 1),
            c(AgendaReason::NotReported, Some(1), 9),
            c(AgendaReason::OpenMatter, Some(3), 50),
            c(AgendaReason::OverdueOrder, Some(4), 71),
            c(AgendaReason::DoneMatter, Some(2), 51),
        ]);
        let heads: Vec<(AgendaReason, i64, usize)> = agenda
            .iter()
            .map(|(h, also)| (h.reason, h.key, also.len()))
            .collect();
        assert_eq!(
            heads,
            [
                (AgendaReason::OpenMatter, 50, 0),
                (AgendaReason::DoneMatter, 51, 0),
                (AgendaReason::Red, 1, 1),
                (AgendaReason::Yellow, 2, 0),
                (AgendaReason::OverdueOrder, 71, 0),
                (AgendaReason::NotReported, 9, 0),
            ]
        );
    }
}

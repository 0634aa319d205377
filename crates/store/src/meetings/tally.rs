//! Meetings held, counted against the notices' cadence: for each leader in charge of items of
//! a list (and the office, for meetings no leader holds), each quarter of the year — the
//! dispatch meetings held against the dekads (每旬调度) and the special meetings or surveys
//! against the one a quarter asks (每季度专题会议或调研). Counting starts the day the list was
//! issued (its 印发日期), or on 1 January when that is not known.

use crate::{Store, StoreError, on_pool};
use chrono::{Datelike, NaiveDate};
use minsheng_domain::PlanId;
use minsheng_domain::meeting::{Cadence, MeetingKind, cadence_periods};
use serde::Serialize;

/// One quarter of one leader's count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CadenceCount {
    /// 1–4.
    pub quarter: u32,
    /// Not counted: not begun yet, or over before the list was issued.
    pub future: bool,
    /// Dispatch meetings held.
    pub dispatch: usize,
    /// Dekads counted (begun by today, from the list's issue).
    pub dekads: usize,
    /// Of which with a dispatch meeting held.
    pub dekads_held: usize,
    /// Past dekads with no dispatch meeting.
    pub dekads_missed: usize,
    /// Special meetings, surveys and site visits held.
    pub special: usize,
    /// The quarter is over with none.
    pub special_missed: bool,
}

/// A leader's meetings, quarter by quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderTally {
    /// The leader; None for the meetings no leader holds.
    pub leader_id: Option<i64>,
    /// Name, with post.
    pub name: String,
    /// Q1–Q4.
    pub quarters: Vec<CadenceCount>,
}

/// Counts one holder's meetings of `year` quarter by quarter as of `today`, from `from` (the
/// day the list was issued; periods that end before it are not counted).
pub fn quarters(
    held: &[(NaiveDate, MeetingKind)],
    year: i32,
    from: NaiveDate,
    today: NaiveDate,
) -> Vec<CadenceCount> {
    let dekad = Cadence::dekad_dispatch();
    let special = Cadence::quarterly_special();
    (1..=4u32)
        .map(|q| {
            let first = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).expect("a quarter");
            let last = NaiveDate::from_ymd_opt(
                year + i32::from(q == 4),
                if q == 4 { 1 } else { q * 3 + 1 },
                1,
            )
            .expect("the next quarter")
                - chrono::Duration::days(1);
            if first > today || last < from {
                return CadenceCount {
                    quarter: q,
                    future: true,
                    dispatch: 0,
                    dekads: 0,
                    dekads_held: 0,
                    dekads_missed: 0,
                    special: 0,
                    special_missed: false,
                };
            }
            // Periods that began before the list was issued are not counted.
            // Periods up to today or the quarter's end; missed when over by today.
            let upto = today.min(last);
            let missed =
                |p: &minsheng_domain::meeting::CadencePeriod| p.held == 0 && p.range.1 < today;
            let counted = |p: &minsheng_domain::meeting::CadencePeriod| p.range.0 >= from;
            let d: Vec<_> = cadence_periods(&dekad, held, first, upto)
                .into_iter()
                .filter(counted)
                .collect();
            let s: Vec<_> = cadence_periods(&special, held, first, upto)
                .into_iter()
                .filter(counted)
                .collect();
            CadenceCount {
                quarter: q,
                future: false,
                dispatch: d.iter().map(|p| p.held).sum(),
                dekads: d.len(),
                dekads_held: d.iter().filter(|p| p.held > 0).count(),
                dekads_missed: d.iter().filter(|p| missed(p)).count(),
                special: s.iter().map(|p| p.held).sum(),
                special_missed: s.iter().any(missed),
            }
        })
        .collect()
}

/// A meeting held: its list, the leader holding it (None: the office), its day and kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    /// The list.
    pub plan: PlanId,
    /// The leader holding it.
    pub leader: Option<i64>,
    /// The day.
    pub day: NaiveDate,
    /// The kind.
    pub kind: MeetingKind,
}

/// The day counting starts for a list of `year`: the day it was issued (印发日期), or 1
/// January when that is not known.
pub fn counted_from(year: i32, issued: Option<NaiveDate>) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year's first day");
    issued.map_or(first, |d| d.max(first))
}

/// Ids as an SQL list for `IN (…)` (numbers only, nothing to escape).
fn id_list(plans: &[PlanId]) -> String {
    plans
        .iter()
        .map(|p| p.0.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// The meetings held on any of `plans`, in one query.
    pub async fn meetings_held(&self, plans: &[PlanId]) -> Result<Vec<Held>, StoreError> {
        if plans.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(plans);
        let rows: Vec<(i64, Option<i64>, NaiveDate, String)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT plan_id, leader_id, held_on, kind FROM meetings WHERE plan_id IN ({list})"
        ))).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(plan, leader, day, kind)| {
                Some(Held {
                    plan: PlanId(plan),
                    leader,
                    day,
                    kind: kind.parse().ok()?,
                })
            })
            .collect())
    }

    /// The meetings of `plans` in `year`, counted per leader and quarter as of `today`: every
    /// leader in charge of an item of the lists, every leader who held one, and a line for
    /// the meetings no leader holds (when there are any).
    pub async fn meeting_tally(
        &self,
        plans: &[PlanId],
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<LeaderTally>, StoreError> {
        if plans.is_empty() {
            return Ok(Vec::new());
        }
        let mut issued = Vec::new();
        for p in plans {
            issued.push(self.plan(*p).await?.issued_on);
        }
        let from = counted_from(year, issued.iter().min().copied().flatten());
        let list = id_list(plans);
        let held = self.meetings_held(plans).await?;
        let leaders: Vec<(i64, String)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT l.id, l.name || COALESCE('（' || l.title || '）', '') FROM leaders l WHERE l.id IN \
             (SELECT il.leader_id FROM item_leaders il JOIN items i ON i.id = il.item_id WHERE i.plan_id IN ({list}) \
              UNION SELECT leader_id FROM meetings WHERE plan_id IN ({list}) AND leader_id IS NOT NULL) ORDER BY l.name"
        ))).fetch_all(p).await?);
        let of = |who: Option<i64>| -> Vec<(NaiveDate, MeetingKind)> {
            held.iter()
                .filter(|h| h.leader == who && h.day.year() == year)
                .map(|h| (h.day, h.kind))
                .collect()
        };
        let mut out: Vec<LeaderTally> = leaders
            .into_iter()
            .map(|(id, name)| LeaderTally {
                leader_id: Some(id),
                name,
                quarters: quarters(&of(Some(id)), year, from, today),
            })
            .collect();
        let office = of(None);
        if !office.is_empty() {
            out.push(LeaderTally {
                leader_id: None,
                name: String::new(),
                quarters: quarters(&office, year, from, today),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_quarter_counts_dekads_and_one_special_meeting() {
        let held = [
            (d("2025-04-05"), MeetingKind::Dispatch),
            (d("2025-04-25"), MeetingKind::Dispatch),
            (d("2025-05-12"), MeetingKind::SiteVisit),
        ];
        let q = quarters(&held, 2025, d("2025-01-01"), d("2025-05-15"));
        assert!(
            q[0].special_missed && q[0].dekads_missed == 9,
            "Q1 held nothing"
        );
        let q2 = &q[1];
        // Dekads of Q2 begun by 15 May: Apr ×3, May 1–10, May 11–20.
        assert_eq!((q2.dispatch, q2.dekads, q2.dekads_missed), (2, 5, 2));
        assert_eq!(q2.dekads_held, 2);
        assert_eq!((q2.special, q2.special_missed), (1, false));
        assert!(q[2].future && q[3].future);
        // A list issued on 15 February: Q1 counts the dekads begun after (21 Feb onwards), and
        // not its special meeting (the quarter began before the list).
        let q = quarters(&held, 2025, d("2025-02-15"), d("2025-05-15"));
        assert_eq!(q[0].dekads, 4);
        assert!(!q[0].special_missed);
        assert!(!q[1].special_missed && q[1].special == 1);
        let q = quarters(&held, 2025, d("2025-04-12"), d("2025-05-15"));
        assert!(q[0].future, "over before the list was issued");
        assert_eq!(q[1].dekads, 3, "21–30 Apr, 1–10 and 11–20 May");
    }
}

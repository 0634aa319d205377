//! Bulletins (通报): which kind covers which dates, and how an issued bulletin is numbered.

use crate::ledger::{Cadence, ReportingRule};
use chrono::{Datelike, NaiveDate};

crate::code_enum!(
    /// What a bulletin covers.
    BulletinKind, "bulletin kind" {
        /// One week (周报).
        Weekly = "weekly",
        /// One month (月报).
        Monthly = "monthly",
        /// One quarter (季度通报).
        Quarterly = "quarterly",
        /// The whole year (年终通报).
        YearEnd = "year_end",
    }
);

impl BulletinKind {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            BulletinKind::Weekly => "周通报",
            BulletinKind::Monthly => "月度通报",
            BulletinKind::Quarterly => "季度通报",
            BulletinKind::YearEnd => "年终通报",
        }
    }

    /// The first and last day covered by the bulletin of this kind that contains `date`.
    pub fn range(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        let cadence = match self {
            BulletinKind::Weekly => Cadence::Weekly,
            BulletinKind::Monthly => Cadence::Monthly,
            BulletinKind::Quarterly => Cadence::Quarterly,
            BulletinKind::YearEnd => {
                let y = date.year();
                return (
                    NaiveDate::from_ymd_opt(y, 1, 1).expect("1 January"),
                    NaiveDate::from_ymd_opt(y, 12, 31).expect("31 December"),
                );
            }
        };
        let p = ReportingRule {
            cadence,
            ..ReportingRule::default()
        }
        .period_containing(date);
        (p.start, p.end)
    }

    /// The label of the covered range: 2025年第三季度, 2025年4月, 2025年第14周, 2025年.
    pub fn range_label(self, start: NaiveDate) -> String {
        match self {
            BulletinKind::YearEnd => format!("{}年", start.year()),
            BulletinKind::Weekly => format!(
                "{}年第{}周",
                start.iso_week().year(),
                start.iso_week().week()
            ),
            BulletinKind::Monthly => format!("{}年{}月", start.year(), start.month()),
            BulletinKind::Quarterly => {
                let q = ["一", "二", "三", "四"][((start.month() - 1) / 3) as usize];
                format!("{}年第{}季度", start.year(), q)
            }
        }
    }
}

/// The issue number as printed: 〔2024〕第3期.
pub fn bulletin_number(year: i32, number: i64) -> String {
    format!("〔{year}〕第{number}期")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_labels() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 14).unwrap();
        let (s, e) = BulletinKind::Quarterly.range(d);
        assert_eq!(
            (s.to_string(), e.to_string()),
            ("2025-07-01".into(), "2025-09-30".into())
        );
        assert_eq!(BulletinKind::Quarterly.range_label(s), "2025年第三季度");
        let (s, e) = BulletinKind::Monthly.range(d);
        assert_eq!((s.day(), e.day()), (1, 31));
        assert_eq!(BulletinKind::YearEnd.range(d).1.to_string(), "2025-12-31");
        assert_eq!(bulletin_number(2024, 3), "〔2024〕第3期");
    }
}

//! The clock the ledger's rules read: China Standard Time by default, or a fixed day for
//! demos, training and tests (`--today`), which tests can move to walk through a year.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use minsheng_store::Now;
use std::sync::{Arc, Mutex};

/// Today's date and the current instant.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    fixed: Arc<Mutex<Option<NaiveDate>>>,
    /// Added to every instant: tests move time forward within a day (session timeouts).
    offset: Arc<Mutex<chrono::Duration>>,
}

/// China Standard Time (UTC+8), in which every page reads instants.
pub(crate) fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8")
}

impl Clock {
    /// The system clock, read in China Standard Time (UTC+8).
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock stopped on `day` (time of day still advances, so ordering is kept).
    pub fn fixed(day: NaiveDate) -> Clock {
        Clock {
            fixed: Arc::new(Mutex::new(Some(day))),
            ..Clock::default()
        }
    }

    /// Moves every later instant forward by `by` (the day stays as set).
    pub fn advance(&self, by: chrono::Duration) {
        *self.offset.lock().expect("clock lock") += by;
    }

    /// Moves a fixed clock to another day.
    pub fn set(&self, day: NaiveDate) {
        *self.fixed.lock().expect("clock lock") = Some(day);
    }

    /// Today's date in China.
    pub fn today(&self) -> NaiveDate {
        self.fixed
            .lock()
            .expect("clock lock")
            .unwrap_or_else(|| Utc::now().with_timezone(&china()).date_naive())
    }

    /// The moment for a write: today, and an instant on that day (now's time of day).
    pub fn now(&self) -> Now {
        let today = self.today();
        let real = Utc::now();
        let time: NaiveTime = real.with_timezone(&china()).time();
        let at: DateTime<Utc> = china()
            .from_local_datetime(&today.and_time(time))
            .single()
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or(real);
        let at = at + *self.offset.lock().expect("clock lock");
        Now { today, at }
    }
}

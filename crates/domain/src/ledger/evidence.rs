//! Evidence integrity (佐证材料核验): what is doubtful about a photo or a progress text, decided
//! from facts the storage gathers. A photo is compared with every other photo of its region by
//! content (the same bytes) and by its perceptual hash (the same picture re-encoded, resized
//! or lightly cropped); its EXIF capture time with the period it is filed for; its EXIF
//! position with the item's sites. A progress text filed unchanged period after period is
//! 无实质进展. Each finding is a question for the office, not a verdict: the unit may have a
//! good reason, and the office sees the two photos side by side.

use crate::{ItemId, UnitId};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Two perceptual hashes this close (differing bits of 64) show the same picture: a
/// re-encoded or resized copy differs by 0–4 bits; unrelated photos by about 32.
pub const NEAR_BITS: u32 = 8;

/// A hash with fewer than this many 0 or 1 bits describes a featureless picture (a flat
/// colour, a blank page), which would match every other such picture: not compared.
pub const MIN_DETAIL_BITS: u32 = 6;

/// How long before its period a photo may have been taken (progress photos are often taken
/// in the days before the report).
pub const DAYS_BEFORE_PERIOD: i64 = 30;

/// How far from the nearest of the item's sites a photo may have been taken, in km. Phones
/// record WGS-84 while Chinese maps use GCJ-02 (up to about 0.7 km apart); a site's point is
/// often the middle of a district-wide project.
pub const MAX_KM_FROM_SITE: f64 = 5.0;

/// How many periods in a row the same progress text makes 无实质进展.
pub const COPIED_PERIODS: u32 = 3;

/// A progress text shorter than this (in characters) is not judged as copied: "按计划推进"
/// repeated says little either way.
pub const MIN_COPIED_CHARS: usize = 8;

/// One photo as the checks see it.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoFacts {
    /// The attachment.
    pub id: i64,
    /// The item it was filed for.
    pub item: ItemId,
    /// The unit that filed it (reports), if known.
    pub unit: Option<UnitId>,
    /// The period it was filed for (reports), if any.
    pub period: Option<NaiveDate>,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its perceptual hash, when it could be decoded.
    pub phash: Option<u64>,
}

/// What is doubtful about one photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhotoFinding {
    /// The same file was filed before for another item, unit or period.
    SameFile {
        /// The earlier attachment.
        other: i64,
        /// Its item.
        item: i64,
    },
    /// A near copy (re-encoded, resized) of a photo filed before elsewhere.
    NearCopy {
        /// The earlier attachment.
        other: i64,
        /// Its item.
        item: i64,
        /// Differing bits of 64.
        bits: u32,
    },
    /// Taken well before the period it is filed for.
    TakenBefore {
        /// The EXIF day.
        taken: NaiveDate,
        /// The period's first day.
        period: NaiveDate,
    },
    /// Taken after it was uploaded: the camera's clock is wrong or the time was edited.
    TakenAfterUpload {
        /// The EXIF day.
        taken: NaiveDate,
    },
    /// Taken far from every site of the item.
    FarFromSites {
        /// Distance to the nearest site, km (one decimal).
        km: f64,
    },
}

impl PhotoFinding {
    /// Chinese, for the office.
    pub fn zh(&self) -> String {
        match self {
            PhotoFinding::SameFile { .. } => "与此前已报送的照片完全相同（重复使用）".into(),
            PhotoFinding::NearCopy { bits, .. } => {
                format!("与此前已报送的照片高度相似（相差 {bits}/64），疑为同一照片翻拍或压缩")
            }
            PhotoFinding::TakenBefore { taken, period } => format!(
                "拍摄于 {}，早于本期（{} 起）{} 天以上",
                zh_day(*taken),
                zh_day(*period),
                DAYS_BEFORE_PERIOD
            ),
            PhotoFinding::TakenAfterUpload { taken } => {
                format!(
                    "拍摄时间 {} 晚于上传时间，相机时间有误或被修改",
                    zh_day(*taken)
                )
            }
            PhotoFinding::FarFromSites { km } => {
                format!("拍摄位置距本项目最近点位 {km:.1} 公里")
            }
        }
    }

    /// English.
    pub fn en(&self) -> String {
        match self {
            PhotoFinding::SameFile { .. } => "the same file as a photo filed before".into(),
            PhotoFinding::NearCopy { bits, .. } => {
                format!("a near copy of a photo filed before ({bits}/64 bits differ)")
            }
            PhotoFinding::TakenBefore { taken, period } => format!(
                "taken on {taken}, more than {DAYS_BEFORE_PERIOD} days before its period ({period})"
            ),
            PhotoFinding::TakenAfterUpload { taken } => {
                format!("taken on {taken}, after it was uploaded")
            }
            PhotoFinding::FarFromSites { km } => {
                format!("taken {km:.1} km from the item's nearest site")
            }
        }
    }

    /// The earlier photo it repeats, if it repeats one.
    pub fn other(&self) -> Option<i64> {
        match self {
            PhotoFinding::SameFile { other, .. } | PhotoFinding::NearCopy { other, .. } => {
                Some(*other)
            }
            _ => None,
        }
    }
}

fn zh_day(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// The differing bits of two perceptual hashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Whether a hash carries enough detail to be compared (see [`MIN_DETAIL_BITS`]).
pub fn detailed(h: u64) -> bool {
    let ones = h.count_ones();
    ones >= MIN_DETAIL_BITS && 64 - ones >= MIN_DETAIL_BITS
}

/// A difference hash (dHash) of a 9×8 grey image given row by row: bit i is set when pixel
/// i of a row is brighter than the next. Resizing and re-encoding keep it; a new photo of
/// the same scene from another angle does not.
pub fn dhash(grey9x8: &[u8; 72]) -> u64 {
    let mut h = 0u64;
    for row in 0..8 {
        for col in 0..8 {
            let (a, b) = (grey9x8[row * 9 + col], grey9x8[row * 9 + col + 1]);
            h = (h << 1) | u64::from(a > b);
        }
    }
    h
}

/// Whether two photos were filed for the same thing (item, unit and period): a correction
/// carrying its photos forward, or one photo used as "before" and "photo", is not a reuse.
fn same_filing(a: &PhotoFacts, b: &PhotoFacts) -> bool {
    a.item == b.item && a.unit == b.unit && a.period == b.period
}

/// What repeats about `photo` among `earlier` (photos filed before it): the same file
/// wins over a near copy; one finding, the closest earlier photo filed elsewhere.
pub fn repeats(photo: &PhotoFacts, earlier: &[PhotoFacts]) -> Option<PhotoFinding> {
    let elsewhere = || {
        earlier
            .iter()
            .filter(|o| o.id != photo.id && !same_filing(photo, o))
    };
    if let Some(o) = elsewhere().find(|o| o.sha256 == photo.sha256) {
        return Some(PhotoFinding::SameFile {
            other: o.id,
            item: o.item.0,
        });
    }
    let h = photo.phash.filter(|h| detailed(*h))?;
    elsewhere()
        .filter_map(|o| {
            let oh = o.phash.filter(|x| detailed(*x))?;
            let bits = hamming(h, oh);
            (bits <= NEAR_BITS).then_some((bits, o))
        })
        .min_by_key(|(bits, o)| (*bits, o.id))
        .map(|(bits, o)| PhotoFinding::NearCopy {
            other: o.id,
            item: o.item.0,
            bits,
        })
}

/// An EXIF time (`2024:05:17 10:31:02`, also with `-` between the date's parts) as a day.
pub fn exif_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d"]
        .iter()
        .find_map(|f| {
            NaiveDateTime::parse_from_str(s, f)
                .map(|t| t.date())
                .or_else(|_| NaiveDate::parse_from_str(s, f))
                .ok()
        })
        .filter(|d| *d > NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default())
}

/// What is doubtful about when a photo was taken: `taken` (EXIF, local time), the first day of
/// the period it is filed for (reports only) and the day it was uploaded (Beijing time).
pub fn timing(
    taken: Option<NaiveDate>,
    period: Option<NaiveDate>,
    uploaded: NaiveDate,
) -> Option<PhotoFinding> {
    let taken = taken?;
    if taken > uploaded + Duration::days(1) {
        return Some(PhotoFinding::TakenAfterUpload { taken });
    }
    let period = period?;
    (taken < period - Duration::days(DAYS_BEFORE_PERIOD))
        .then_some(PhotoFinding::TakenBefore { taken, period })
}

/// Great-circle distance in km between two WGS-84 points.
pub fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// What is doubtful about where a photo was taken, given the item's sites with a position
/// (none: nothing to compare with).
pub fn place(at: Option<(f64, f64)>, sites: &[(f64, f64)]) -> Option<PhotoFinding> {
    let at = at?;
    let km = sites
        .iter()
        .map(|s| km_between(at, *s))
        .min_by(|a, b| a.total_cmp(b))?;
    (km > MAX_KM_FROM_SITE).then_some(PhotoFinding::FarFromSites {
        km: (km * 10.0).round() / 10.0,
    })
}

/// How many earlier periods in a row a unit filed `progress` unchanged, given the count the
/// unit's last filed report carried and its text: the text of a new report is compared with
/// the last one only, so each report carries the run so far.
pub fn repeated_periods(progress: &str, last: Option<(&str, u32)>) -> u32 {
    let now = normalise(progress);
    match last {
        Some((text, run)) if now.chars().count() >= MIN_COPIED_CHARS && normalise(text) == now => {
            run + 1
        }
        _ => 0,
    }
}

/// Whether a report that repeats its text for `repeats` earlier periods is 无实质进展.
pub fn copied(repeats: u32) -> bool {
    repeats + 1 >= COPIED_PERIODS
}

/// A text with its white space and punctuation differences removed, so that a copy with a
/// space added still counts as a copy.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。；、：！？".contains(*c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(
        id: i64,
        item: i64,
        unit: i64,
        period: (i32, u32, u32),
        sha: &str,
        h: u64,
    ) -> PhotoFacts {
        PhotoFacts {
            id,
            item: ItemId(item),
            unit: Some(UnitId(unit)),
            period: NaiveDate::from_ymd_opt(period.0, period.1, period.2),
            sha256: sha.into(),
            phash: Some(h),
        }
    }

    const H: u64 = 0x0f0f_3c3c_aa55_f00f;

    #[test]
    fn the_same_file_elsewhere_is_a_reuse_but_not_within_one_filing() {
        let a = photo(1, 7, 3, (2025, 3, 3), "x", H);
        let again = photo(2, 7, 3, (2025, 3, 3), "x", H);
        assert_eq!(repeats(&again, std::slice::from_ref(&a)), None);
        let next_week = photo(3, 7, 3, (2025, 3, 10), "x", H);
        assert_eq!(
            repeats(&next_week, std::slice::from_ref(&a)),
            Some(PhotoFinding::SameFile { other: 1, item: 7 })
        );
        let other_item = photo(4, 8, 3, (2025, 3, 3), "x", H);
        assert!(matches!(
            repeats(&other_item, &[a]),
            Some(PhotoFinding::SameFile { other: 1, .. })
        ));
    }

    #[test]
    fn a_near_copy_is_found_and_featureless_pictures_are_not_compared() {
        let a = photo(1, 7, 3, (2025, 3, 3), "x", H);
        let resized = photo(2, 9, 4, (2025, 3, 3), "y", H ^ 0b101);
        assert_eq!(
            repeats(&resized, std::slice::from_ref(&a)),
            Some(PhotoFinding::NearCopy {
                other: 1,
                item: 7,
                bits: 2
            })
        );
        let unrelated = photo(3, 9, 4, (2025, 3, 3), "z", !H);
        assert_eq!(repeats(&unrelated, &[a]), None);
        let flat = photo(4, 7, 3, (2025, 1, 1), "f", 0);
        let flat2 = photo(5, 8, 3, (2025, 2, 1), "g", 1);
        assert_eq!(repeats(&flat2, &[flat]), None);
    }

    #[test]
    fn dhash_keeps_the_gradient_direction() {
        let mut g = [0u8; 72];
        for (i, p) in g.iter_mut().enumerate() {
            *p = 255 - (i % 9) as u8 * 20;
        }
        assert_eq!(dhash(&g), u64::MAX);
        g.reverse();
        assert_eq!(dhash(&g), 0);
    }

    #[test]
    fn a_photo_from_last_year_or_from_the_future_is_questioned() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let period = Some(d(2025, 5, 5));
        assert_eq!(
            timing(exif_day("2025:04:20 09:00:00"), period, d(2025, 5, 9)),
            None
        );
        assert_eq!(
            timing(exif_day("2024:05:06 09:00:00"), period, d(2025, 5, 9)),
            Some(PhotoFinding::TakenBefore {
                taken: d(2024, 5, 6),
                period: d(2025, 5, 5)
            })
        );
        assert_eq!(
            timing(exif_day("2026:01:01 09:00:00"), period, d(2025, 5, 9)),
            Some(PhotoFinding::TakenAfterUpload {
                taken: d(2026, 1, 1)
            })
        );
        assert_eq!(
            timing(exif_day("0000:00:00 00:00:00"), period, d(2025, 5, 9)),
            None
        );
        assert_eq!(timing(None, period, d(2025, 5, 9)), None);
    }

    #[test]
    fn a_photo_far_from_every_site_is_questioned() {
        // Jining city centre and a point in Qufu, about 38 km apart.
        let sites = [(35.4149, 116.5872)];
        assert_eq!(place(Some((35.4160, 116.5900)), &sites), None);
        let Some(PhotoFinding::FarFromSites { km }) = place(Some((35.5970, 116.9910)), &sites)
        else {
            panic!("far photo not questioned")
        };
        assert!((35.0..45.0).contains(&km), "{km}");
        assert_eq!(place(Some((35.5970, 116.9910)), &[]), None);
        assert_eq!(place(None, &sites), None);
    }

    #[test]
    fn the_same_text_for_three_periods_is_no_real_progress() {
        let t = "已完成主体结构施工，正在进行内部装修";
        let r1 = repeated_periods(t, None);
        assert_eq!(r1, 0);
        let r2 = repeated_periods(t, Some((t, r1)));
        assert!(!copied(r2));
        let r3 = repeated_periods(&format!("{t}。 "), Some((t, r2)));
        assert_eq!(r3, 2);
        assert!(copied(r3));
        assert_eq!(
            repeated_periods("已完成内部装修，开始设备安装调试", Some((t, r3))),
            0
        );
        assert_eq!(repeated_periods("按计划推进", Some(("按计划推进", 5))), 0);
    }
}

//! Ratings one person cannot stuff: the mainland mobile number a rating campaign may ask a
//! citizen to verify by SMS (one rating per verified number per item), and the bursts the
//! office is shown in campaigns that do not ask (many ratings of one item from one network, or
//! a crowd of them in a few minutes). Pure rules.

use chrono::{DateTime, Duration, Utc};

/// A mainland China mobile number (11 digits, starting 13–19), as typed in any usual form:
/// spaces and hyphens ignored, `+86`, `0086` or `86` in front allowed.
#[derive(Clone, PartialEq, Eq)]
pub struct Mobile(String);

impl std::fmt::Debug for Mobile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mobile({})", self.masked())
    }
}

impl Mobile {
    /// Reads a typed number; None when it is not a mainland mobile number.
    pub fn parse(typed: &str) -> Option<Mobile> {
        let digits: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '(' && *c != ')')
            .collect();
        // A `+` is followed by a country code, which must be China's.
        let digits = match digits.strip_prefix('+') {
            Some(rest) if rest.starts_with("86") => rest,
            Some(_) => return None,
            None => &digits,
        };
        let national = if digits.len() == 15 && digits.starts_with("0086") {
            &digits[4..]
        } else if digits.len() == 13 && digits.starts_with("86") {
            &digits[2..]
        } else {
            digits
        };
        let b = national.as_bytes();
        (b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]))
        .then(|| Mobile(national.to_string()))
    }

    /// The eleven digits.
    pub fn national(&self) -> &str {
        &self.0
    }

    /// In E.164 form, `+86…`, as SMS platforms take it.
    pub fn e164(&self) -> String {
        format!("+86{}", self.0)
    }

    /// As shown back to the person: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// Ratings of one item from one network (client address) that the office is shown.
pub const SAME_NETWORK: usize = 3;
/// Ratings of one item within [`CROWD_MINUTES`] that make a crowd worth a look…
pub const CROWD: usize = 20;
/// …inside this many minutes.
pub const CROWD_MINUTES: i64 = 10;

/// One citizen rating as bursts are looked for: the item, when, and the network it came from
/// (a hash of the client address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cast {
    /// The item rated.
    pub item: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The network it came from (hashed).
    pub origin: String,
}

/// Something in a campaign's citizen ratings for the office to look at before it applies the
/// results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Burst {
    /// `count` ratings of `item` came from one network.
    SameNetwork {
        /// The item.
        item: i64,
        /// How many.
        count: usize,
    },
    /// `count` ratings of `item` arrived within [`CROWD_MINUTES`] from `from`.
    Crowd {
        /// The item.
        item: i64,
        /// How many.
        count: usize,
        /// When the window starts.
        from: DateTime<Utc>,
    },
}

impl Burst {
    /// The item it concerns.
    pub fn item(&self) -> i64 {
        match self {
            Burst::SameNetwork { item, .. } | Burst::Crowd { item, .. } => *item,
        }
    }
}

/// The bursts in a campaign's citizen ratings, by item: the largest count from one network
/// when it reaches [`SAME_NETWORK`], and the busiest [`CROWD_MINUTES`] window when it holds
/// [`CROWD`] or more.
pub fn bursts(casts: &[Cast]) -> Vec<Burst> {
    use std::collections::BTreeMap;
    let mut by_item: BTreeMap<i64, Vec<&Cast>> = BTreeMap::new();
    for c in casts {
        by_item.entry(c.item).or_default().push(c);
    }
    let mut out = Vec::new();
    for (item, mut list) in by_item {
        let mut per_origin: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &list {
            *per_origin.entry(c.origin.as_str()).or_default() += 1;
        }
        if let Some(count) = per_origin
            .values()
            .copied()
            .max()
            .filter(|n| *n >= SAME_NETWORK)
        {
            out.push(Burst::SameNetwork { item, count });
        }
        list.sort_by_key(|c| c.at);
        let window = Duration::minutes(CROWD_MINUTES);
        let (mut best, mut from, mut start) = (0, None, 0);
        for end in 0..list.len() {
            while list[end].at - list[start].at >= window {
                start += 1;
            }
            if end + 1 - start > best {
                best = end + 1 - start;
                from = Some(list[start].at);
            }
        }
        if let (true, Some(from)) = (best >= CROWD, from) {
            out.push(Burst::Crowd {
                item,
                count: best,
                from,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_are_read_in_their_usual_forms() {
        for typed in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "008613812345678",
            "8613812345678",
        ] {
            let m = Mobile::parse(typed).unwrap_or_else(|| panic!("{typed}"));
            assert_eq!(m.national(), "13812345678");
            assert_eq!(m.e164(), "+8613812345678");
            assert_eq!(m.masked(), "138****5678");
        }
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "1381234567x",
            "010-12345678",
            "+1 415 555 0100",
        ] {
            assert_eq!(Mobile::parse(bad), None, "{bad}");
        }
    }

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_750_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn bursts_are_found_per_item() {
        let mut casts = Vec::new();
        // Item 1: twenty-five ratings in eight minutes from many networks.
        for k in 0..25 {
            casts.push(Cast {
                item: 1,
                at: at(k / 3),
                origin: format!("n{k}"),
            });
        }
        // Item 2: four from one network over a day, one from another.
        for k in 0..4 {
            casts.push(Cast {
                item: 2,
                at: at(k * 300),
                origin: "home".into(),
            });
        }
        casts.push(Cast {
            item: 2,
            at: at(5),
            origin: "office".into(),
        });
        // Item 3: steady, spread out, all different: nothing to see.
        for k in 0..40 {
            casts.push(Cast {
                item: 3,
                at: at(k * 30),
                origin: format!("m{k}"),
            });
        }
        let found = bursts(&casts);
        assert_eq!(
            found,
            vec![
                Burst::Crowd {
                    item: 1,
                    count: 25,
                    from: at(0)
                },
                Burst::SameNetwork { item: 2, count: 4 },
            ]
        );
        assert!(bursts(&[]).is_empty());
    }

    #[test]
    fn a_crowd_is_counted_in_its_busiest_window() {
        // Nineteen in the first ten minutes, then twenty-one between minutes 30 and 39.
        let mut casts: Vec<Cast> = (0..19)
            .map(|k| Cast {
                item: 7,
                at: at(k / 2),
                origin: format!("a{k}"),
            })
            .collect();
        casts.extend((0..21).map(|k| Cast {
            item: 7,
            at: at(30 + k / 3),
            origin: format!("b{k}"),
        }));
        assert_eq!(
            bursts(&casts),
            vec![Burst::Crowd {
                item: 7,
                count: 21,
                from: at(30)
            }]
        );
    }
}

//! Sign-in rules: the password policy, session lifetimes (idle and absolute) and lockout
//! after failed attempts. Pure functions over times the caller passes in.

use chrono::{DateTime, Duration, Utc};

/// Why a password is refused (口令复杂度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than 8 characters.
    #[error("口令至少 8 位 (at least 8 characters)")]
    TooShort,
    /// Fewer than three of: upper case, lower case, digits, symbols.
    #[error(
        "口令须包含大写字母、小写字母、数字、符号中的至少三类 (use three of: upper, lower, digit, symbol)"
    )]
    TooSimple,
    /// Equal to the user name (ignoring case).
    #[error("口令不能与用户名相同 (must differ from the user name)")]
    SameAsUsername,
}

/// Checks a new password: length ≥ 8, three character classes, not the user name.
pub fn check_password(username: &str, password: &str) -> Result<(), PasswordProblem> {
    if password.chars().count() < 8 {
        return Err(PasswordProblem::TooShort);
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|c| **c).count() < 3 {
        return Err(PasswordProblem::TooSimple);
    }
    if password.to_lowercase() == username.trim().to_lowercase() {
        return Err(PasswordProblem::SameAsUsername);
    }
    Ok(())
}

/// How long a session lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ended after this long without a request (default 30 minutes).
    pub idle: Duration,
    /// Ended this long after sign-in whatever happens (default 8 hours).
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(8),
        }
    }
}

/// Why a session is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// No request for longer than the idle timeout.
    Idle,
    /// Older than the absolute lifetime.
    Lifetime,
}

impl SessionPolicy {
    /// Whether a session created at `created` and last used at `last_seen` has ended at `now`.
    pub fn ended(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<SessionEnd> {
        if now - created >= self.absolute {
            Some(SessionEnd::Lifetime)
        } else if now - last_seen >= self.idle {
            Some(SessionEnd::Idle)
        } else {
            None
        }
    }
}

/// Locking an account after repeated failed sign-ins (登录失败处理).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures in a row that lock the account (default 5).
    pub max_failures: u32,
    /// How long it stays locked (default 15 minutes).
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_for: Duration::minutes(15),
        }
    }
}

impl LockoutPolicy {
    /// After one more failure (making `failures` in a row): until when the account is locked,
    /// if it now is.
    pub fn lock_after(&self, failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (failures >= self.max_failures).then(|| now + self.lock_for)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        let cases = [
            ("Ab1!", Err(PasswordProblem::TooShort)),
            ("abcdefgh", Err(PasswordProblem::TooSimple)),
            ("abcd1234", Err(PasswordProblem::TooSimple)),
            ("Abcd1234", Ok(())),
            ("abcd-1234", Ok(())),
            ("Zhang.San1", Err(PasswordProblem::SameAsUsername)),
        ];
        for (pw, want) in cases {
            assert_eq!(check_password("zhang.san1", pw), want, "{pw}");
        }
    }

    #[test]
    fn sessions_end_when_idle_or_old() {
        let p = SessionPolicy::default();
        let t0: DateTime<Utc> = "2025-03-05T01:00:00Z".parse().unwrap();
        let m = Duration::minutes;
        assert_eq!(p.ended(t0, t0 + m(10), t0 + m(39)), None);
        assert_eq!(p.ended(t0, t0 + m(10), t0 + m(40)), Some(SessionEnd::Idle));
        assert_eq!(
            p.ended(t0, t0 + m(479), t0 + m(480)),
            Some(SessionEnd::Lifetime)
        );
    }

    #[test]
    fn fifth_failure_locks() {
        let p = LockoutPolicy::default();
        let now: DateTime<Utc> = "2025-03-05T01:00:00Z".parse().unwrap();
        assert_eq!(p.lock_after(4, now), None);
        assert_eq!(p.lock_after(5, now), Some(now + Duration::minutes(15)));
    }
}

//! Accounts (用户): users with roles and what they are bound to, passwords, sessions, sign-in
//! with lockout and rate limiting, and API tokens. Every change is in the audit log.

mod login;
pub(crate) mod password;
mod second_factor;
mod sessions;
mod tokens;
mod users;

pub use login::{AuthConfig, LoginError};
pub use password::{initial_password, random_token};
pub use second_factor::SecondFactor;
pub use sessions::{Session, SessionCheck};
pub use tokens::{ApiToken, TokenScope};
pub use users::{NewUser, User, UserUpdate};

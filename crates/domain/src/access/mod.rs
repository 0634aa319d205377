//! Who may do what (权限): account roles, the permissions routes ask for, the one table that
//! grants permissions to roles, and which items a signed-in person may see or act on.

mod auth;
mod policy;
mod second_factor;

pub use auth::{LockoutPolicy, PasswordProblem, SessionEnd, SessionPolicy, check_password};
pub use policy::{GRANTS, ItemParties, Permission, Principal, Scoped, UserRole, grants};
pub use second_factor::{
    FactorCode, RECOVERY_BYTES, RECOVERY_CODES, SECRET_BYTES, SecondFactorPolicy, TotpSecret,
    recovery_code,
};

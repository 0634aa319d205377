//! The 民生实事 domain: plain types for the annual cycle and the pure rules over them.
//! No I/O here; storage and the web layer build on these types.

pub mod access;
pub mod adjustment;
pub mod ballot;
pub mod civic;
pub mod draft;
pub mod geo;
pub mod ids;
pub mod item;
pub mod ledger;
pub mod linking;
pub mod meeting;
pub mod plan;
pub mod refusal;
pub mod region;
pub mod supervision;
pub mod target;
pub mod unit;
pub mod verify;

pub use ids::*;
pub use item::{Item, ItemLeader, Milestone, Site};
pub use plan::{Category, Plan, PlanState};
pub use refusal::{Refusal, RefusalKind};
pub use region::{Region, RegionLevel};
pub use target::{Comparator, Target, TargetKind};
pub use unit::{Assignment, Leader, Role, Unit, UnitKind};

/// A value that could not be read as one of the domain's closed vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownValue {
    /// Which vocabulary was being read (e.g. "plan state").
    pub kind: &'static str,
    /// The text that matched none of its values.
    pub value: String,
}

/// Declares a closed vocabulary stored as a short lowercase code.
#[macro_export]
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $kind:literal { $($(#[$vm:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable code used in storage and the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($code => Ok($name::$variant),)+ _ => Err($crate::UnknownValue { kind: $kind, value: s.to_string() }) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}

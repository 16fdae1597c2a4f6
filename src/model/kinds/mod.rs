//! The artifact kinds of `rules.md` §1, grouped by the part of the submission they feed.

mod architecture;
mod controls;
mod plans;
mod risks;
mod system;
mod threats;
mod verification;
mod vulnerabilities;

pub use architecture::*;
pub use controls::*;
pub use plans::*;
pub use risks::*;
pub use system::*;
pub use threats::*;
pub use verification::*;
pub use vulnerabilities::*;

//! The threat model: PMC §V.A.1, App. 2.B, App. 4.

mod tm_001;
mod tm_002;
mod tm_003;

pub use tm_001::TM_001;
pub use tm_002::TM_002;
pub use tm_003::TM_003;

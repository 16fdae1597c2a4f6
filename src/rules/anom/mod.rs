//! Unresolved anomalies: PMC §V.A.5, §V.C.

mod anom_001;
mod anom_002;

pub use anom_001::ANOM_001;
pub use anom_002::ANOM_002;

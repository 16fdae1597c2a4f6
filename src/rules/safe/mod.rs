//! The link to safety risk management: PMC §V.A; AAMI TIR57, SW96; ISO 14971 5.4–5.5.

mod safe_001;
mod safe_002;

pub use safe_001::SAFE_001;
pub use safe_002::SAFE_002;

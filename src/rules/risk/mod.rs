//! Security risk assessment: PMC §V.A.2; PMK §VI; ISO 14971 7.

mod risk_001;

pub use risk_001::RISK_001;

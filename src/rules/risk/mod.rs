//! Security risk assessment: PMC §V.A.2; PMK §VI; ISO 14971 7.

mod risk_001;
mod risk_002;
mod risk_003;
mod risk_004;
mod risk_005;
mod risk_006;

pub use risk_001::RISK_001;
pub use risk_002::RISK_002;
pub use risk_003::RISK_003;
pub use risk_004::RISK_004;
pub use risk_005::RISK_005;
pub use risk_006::RISK_006;

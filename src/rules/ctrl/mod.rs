//! Security controls: PMC §V.B.1 and Appendix 1; ISO 13485 7.3.6; ISO 14971 7.2.

mod ctrl_001;
mod ctrl_002;
mod ctrl_003;

pub use ctrl_001::CTRL_001;
pub use ctrl_002::CTRL_002;
pub use ctrl_003::CTRL_003;

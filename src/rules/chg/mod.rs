//! Change control: ISO 13485 7.3.9; QMSR 820.10(c); PMC §VII.D.

mod chg_001;
mod chg_002;
mod chg_003;

pub use chg_001::CHG_001;
pub use chg_002::CHG_002;
pub use chg_003::CHG_003;

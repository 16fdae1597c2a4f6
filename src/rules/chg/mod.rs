//! Change control: ISO 13485 7.3.9; QMSR 820.10(c); PMC §VII.D.

mod chg_003;

pub use chg_003::CHG_003;

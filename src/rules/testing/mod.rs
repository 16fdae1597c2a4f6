//! Cybersecurity testing: PMC §V.C; IEC 81001-5-1 5.7; ANSI/ISA 62443-4-1 SVV-1..5.

mod test_001;
mod test_002;
mod test_003;
mod test_004;
mod test_005;
mod test_006;
mod test_007;

pub use test_001::TEST_001;
pub use test_002::TEST_002;
pub use test_003::TEST_003;
pub use test_004::TEST_004;
pub use test_005::TEST_005;
pub use test_006::TEST_006;
pub use test_007::TEST_007;

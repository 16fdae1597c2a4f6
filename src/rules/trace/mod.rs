//! Traceability: PMC §V.A (traceability), App. 4; ISO 13485 7.3.2(e), 4.2.4.

mod trace_001;
mod trace_002;
mod trace_003;

pub use trace_001::TRACE_001;
pub use trace_002::TRACE_002;
pub use trace_003::TRACE_003;

//! The prior authorized release: PMC 2025 §VII.D (modifications); 524B(b)(2).

mod pred_001;

pub use pred_001::PRED_001;

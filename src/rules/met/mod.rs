//! Metrics: PMC §V.A.6.

mod met_001;

pub use met_001::MET_001;

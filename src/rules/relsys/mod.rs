//! Related systems: PMC 2025 §VII.C.2; PMC App. 2.

mod relsys_001;

pub use relsys_001::RELSYS_001;

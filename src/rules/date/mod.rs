//! Dates: ISO 13485 4.2.5.

mod date_001;

pub use date_001::DATE_001;

//! Electronic signatures: 21 CFR 11.50, 11.70; ISO 13485 4.2.5.

mod sign_001;

pub use sign_001::SIGN_001;

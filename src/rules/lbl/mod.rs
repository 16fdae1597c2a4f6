//! Labeling: PMC §VI.A; FD&C Act 502(f).

mod lbl_001;
mod lbl_002;

pub use lbl_001::LBL_001;
pub use lbl_002::LBL_002;

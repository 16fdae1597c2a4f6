//! Scope: the cyber-device determination of FD&C Act 524B(c); PMC §VII.B.

mod scope_001;
mod scope_002;

pub use scope_001::SCOPE_001;
pub use scope_002::SCOPE_002;

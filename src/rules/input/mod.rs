//! Problems with the input itself: files, artifacts, the manifest and its waivers.

mod advisory_001;
mod config_001;
mod parse_001;
mod parse_002;
mod waiver_001;
mod waiver_002;

pub use advisory_001::ADVISORY_001;
pub use config_001::CONFIG_001;
pub use parse_001::PARSE_001;
pub use parse_002::PARSE_002;
pub use waiver_001::{Message as WaiverUnmatched, WAIVER_001};
pub use waiver_002::{Message as WaiverExpired, WAIVER_002};

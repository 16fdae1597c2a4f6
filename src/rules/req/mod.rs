//! Security requirements: ISO 13485 7.3.2(e), 7.3.3, 7.3.4; PMC §V.B.1.

mod req_001;

pub use req_001::REQ_001;

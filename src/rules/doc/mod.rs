//! Document control: ISO 13485 4.2.4, 4.2.5; QMSR 820.10(a).

mod doc_001;
mod doc_002;

pub use doc_001::DOC_001;
pub use doc_002::DOC_002;

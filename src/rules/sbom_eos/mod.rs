//! Support and end of support of SBOM components: PMC §V.A.4(b).

mod sbom_eos_001;
mod sbom_eos_002;
mod sbom_eos_003;

pub use sbom_eos_001::SBOM_EOS_001;
pub use sbom_eos_002::SBOM_EOS_002;
pub use sbom_eos_003::SBOM_EOS_003;

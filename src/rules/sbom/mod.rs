//! The SBOM: FD&C Act 524B(b)(3); PMC §V.A.4; NTIA minimum elements.

mod sbom_001;
mod sbom_002;
mod sbom_003;
mod sbom_004;
mod sbom_005;
mod sbom_006;

pub use sbom_001::SBOM_001;
pub use sbom_002::SBOM_002;
pub use sbom_003::SBOM_003;
pub use sbom_004::SBOM_004;
pub use sbom_005::SBOM_005;
pub use sbom_006::SBOM_006;

//! CVSS vectors: parsed and scored with the RustSec `cvss` crate, with the completeness check
//! the crate leaves out for v3 (it accepts vectors that omit base metrics).

/// The base metrics a complete CVSS v3 vector must state.
const V3_BASE: &[&str] = &["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
/// The base metrics a complete CVSS v4 vector must state.
const V4_BASE: &[&str] = &[
    "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
];

/// A parsed vector: its version and base score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvssScore {
    /// `3.0`, `3.1` or `4.0`.
    pub version: &'static str,
    /// The base score (0.0 to 10.0).
    pub score: f64,
}

/// Parses and scores a vector, or says what is wrong with it.
pub fn score(vector: &str) -> Result<CvssScore, String> {
    let vector = vector.trim();
    let (version, required) = if vector.starts_with("CVSS:3.1/") {
        ("3.1", V3_BASE)
    } else if vector.starts_with("CVSS:3.0/") {
        ("3.0", V3_BASE)
    } else if vector.starts_with("CVSS:4.0/") {
        ("4.0", V4_BASE)
    } else {
        return Err(format!(
            "`{vector}` does not start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/"
        ));
    };
    let present: Vec<&str> = vector
        .split('/')
        .skip(1)
        .filter_map(|part| part.split_once(':').map(|(k, _)| k))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|m| !present.contains(m))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the vector is incomplete: it lacks {}",
            missing.join(", ")
        ));
    }
    let score = if version == "4.0" {
        let parsed: cvss::v4::Vector = vector
            .parse()
            .map_err(|e| format!("invalid CVSS 4.0 vector: {e}"))?;
        parsed.score().value()
    } else {
        let parsed: cvss::v3::Base = vector
            .parse()
            .map_err(|e| format!("invalid CVSS {version} vector: {e}"))?;
        parsed.score().value()
    };
    Ok(CvssScore { version, score })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A complete v3.1 vector scores as the specification's calculator does.
    #[test]
    fn scores_v31() {
        let s = score("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H").expect("valid");
        assert_eq!((s.version, s.score), ("3.1", 6.5));
        let s = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").expect("valid");
        assert_eq!(s.score, 9.8);
    }

    // A v3 vector missing base metrics is refused, although the crate would accept it.
    #[test]
    fn refuses_incomplete_v3() {
        let err = score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N").expect_err("incomplete");
        assert!(err.contains("S, C, I, A"), "{err}");
    }

    // CVSS 4.0 vectors are scored too.
    #[test]
    fn scores_v40() {
        let s = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
            .expect("valid");
        assert_eq!((s.version, s.score), ("4.0", 9.3));
    }
}

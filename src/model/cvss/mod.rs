//! CVSS vectors: parsed and scored with the RustSec `cvss` crate, with the completeness check
//! the crate leaves out for v3 (it accepts vectors that omit base metrics), and the v3
//! temporal and environmental metric groups the crate does not read, scored here with the
//! specification's formulas (CVSS v3.1 §7.2-7.3; v3.0 §8.2-8.3). CVSS v2, which the crate
//! does not read, is in [`v2`].

mod v2;

/// The base metrics a complete CVSS v3 vector must state.
const V3_BASE: &[&str] = &["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
/// The base metrics a complete CVSS v4 vector must state.
const V4_BASE: &[&str] = &[
    "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
];

/// A parsed vector: its version and scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CvssScore {
    /// `2.0`, `3.0`, `3.1` or `4.0`.
    pub version: &'static str,
    /// The base score (0.0 to 10.0).
    pub score: f64,
    /// The v2 or v3 temporal score, when the vector states a temporal or environmental
    /// metric.
    pub temporal: Option<f64>,
    /// The v2 or v3 environmental score, when the vector states an environmental metric.
    pub environmental: Option<f64>,
}

impl CvssScore {
    /// The qualitative rating of the base score: v3.x and v4.0 (None, Low, Medium, High,
    /// Critical), v2 as NVD rates it (Low, Medium, High).
    pub fn severity(&self) -> &'static str {
        let s = self.score;
        if self.version == "2.0" {
            return if s < 4.0 {
                "Low"
            } else if s < 7.0 {
                "Medium"
            } else {
                "High"
            };
        }
        if s == 0.0 {
            "None"
        } else if s < 4.0 {
            "Low"
        } else if s < 7.0 {
            "Medium"
        } else if s < 9.0 {
            "High"
        } else {
            "Critical"
        }
    }
}

/// The v3 temporal and environmental metrics and their allowed values (`X`: not defined).
const V3_MORE: &[(&str, &[&str])] = &[
    ("E", &["X", "H", "F", "P", "U"]),
    ("RL", &["X", "U", "W", "T", "O"]),
    ("RC", &["X", "C", "R", "U"]),
    ("CR", &["X", "L", "M", "H"]),
    ("IR", &["X", "L", "M", "H"]),
    ("AR", &["X", "L", "M", "H"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "N", "L", "H"]),
    ("MI", &["X", "N", "L", "H"]),
    ("MA", &["X", "N", "L", "H"]),
];

/// CVSS v3.1's Roundup: the smallest one-decimal number not below `x`, computed on integers
/// so that floating-point noise never rounds up (v3.1 Appendix A); v3.0 rounds up directly.
fn roundup(x: f64, v30: bool) -> f64 {
    if v30 {
        return (x * 10.0).ceil() / 10.0;
    }
    let int = (x * 100_000.0).round() as i64;
    if int % 10_000 == 0 {
        int as f64 / 100_000.0
    } else {
        ((int / 10_000) as f64 + 1.0) / 10.0
    }
}

/// The v3 temporal and environmental scores of a complete, valid vector whose metrics are
/// in `m` (base, temporal and environmental; an absent or `X` metric takes its default).
fn v3_more(m: &std::collections::HashMap<&str, &str>, v30: bool) -> (f64, f64) {
    let get = |k: &str| m.get(k).copied().filter(|v| *v != "X");
    let e: f64 = match get("E") {
        Some("F") => 0.97,
        Some("P") => 0.94,
        Some("U") => 0.91,
        _ => 1.0,
    };
    let rl: f64 = match get("RL") {
        Some("W") => 0.97,
        Some("T") => 0.96,
        Some("O") => 0.95,
        _ => 1.0,
    };
    let rc: f64 = match get("RC") {
        Some("R") => 0.96,
        Some("U") => 0.92,
        _ => 1.0,
    };
    // Base metrics, modified where the environmental group says so.
    let pick = |modified: &str, base: &str| get(modified).or(get(base)).unwrap_or("");
    let scope_changed = pick("MS", "S") == "C";
    let av: f64 = match pick("MAV", "AV") {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    };
    let ac: f64 = if pick("MAC", "AC") == "L" { 0.77 } else { 0.44 };
    let pr: f64 = match (pick("MPR", "PR"), scope_changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    };
    let ui: f64 = if pick("MUI", "UI") == "N" { 0.85 } else { 0.62 };
    let cia = |v: &str| -> f64 {
        match v {
            "H" => 0.56,
            "L" => 0.22,
            _ => 0.0,
        }
    };
    let req = |k: &str| -> f64 {
        match get(k) {
            Some("L") => 0.5,
            Some("H") => 1.5,
            _ => 1.0,
        }
    };
    let (c, i, a) = (
        cia(pick("MC", "C")),
        cia(pick("MI", "I")),
        cia(pick("MA", "A")),
    );
    // Temporal: the base score (from the unmodified base metrics) times E, RL and RC.
    let base = {
        let bav: f64 = match get("AV").unwrap_or("") {
            "N" => 0.85,
            "A" => 0.62,
            "L" => 0.55,
            _ => 0.2,
        };
        let bchanged = get("S") == Some("C");
        let bac: f64 = if get("AC") == Some("L") { 0.77 } else { 0.44 };
        let bpr: f64 = match (get("PR").unwrap_or(""), bchanged) {
            ("N", _) => 0.85,
            ("L", false) => 0.62,
            ("L", true) => 0.68,
            (_, false) => 0.27,
            (_, true) => 0.5,
        };
        let bui: f64 = if get("UI") == Some("N") { 0.85 } else { 0.62 };
        let iss: f64 = 1.0
            - (1.0 - cia(get("C").unwrap_or("")))
                * (1.0 - cia(get("I").unwrap_or("")))
                * (1.0 - cia(get("A").unwrap_or("")));
        let impact = if bchanged {
            7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
        } else {
            6.42 * iss
        };
        let exploitability = 8.22 * bav * bac * bpr * bui;
        if impact <= 0.0 {
            0.0
        } else if bchanged {
            roundup((1.08 * (impact + exploitability)).min(10.0), v30)
        } else {
            roundup((impact + exploitability).min(10.0), v30)
        }
    };
    let temporal = roundup(base * e * rl * rc, v30);
    let miss: f64 =
        (1.0 - (1.0 - req("CR") * c) * (1.0 - req("IR") * i) * (1.0 - req("AR") * a)).min(0.915);
    let impact = if scope_changed {
        if v30 {
            7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15)
        } else {
            7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13)
        }
    } else {
        6.42 * miss
    };
    let exploitability = 8.22 * av * ac * pr * ui;
    let environmental = if impact <= 0.0 {
        0.0
    } else if scope_changed {
        roundup(
            roundup((1.08 * (impact + exploitability)).min(10.0), v30) * e * rl * rc,
            v30,
        )
    } else {
        roundup(
            roundup((impact + exploitability).min(10.0), v30) * e * rl * rc,
            v30,
        )
    };
    (temporal, environmental)
}

/// Parses and scores a vector, or says what is wrong with it.
pub fn score(vector: &str) -> Result<CvssScore, String> {
    let vector = vector.trim();
    if v2::is_v2(vector) {
        return v2::score(vector);
    }
    let (version, required) = if vector.starts_with("CVSS:3.1/") {
        ("3.1", V3_BASE)
    } else if vector.starts_with("CVSS:3.0/") {
        ("3.0", V3_BASE)
    } else if vector.starts_with("CVSS:4.0/") {
        ("4.0", V4_BASE)
    } else {
        return Err(format!(
            "`{vector}` is not a CVSS vector: v3 and v4 start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/, v2 with AV: (and states Au:)"
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
    if version == "4.0" {
        let parsed: cvss::v4::Vector = vector
            .parse()
            .map_err(|e| format!("invalid CVSS 4.0 vector: {e}"))?;
        return Ok(CvssScore {
            version,
            score: parsed.score().value(),
            temporal: None,
            environmental: None,
        });
    }
    // v3: the base metrics go to the crate; the temporal and environmental ones (which it
    // does not read) are checked against the specification's values and scored here.
    let mut metrics = std::collections::HashMap::new();
    let mut base = format!("CVSS:{version}");
    let (mut temporal, mut environmental) = (false, false);
    for part in vector.split('/').skip(1) {
        let (key, value) = part.split_once(':').ok_or_else(|| {
            format!("invalid CVSS {version} vector: `{part}` is not METRIC:VALUE")
        })?;
        if metrics.insert(key, value).is_some() {
            return Err(format!(
                "invalid CVSS {version} vector: `{key}` is stated twice"
            ));
        }
        if V3_BASE.contains(&key) {
            base.push('/');
            base.push_str(part);
        } else if let Some((_, allowed)) = V3_MORE.iter().find(|(k, _)| *k == key) {
            if !allowed.contains(&value) {
                return Err(format!(
                    "invalid CVSS {version} vector: `{key}:{value}`; {key} is one of {}",
                    allowed.join(", ")
                ));
            }
            if matches!(key, "E" | "RL" | "RC") {
                temporal = true;
            } else {
                environmental = true;
            }
        } else {
            return Err(format!(
                "invalid CVSS {version} vector: `{key}` is not a CVSS {version} metric"
            ));
        }
    }
    let parsed: cvss::v3::Base = base
        .parse()
        .map_err(|e| format!("invalid CVSS {version} vector: {e}"))?;
    let (t, env) = v3_more(&metrics, version == "3.0");
    Ok(CvssScore {
        version,
        score: parsed.score().value(),
        temporal: (temporal || environmental).then_some(t),
        environmental: environmental.then_some(env),
    })
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

    // Temporal and environmental metrics (including `X`, not defined) are valid and scored
    // as the specification says; reference scores from Red Hat's `cvss` library (PyPI).
    #[test]
    fn scores_v3_temporal_and_environmental() {
        let cases = [
            (
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:C",
                9.8,
                Some(9.1),
                None,
            ),
            (
                "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N/E:P/RL:T/RC:R/CR:H/IR:L/AR:M/MAV:A/MAC:H/MPR:N/MUI:R/MS:U/MC:H/MI:N/MA:L",
                6.4,
                Some(5.6),
                Some(6.0),
            ),
            (
                "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N/E:P/RL:T/RC:R/CR:H/IR:L/AR:M/MAV:A/MAC:H/MPR:N/MUI:R/MS:C/MC:H/MI:N/MA:L",
                6.4,
                Some(5.6),
                Some(6.9),
            ),
            (
                "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:C/C:H/I:L/A:L/E:U/RL:W/RC:U/MS:C/MC:H/MI:H/MA:H/CR:H/IR:H/AR:H",
                6.0,
                Some(4.9),
                Some(5.7),
            ),
            (
                "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/MAV:X/E:X",
                6.5,
                Some(6.5),
                Some(6.5),
            ),
            (
                "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MS:C/MC:H/MI:H/MA:H/CR:H/IR:H/AR:H",
                10.0,
                Some(10.0),
                Some(10.0),
            ),
        ];
        for (vector, base, temporal, environmental) in cases {
            let s = score(vector).unwrap_or_else(|e| panic!("{vector}: {e}"));
            assert_eq!(
                (s.score, s.temporal, s.environmental),
                (base, temporal, environmental),
                "{vector}"
            );
        }
        assert!(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q").is_err());
        assert!(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:H").is_err());
        assert!(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L").is_err());
        assert_eq!(roundup(4.000_000_2, false), 4.0);
        assert_eq!(roundup(4.02, false), 4.1);
    }

    // CVSS 4.0 vectors are scored too.
    #[test]
    fn scores_v40() {
        let s = score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
            .expect("valid");
        assert_eq!((s.version, s.score), ("4.0", 9.3));
    }
}

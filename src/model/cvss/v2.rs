//! CVSS v2 (FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version
//! 2.0", 2007), still the only vector of many older advisories and NVD records: read and
//! scored here with the guide's equations (§3.2), since RustSec's `cvss` reads v3 and v4 only.

use std::collections::HashMap;

use super::CvssScore;

/// The base metrics and their values' weights (§3.2.1).
const BASE: &[(&str, &[(&str, f64)])] = &[
    ("AV", &[("L", 0.395), ("A", 0.646), ("N", 1.0)]),
    ("AC", &[("H", 0.35), ("M", 0.61), ("L", 0.71)]),
    ("Au", &[("M", 0.45), ("S", 0.56), ("N", 0.704)]),
    ("C", &[("N", 0.0), ("P", 0.275), ("C", 0.660)]),
    ("I", &[("N", 0.0), ("P", 0.275), ("C", 0.660)]),
    ("A", &[("N", 0.0), ("P", 0.275), ("C", 0.660)]),
];

/// The temporal metrics (§3.2.2).
const TEMPORAL: &[(&str, &[(&str, f64)])] = &[
    (
        "E",
        &[
            ("U", 0.85),
            ("POC", 0.9),
            ("F", 0.95),
            ("H", 1.0),
            ("ND", 1.0),
        ],
    ),
    (
        "RL",
        &[
            ("OF", 0.87),
            ("TF", 0.90),
            ("W", 0.95),
            ("U", 1.0),
            ("ND", 1.0),
        ],
    ),
    ("RC", &[("UC", 0.90), ("UR", 0.95), ("C", 1.0), ("ND", 1.0)]),
];

/// The environmental metrics (§3.2.3).
const ENVIRONMENTAL: &[(&str, &[(&str, f64)])] = &[
    (
        "CDP",
        &[
            ("N", 0.0),
            ("L", 0.1),
            ("LM", 0.3),
            ("MH", 0.4),
            ("H", 0.5),
            ("ND", 0.0),
        ],
    ),
    (
        "TD",
        &[
            ("N", 0.0),
            ("L", 0.25),
            ("M", 0.75),
            ("H", 1.0),
            ("ND", 1.0),
        ],
    ),
    ("CR", &[("L", 0.5), ("M", 1.0), ("H", 1.51), ("ND", 1.0)]),
    ("IR", &[("L", 0.5), ("M", 1.0), ("H", 1.51), ("ND", 1.0)]),
    ("AR", &[("L", 0.5), ("M", 1.0), ("H", 1.51), ("ND", 1.0)]),
];

/// Whether a vector is written as CVSS v2: `AV:N/AC:L/Au:N/...` as NVD writes it, in
/// parentheses as the guide writes it, or with a `CVSS:2.0/` prefix as some tools do.
pub(super) fn is_v2(vector: &str) -> bool {
    let body = body(vector);
    vector.starts_with("CVSS:2.0/")
        || (body.starts_with("AV:") && body.split('/').any(|p| p.starts_with("Au:")))
}

/// The metrics part of a vector.
fn body(vector: &str) -> &str {
    let vector = vector.trim();
    let vector = vector.strip_prefix("CVSS:2.0/").unwrap_or(vector);
    vector
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(vector)
}

/// round_to_1_decimal of the guide, after rounding away floating-point noise.
fn round1(x: f64) -> f64 {
    ((x * 100_000.0).round() / 10_000.0).round() / 10.0
}

/// Parses and scores a v2 vector: every base metric once, temporal and environmental
/// metrics optional, every value one the guide defines.
pub(super) fn score(vector: &str) -> Result<CvssScore, String> {
    let mut metrics: HashMap<&str, f64> = HashMap::new();
    let (mut temporal, mut environmental) = (false, false);
    for part in body(vector).split('/') {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| format!("invalid CVSS 2.0 vector: `{part}` is not METRIC:VALUE"))?;
        let group = [(BASE, 0), (TEMPORAL, 1), (ENVIRONMENTAL, 2)]
            .into_iter()
            .find_map(|(group, n)| {
                group
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, values)| (values, n))
            });
        let Some((values, n)) = group else {
            return Err(format!(
                "invalid CVSS 2.0 vector: `{key}` is not a CVSS 2.0 metric"
            ));
        };
        let weight = values
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, w)| *w)
            .ok_or_else(|| {
                let allowed: Vec<&str> = values.iter().map(|(v, _)| *v).collect();
                format!(
                    "invalid CVSS 2.0 vector: `{key}:{value}`; {key} is one of {}",
                    allowed.join(", ")
                )
            })?;
        if metrics.insert(key, weight).is_some() {
            return Err(format!("invalid CVSS 2.0 vector: `{key}` is stated twice"));
        }
        temporal |= n == 1;
        environmental |= n == 2;
    }
    let missing: Vec<&str> = BASE
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !metrics.contains_key(k))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the vector is incomplete: it lacks {}",
            missing.join(", ")
        ));
    }
    let m = |k: &str, default: f64| metrics.get(k).copied().unwrap_or(default);
    let (c, i, a) = (m("C", 0.0), m("I", 0.0), m("A", 0.0));
    let exploitability = 20.0 * m("AV", 1.0) * m("AC", 1.0) * m("Au", 1.0);
    let base_with = |impact: f64| {
        let f = if impact == 0.0 { 0.0 } else { 1.176 };
        round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f)
    };
    let impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
    let base = base_with(impact);
    let temporal_of = |base: f64| round1(base * m("E", 1.0) * m("RL", 1.0) * m("RC", 1.0));
    let adjusted_impact = (10.41
        * (1.0 - (1.0 - c * m("CR", 1.0)) * (1.0 - i * m("IR", 1.0)) * (1.0 - a * m("AR", 1.0))))
    .min(10.0);
    let adjusted_temporal = temporal_of(base_with(adjusted_impact));
    let environmental_score =
        round1((adjusted_temporal + (10.0 - adjusted_temporal) * m("CDP", 0.0)) * m("TD", 1.0));
    Ok(CvssScore {
        version: "2.0",
        score: base,
        temporal: (temporal || environmental).then(|| temporal_of(base)),
        environmental: environmental.then_some(environmental_score),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The guide's own examples (§3.3: CVE-2002-0392, CVE-2003-0818, CVE-2003-0062) and
    // vectors scored by Red Hat's `cvss` library (PyPI), which implements the same guide.
    #[test]
    fn scores_as_the_guide_does() {
        let cases = [
            (
                "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H",
                7.8,
                Some(6.4),
                Some(9.2),
            ),
            (
                "(AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L)",
                10.0,
                Some(8.3),
                Some(9.0),
            ),
            (
                "AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M",
                6.2,
                Some(4.9),
                Some(7.5),
            ),
            (
                "AV:A/AC:H/Au:S/C:C/I:N/A:N/E:ND/RL:OF/RC:C/CDP:H/TD:N/CR:M/IR:L/AR:L",
                4.3,
                Some(3.7),
                Some(0.0),
            ),
            (
                "AV:A/AC:H/Au:N/C:N/I:C/A:P/CDP:H/TD:L/CR:L/IR:M/AR:H",
                5.3,
                Some(5.3),
                Some(2.0),
            ),
            (
                "AV:L/AC:L/Au:N/C:N/I:C/A:N/E:ND/RL:TF/RC:ND/CDP:ND/TD:ND/CR:ND/IR:H/AR:ND",
                4.9,
                Some(4.4),
                Some(6.4),
            ),
            (
                "AV:N/AC:H/Au:M/C:C/I:P/A:C/E:H/RL:W/RC:ND/CDP:LM/TD:ND/CR:L/IR:L/AR:ND",
                6.4,
                Some(6.1),
                Some(6.7),
            ),
            ("CVSS:2.0/AV:N/AC:M/Au:S/C:P/I:N/A:N", 3.5, None, None),
            (
                "AV:N/AC:L/Au:S/C:N/I:N/A:N/E:ND/RL:TF/RC:C",
                0.0,
                Some(0.0),
                None,
            ),
        ];
        for (vector, base, temporal, environmental) in cases {
            assert!(is_v2(vector), "{vector}");
            let s = score(vector).unwrap_or_else(|e| panic!("{vector}: {e}"));
            assert_eq!(
                (s.version, s.score, s.temporal, s.environmental),
                ("2.0", base, temporal, environmental),
                "{vector}"
            );
        }
    }

    #[test]
    fn refuses_what_the_guide_does_not_define() {
        for (vector, says) in [
            ("AV:N/AC:L/Au:N/C:P/I:P", "lacks A"),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:X", "A is one of N, P, C"),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:Q", "E is one of"),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P/AV:L", "stated twice"),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P/MAV:N", "not a CVSS 2.0 metric"),
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P/", "not METRIC:VALUE"),
        ] {
            let err = score(vector).expect_err(vector);
            assert!(err.contains(says), "{vector}: {err}");
        }
        assert!(!is_v2("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    }
}

//! Version ordering per ecosystem, for OSV ranges.
//!
//! OSV `SEMVER` ranges use Semantic Versioning precedence; `ECOSYSTEM` ranges use the
//! package ecosystem's own ordering, which differs where it matters: PyPI follows PEP 440
//! (`1.0rc1 < 1.0 < 1.0.post1`), Debian and Ubuntu follow dpkg (epochs, `~` sorts before
//! everything), npm, crates.io, Go, Hex and Pub are SemVer. Other ecosystems (Maven, NuGet,
//! RubyGems, Alpine, ConanCenter...) use a generic ordering: numeric runs compare as numbers,
//! pre-release words (`alpha`, `beta`, `rc`...) sort before the release.

use std::cmp::Ordering;
use std::str::FromStr;

/// How versions of an ecosystem are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Semantic Versioning 2.0 (a leading `v` and missing minor/patch tolerated).
    Semver,
    /// PEP 440.
    Pep440,
    /// dpkg.
    Debian,
    /// Numeric and alphabetic runs.
    Generic,
}

impl Scheme {
    /// The ordering of an OSV ecosystem (`PyPI`, `Debian:12`, `crates.io`...).
    pub fn of_ecosystem(ecosystem: &str) -> Scheme {
        let base = ecosystem.split(':').next().unwrap_or("");
        match base {
            "npm" | "crates.io" | "Go" | "Hex" | "Pub" | "SwiftURL" => Scheme::Semver,
            "PyPI" => Scheme::Pep440,
            "Debian" | "Ubuntu" => Scheme::Debian,
            _ => Scheme::Generic,
        }
    }

    /// Compares two versions; `None` when either does not parse in this scheme.
    pub fn compare(self, a: &str, b: &str) -> Option<Ordering> {
        match self {
            Scheme::Semver => Some(semver_of(a)?.cmp(&semver_of(b)?)),
            Scheme::Pep440 => {
                let x = pep440_rs::Version::from_str(a.trim()).ok()?;
                let y = pep440_rs::Version::from_str(b.trim()).ok()?;
                Some(x.cmp(&y))
            }
            Scheme::Debian => Some(debian_cmp(a.trim(), b.trim())),
            Scheme::Generic => Some(generic_cmp(a.trim(), b.trim())),
        }
    }

    /// Whether a version parses in this scheme.
    pub fn parses(self, v: &str) -> bool {
        self.compare(v, v).is_some()
    }
}

/// A SemVer version, tolerating a leading `v` and a missing minor or patch (`1.2` = `1.2.0`).
fn semver_of(text: &str) -> Option<semver::Version> {
    let text = text.trim().trim_start_matches(['v', 'V']);
    if let Ok(v) = semver::Version::parse(text) {
        return Some(v);
    }
    let (core, rest) = match text.find(['-', '+']) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut padded = parts.join(".");
    for _ in parts.len()..3 {
        padded.push_str(".0");
    }
    semver::Version::parse(&format!("{padded}{rest}")).ok()
}

/// dpkg's ordering of one part (upstream version or revision).
fn debian_part(a: &str, b: &str) -> Ordering {
    let order = |c: Option<char>| -> i32 {
        match c {
            None => 0,
            Some('~') => -1,
            Some(c) if c.is_ascii_alphabetic() => c as i32,
            Some(c) => c as i32 + 256,
        }
    };
    let (mut a, mut b) = (a, b);
    while !a.is_empty() || !b.is_empty() {
        // Non-digit prefix, compared with dpkg's character order.
        let na = a.find(|c: char| c.is_ascii_digit()).unwrap_or(a.len());
        let nb = b.find(|c: char| c.is_ascii_digit()).unwrap_or(b.len());
        let (pa, pb) = (&a[..na], &b[..nb]);
        let (mut ca, mut cb) = (pa.chars(), pb.chars());
        loop {
            let (x, y) = (ca.next(), cb.next());
            if x.is_none() && y.is_none() {
                break;
            }
            let (ox, oy) = (order(x), order(y));
            if ox != oy {
                return ox.cmp(&oy);
            }
        }
        a = &a[na..];
        b = &b[nb..];
        // Digit run, compared as a number.
        let da = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
        let db = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
        let (x, y) = (
            a[..da].trim_start_matches('0'),
            b[..db].trim_start_matches('0'),
        );
        let by_number = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
        if by_number != Ordering::Equal {
            return by_number;
        }
        a = &a[da..];
        b = &b[db..];
    }
    Ordering::Equal
}

/// dpkg's ordering of whole versions: `[epoch:]upstream[-revision]`.
pub fn debian_cmp(a: &str, b: &str) -> Ordering {
    let split = |v: &str| -> (u64, String, String) {
        let (epoch, rest) = match v.split_once(':') {
            Some((e, r)) if e.chars().all(|c| c.is_ascii_digit()) => (e.parse().unwrap_or(0), r),
            _ => (0, v),
        };
        match rest.rsplit_once('-') {
            Some((up, rev)) => (epoch, up.to_string(), rev.to_string()),
            None => (epoch, rest.to_string(), String::new()),
        }
    };
    let (ea, ua, ra) = split(a);
    let (eb, ub, rb) = split(b);
    ea.cmp(&eb)
        .then_with(|| debian_part(&ua, &ub))
        .then_with(|| debian_part(&ra, &rb))
}

/// Rank of a pre-release or post-release word in the generic ordering.
fn word_rank(word: &str) -> i32 {
    match word.to_ascii_lowercase().as_str() {
        "dev" | "snapshot" => -5,
        "a" | "alpha" => -4,
        "b" | "beta" => -3,
        "m" | "milestone" => -2,
        "rc" | "cr" | "pre" | "preview" => -1,
        "ga" | "final" | "release" => 0,
        "sp" | "post" | "p" | "patch" => 1,
        _ => 2,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Num(&'a str),
    Word(&'a str),
}

fn tokens(v: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    // Git tags spell versions `v3.6.2`, `V11.1.0`: the prefix is not part of the version.
    let mut rest = match v.strip_prefix(['v', 'V']) {
        Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => after,
        _ => v,
    };
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Token::Num(&rest[..end]));
            rest = &rest[end..];
        } else if c.is_alphabetic() {
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            out.push(Token::Word(&rest[..end]));
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The generic ordering: numbers as numbers; a missing part is a release (`1.0 = 1.0.0`);
/// pre-release words sort before it, other words after.
pub fn generic_cmp(a: &str, b: &str) -> Ordering {
    let (ta, tb) = (tokens(a), tokens(b));
    let rank = |t: Option<&Token>| -> (i32, u128, String) {
        match t {
            None => (0, 0, String::new()),
            Some(Token::Num(n)) => (1, n.parse().unwrap_or(u128::MAX), String::new()),
            Some(Token::Word(w)) => (word_rank(w) * 10, 0, w.to_ascii_lowercase()),
        }
    };
    for i in 0..ta.len().max(tb.len()) {
        let (x, y) = (ta.get(i), tb.get(i));
        let (rx, ry) = (rank(x), rank(y));
        // A missing number equals zero (`1.0` = `1.0.0`).
        let rx = if x.is_none() && matches!(y, Some(Token::Num(_))) {
            (1, 0, String::new())
        } else {
            rx
        };
        let ry = if y.is_none() && matches!(x, Some(Token::Num(_))) {
            (1, 0, String::new())
        } else {
            ry
        };
        let ord = rx.cmp(&ry);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_tolerates_v_and_short_versions() {
        let s = Scheme::Semver;
        assert_eq!(s.compare("v1.2", "1.2.0"), Some(Ordering::Equal));
        assert_eq!(s.compare("1.2.0-rc.1", "1.2.0"), Some(Ordering::Less));
        assert_eq!(s.compare("1.10.0", "1.9.9"), Some(Ordering::Greater));
        assert_eq!(s.compare("banana", "1.0.0"), None);
    }

    #[test]
    fn generic_ignores_a_tag_prefix() {
        assert_eq!(generic_cmp("v3.6.2", "3.6.3"), Ordering::Less);
        assert_eq!(generic_cmp("V11.1.0", "10.6.2"), Ordering::Greater);
        assert_eq!(generic_cmp("v3.6.2", "3.6.2"), Ordering::Equal);
    }

    #[test]
    fn pep440_orders_pre_and_post_releases() {
        let s = Scheme::Pep440;
        assert_eq!(s.compare("1.0rc1", "1.0"), Some(Ordering::Less));
        assert_eq!(s.compare("1.0.post1", "1.0"), Some(Ordering::Greater));
        assert_eq!(s.compare("2.0", "10.0"), Some(Ordering::Less));
    }

    #[test]
    fn debian_orders_epochs_and_tildes() {
        assert_eq!(debian_cmp("1:1.0-1", "2.0-1"), Ordering::Greater);
        assert_eq!(debian_cmp("1.0~rc1-1", "1.0-1"), Ordering::Less);
        assert_eq!(
            debian_cmp("2.36-9+deb12u4", "2.36-9+deb12u10"),
            Ordering::Less
        );
        assert_eq!(debian_cmp("1.2.10", "1.2.9"), Ordering::Greater);
    }

    #[test]
    fn generic_orders_numbers_and_qualifiers() {
        assert_eq!(generic_cmp("2.1.2", "2.1.10"), Ordering::Less);
        assert_eq!(generic_cmp("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(generic_cmp("1.0-beta2", "1.0"), Ordering::Less);
        assert_eq!(generic_cmp("1.0.sp1", "1.0"), Ordering::Greater);
    }
}

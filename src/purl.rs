//! Package URLs (purl) to the package keys advisories are indexed by.

use std::str::FromStr;

use packageurl::PackageUrl;

/// A parsed purl, reduced to what matching needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The package key: OSV ecosystem and name, normalised.
    pub key: String,
    /// The OSV ecosystem the purl type corresponds to (`generic` when none does).
    pub ecosystem: String,
    /// The version in the purl, if any.
    pub version: Option<String>,
}

/// The index key of a package: `ecosystem/name`, lowercased, with PyPI's name normalisation
/// (runs of `-`, `_` and `.` are one `-`) and without the release part of distribution
/// ecosystems (`Debian:12` is `debian`).
pub fn key(ecosystem: &str, name: &str) -> String {
    let eco = ecosystem
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut name = name.trim().to_lowercase();
    if eco == "pypi" {
        let mut out = String::with_capacity(name.len());
        let mut sep = false;
        for c in name.chars() {
            if matches!(c, '-' | '_' | '.') {
                sep = true;
            } else {
                if sep && !out.is_empty() {
                    out.push('-');
                }
                sep = false;
                out.push(c);
            }
        }
        name = out;
    }
    format!("{eco}/{name}")
}

/// Parses a purl (`pkg:type/namespace/name@version?qualifiers#subpath`).
pub fn parse(text: &str) -> Result<Parsed, String> {
    let purl = PackageUrl::from_str(text.trim()).map_err(|e| e.to_string())?;
    let ns = purl.namespace().map(str::to_string);
    let name = purl.name().to_string();
    let joined = |sep: &str| match &ns {
        Some(ns) if !ns.is_empty() => format!("{ns}{sep}{name}"),
        _ => name.clone(),
    };
    let (ecosystem, osv_name) = match purl.ty() {
        "cargo" => ("crates.io".to_string(), name.clone()),
        "npm" => ("npm".to_string(), joined("/")),
        "pypi" => ("PyPI".to_string(), name.clone()),
        "golang" => ("Go".to_string(), joined("/")),
        "maven" => ("Maven".to_string(), joined(":")),
        "nuget" => ("NuGet".to_string(), name.clone()),
        "gem" => ("RubyGems".to_string(), name.clone()),
        "composer" => ("Packagist".to_string(), joined("/")),
        "pub" => ("Pub".to_string(), name.clone()),
        "hex" => ("Hex".to_string(), name.clone()),
        "swift" => ("SwiftURL".to_string(), joined("/")),
        "conan" => ("ConanCenter".to_string(), name.clone()),
        "apk" => ("Alpine".to_string(), name.clone()),
        "deb" => match ns.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("ubuntu") => ("Ubuntu".to_string(), name.clone()),
            _ => ("Debian".to_string(), name.clone()),
        },
        other => (other.to_string(), joined("/")),
    };
    Ok(Parsed {
        key: key(&ecosystem, &osv_name),
        ecosystem,
        version: purl.version().map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_map_to_osv_packages() {
        let p = parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").expect("purl");
        assert_eq!(p.key, "maven/org.apache.logging.log4j:log4j-core");
        assert_eq!(p.version.as_deref(), Some("2.14.1"));
        assert_eq!(
            parse("pkg:pypi/Django_Rest.Framework@3.0")
                .expect("purl")
                .key,
            "pypi/django-rest-framework"
        );
        assert_eq!(
            key("PyPI", "django.rest_framework"),
            "pypi/django-rest-framework"
        );
        assert_eq!(
            parse("pkg:npm/%40angular/core@1.0.0").expect("purl").key,
            "npm/@angular/core"
        );
        assert_eq!(
            parse("pkg:deb/debian/openssl@3.0.11-1?distro=debian-12")
                .expect("purl")
                .key,
            "debian/openssl"
        );
        assert_eq!(key("Debian:12", "openssl"), "debian/openssl");
        assert!(parse("not a purl").is_err());
        assert!(parse("pkg:/name").is_err());
    }
}

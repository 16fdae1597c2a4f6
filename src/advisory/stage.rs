//! The advisory stage of the check: the SBOMs' components matched against a folder of OSV
//! records, and the CISA Known Exploited Vulnerabilities catalogue read, each with the
//! findings its unusable inputs give and a note of what was read, for the outputs.

use crate::advisory;
use crate::config::{self, Config};
use crate::diag::{self, Diagnostic};
use crate::model::{self, Artifact};
use crate::parse;
use crate::source::{self, SourceSet};

/// A KEV catalogue that was read: which file, which edition, how many entries.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KevSource {
    /// The file, relative to the dossier.
    pub file: String,
    /// The catalogue's `catalogVersion`.
    pub version: Option<String>,
    /// The catalogue's `dateReleased`.
    pub released: Option<String>,
    /// How many vulnerabilities it lists.
    pub entries: usize,
}

/// An advisory folder that was read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AdvisorySource {
    /// The folder's name.
    pub folder: String,
    /// How many OSV records it holds.
    pub records: usize,
}

/// Matches the SBOMs against the advisory folder (from the options, else the manifest's
/// `parameters.advisories`, relative to the dossier root). Unusable files and purls are
/// ADVISORY-001 findings; the rest is still matched.
pub(crate) fn match_advisories(
    sources: &mut SourceSet,
    config: &Config,
    from_options: Option<&std::path::Path>,
    artifacts: &[Artifact],
    sboms: &[parse::sbom::LoadedSbom],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<advisory::AdvisoryMatch>, Option<AdvisorySource>) {
    let code = advisory::ADVISORY_CODE;
    let from_manifest = config.manifest.parameters.advisories.as_ref();
    let dir = match (from_options, from_manifest, sources.backing.dir()) {
        (Some(dir), _, _) => dir.to_path_buf(),
        (None, Some(rel), Some(root)) => {
            // The command line may name any folder (the user typed it); the manifest, which
            // a pull request can change, only one inside the dossier.
            let joined = root.join(&rel.value);
            let inside = match (joined.canonicalize(), sources.backing.jail()) {
                (Ok(resolved), Some(jail)) => jail.may_read(&resolved),
                _ => true,
            };
            if !inside {
                diagnostics.push(
                    Diagnostic::new(
                        config::CONFIG_CODE,
                        diag::Severity::Error,
                        format!(
                            "`parameters.advisories` ({}) leads outside the dossier; dossier reads only files inside it",
                            rel.value
                        ),
                    )
                    .at(0, rel.span, "")
                    .with_help("keep the OSV records in a folder of the dossier, or pass --advisories DIR on the command line"),
                );
                return (Vec::new(), None);
            }
            joined
        }
        (None, Some(rel), None) => {
            diagnostics.push(
                Diagnostic::new(
                    code,
                    diag::Severity::Warning,
                    format!(
                        "`parameters.advisories` ({}) is read from the working tree only; pass --advisories DIR with --rev",
                        rel.value
                    ),
                )
                .at(0, rel.span, ""),
            );
            return (Vec::new(), None);
        }
        (None, None, _) => return (Vec::new(), None),
    };
    let (advisories, problems) = advisory::load_dir(&dir);
    let source = AdvisorySource {
        folder: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string()),
        records: advisories.len(),
    };
    for problem in problems {
        // The file is outside the dossier's sources; add its text so the finding can
        // point at the line.
        let text = source::confine::open_regular(&problem.path)
            .and_then(|file| source::confine::read_limited(file, advisory::MAX_ADVISORY_BYTES))
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let index = diag::LineIndex::new(&text);
        let offset = if problem.line > 0 {
            index.offset(&text, problem.line, problem.column)
        } else {
            0
        };
        // Inside the dossier, name it as the dossier's own files are named.
        let shown = sources
            .backing
            .dir()
            .and_then(|root| problem.path.strip_prefix(root).ok())
            .map(|rel| rel.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|| problem.path.display().to_string());
        sources.files.push(source::SourceFile {
            path: shown,
            text,
            problem: None,
        });
        let file = sources.files.len() - 1;
        let span = model::Span {
            offset: offset as u32,
            len: 0,
            line: problem.line,
            column: problem.column,
        };
        diagnostics.push(
            Diagnostic::new(
                code,
                diag::Severity::Error,
                format!("advisory file {}", problem.message),
            )
            .with_help("re-download the OSV export or remove the file; the other advisories were still matched")
            .at(file, span, ""),
        );
    }
    let (matches, problems) = advisories.match_sboms(sboms);
    for problem in problems {
        let sbom = &sboms[problem.sbom];
        let component = &sbom.components[problem.component];
        let file = sbom.file.unwrap_or(artifacts[sbom.artifact].file);
        diagnostics.push(
            Diagnostic::new(code, diag::Severity::Warning, format!("component {}: {}", component.label(), problem.message))
                .at(file, component.span, "")
                .with_help("correct the purl (https://github.com/package-url/purl-spec) or the advisory's range"),
        );
    }
    (matches, Some(source))
}

/// Reads the CISA Known Exploited Vulnerabilities catalog the manifest names (parameter
/// `kev_catalog`): the CVE IDs it lists. Problems are CONFIG-001 findings.
pub(crate) fn load_kev(
    sources: &mut SourceSet,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (std::collections::BTreeSet<String>, Option<KevSource>) {
    #[derive(serde::Deserialize)]
    struct Catalog {
        #[serde(rename = "catalogVersion", default)]
        version: Option<String>,
        #[serde(rename = "dateReleased", default)]
        released: Option<String>,
        vulnerabilities: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "cveID")]
        cve_id: String,
    }
    let Some(path) = &config.manifest.parameters.kev_catalog else {
        return Default::default();
    };
    let problem = match sources.load_referenced(&path.value) {
        Err(problem) => problem,
        Ok(file) => match serde_json::from_str::<Catalog>(&sources.file(file).text) {
            Ok(catalog) => {
                let source = KevSource {
                    file: sources.file(file).path.clone(),
                    version: catalog.version,
                    released: catalog.released,
                    entries: catalog.vulnerabilities.len(),
                };
                let ids = catalog
                    .vulnerabilities
                    .into_iter()
                    .map(|e| e.cve_id.trim().to_string())
                    .collect();
                return (ids, Some(source));
            }
            Err(err) => format!(
                "`{}` is not a CISA KEV catalog (JSON with `vulnerabilities[].cveID`): {err}",
                path.value
            ),
        },
    };
    diagnostics.push(
        Diagnostic::new(config::CONFIG_CODE, diag::Severity::Error, problem)
            .at(0, path.span, "")
            .with_help(
                "point `parameters.kev_catalog` at the catalog file, relative to dossier.yaml",
            ),
    );
    (Default::default(), None)
}

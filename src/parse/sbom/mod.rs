//! SBOM files referenced by `sbom` artifacts, read into components.
//!
//! The SBOM crates we checked fall short (cyclonedx-bom 0.8 rejects CycloneDX 1.6; there is
//! no SPDX 3 crate), so these are small serde types for what the rules need, tolerant of
//! everything else. JSON carries no spans, so each component's position is found by looking
//! up its reference in the text, as cargo-deny does for Cargo.lock.

mod cyclonedx;
mod cyclonedx_xml;
mod spdx;
mod spdx3;
mod spdx_tag;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::diag::LineIndex;
use crate::model::{Artifact, Body, Component, FileId, SbomFormat, Span};
use crate::parse::standard::{self, Standard, Violation};
use crate::source::SourceSet;
use crate::vex::VexDocument;

/// One SBOM as read: its metadata, components and dependency graph, or why it could not be.
#[derive(Debug, Clone, Default)]
pub struct LoadedSbom {
    /// Index of the `sbom` artifact that references the file.
    pub artifact: usize,
    /// The SBOM file, once loaded.
    pub file: Option<FileId>,
    /// Why the file cannot be used, and where.
    pub problem: Option<(String, Span)>,
    /// The detected format.
    pub format: Option<SbomFormat>,
    /// The detected specification version, for example `1.6` or `2.3`.
    pub spec_version: Option<String>,
    /// SHA-256 of the file, in hex.
    pub sha256: Option<String>,
    /// Who wrote the SBOM (people or organizations, not tools).
    pub authors: Vec<String>,
    /// When it was generated.
    pub timestamp: Option<String>,
    /// Reference of the primary component (the device software).
    pub root: Option<String>,
    /// Every component, the primary one included.
    pub components: Vec<Component>,
    /// Direct dependencies by component reference; a key present means the SBOM states the
    /// component's dependencies (an empty list: it has none).
    pub dependencies: BTreeMap<String, Vec<String>>,
    /// References covered by a completeness statement: declared complete, or declared as
    /// known unknowns (incomplete, unknown).
    pub declared_completeness: Vec<String>,
    /// Addendum entries (indices) that name no component of the file.
    pub unmatched_addendum: Vec<usize>,
    /// The components by the keys that name them (built once they are read).
    pub index: ComponentIndex,
    /// Where the file breaks its standard (schema and semantic checks, SBOM-006).
    pub violations: Vec<Violation>,
    /// How long validating the file and its VEX documents took (for `--timings`).
    pub validation: std::time::Duration,
    /// VEX documents about the SBOM's components: those the artifact's `vex` lists, then
    /// the SBOM's own CycloneDX `vulnerabilities` section.
    pub vex: Vec<LoadedVex>,
}

/// One VEX document as read and matched to the SBOM's components.
#[derive(Debug, Clone, Default)]
pub struct LoadedVex {
    /// The file (the SBOM file itself for embedded statements).
    pub file: Option<FileId>,
    /// Where the artifact names the file (`vex:` entry); unknown for embedded statements.
    pub named_at: Span,
    /// The path as the artifact writes it.
    pub path: String,
    /// Why the document cannot be used, and where in it.
    pub problem: Option<(String, Span)>,
    /// The statements.
    pub doc: VexDocument,
    /// Per statement, the SBOM component it is about (`None`: no component matches).
    pub components: Vec<Option<usize>>,
    /// Statements whose product is not this SBOM's primary component: index and product.
    pub other_product: Vec<(usize, String)>,
    /// Where the file breaks its standard (schema and semantic checks, VEX-002).
    pub violations: Vec<Violation>,
    /// How long validating it took (for `--timings`).
    pub validation: std::time::Duration,
}

/// An SBOM's components by the keys that name them: reference, purl and `name@version`
/// (the first component of each), and package (a purl without its version). Finding the
/// component a key names is then a lookup, not a scan: an addendum or a VEX document with
/// thousands of entries against an SBOM of 100,000 components stays linear.
#[derive(Debug, Clone, Default)]
pub struct ComponentIndex {
    exact: std::collections::HashMap<String, Vec<usize>>,
    packages: std::collections::HashMap<String, Vec<(usize, Option<String>)>>,
}

/// A version without the `v` prefix tags carry.
fn bare_version(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(|v| v.trim_start_matches(['v', 'V']).to_string())
}

impl ComponentIndex {
    /// Indexes components, in order.
    pub fn new(components: &[Component]) -> ComponentIndex {
        let mut index = ComponentIndex::default();
        for (i, c) in components.iter().enumerate() {
            let mut keys = vec![c.bom_ref.value.clone()];
            keys.extend(c.purl.as_ref().map(|p| p.value.clone()));
            if let (Some(n), Some(v)) = (&c.name, &c.version) {
                keys.push(format!("{}@{}", n.value, v.value));
            }
            for key in keys {
                let named = index.exact.entry(key).or_default();
                if named.last() != Some(&i) {
                    named.push(i);
                }
            }
            if let Some(purl) = &c.purl
                && let Ok(parsed) = crate::purl::parse(&purl.value)
            {
                index
                    .packages
                    .entry(parsed.key)
                    .or_default()
                    .push((i, bare_version(&parsed.version)));
            }
        }
        index
    }

    /// Whether nothing is indexed (no component, or not indexed yet).
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// The first component whose reference, purl or `name@version` is `key`, exactly.
    pub fn named(&self, key: &str) -> Option<usize> {
        self.exact
            .get(key.trim())
            .and_then(|all| all.first().copied())
    }

    /// Every component a key names, in order: as [`names_component`] for each component.
    pub fn all_naming(&self, key: &str) -> Vec<usize> {
        let key = key.trim();
        if key.is_empty() {
            return Vec::new();
        }
        let mut all: Vec<usize> = self.exact.get(key).cloned().unwrap_or_default();
        if key.starts_with("pkg:")
            && let Ok(b) = crate::purl::parse(key)
        {
            let version = bare_version(&b.version);
            if let Some(candidates) = self.packages.get(&b.key) {
                all.extend(
                    candidates
                        .iter()
                        .filter(|(_, v)| version.is_none() || *v == version)
                        .map(|(i, _)| *i),
                );
            }
        }
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The first component a VEX statement's `key` names: exactly, or by package and
    /// version (purls differ in case and qualifiers between tools); as [`names_component`].
    pub fn naming(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        let exact = self.named(key);
        let by_package = key
            .starts_with("pkg:")
            .then(|| crate::purl::parse(key).ok())
            .flatten()
            .and_then(|b| {
                let version = bare_version(&b.version);
                self.packages
                    .get(&b.key)?
                    .iter()
                    .find_map(|(i, v)| (version.is_none() || *v == version).then_some(*i))
            });
        match (exact, by_package) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl LoadedSbom {
    /// The component with a reference, purl or `name@version`.
    pub fn find(&self, key: &str) -> Option<&Component> {
        self.index.named(key).and_then(|i| self.components.get(i))
    }

    /// The entry of an `sbom` artifact's addendum that is about a component (the addendum
    /// names it by reference, purl or `name@version`).
    pub fn addendum_entry<'a>(
        &self,
        addendum: &'a [crate::model::ComponentSupport],
        component: &Component,
    ) -> Option<&'a crate::model::ComponentSupport> {
        addendum.iter().find(|e| {
            self.find(&e.component.value)
                .is_some_and(|x| x.bom_ref.value == component.bom_ref.value)
        })
    }

    /// The primary component.
    pub fn root_component(&self) -> Option<&Component> {
        self.root.as_deref().and_then(|r| self.find(r))
    }

    /// The references of `starts` and of every component they depend on, transitively.
    pub fn reachable_from(
        &self,
        starts: impl IntoIterator<Item = String>,
    ) -> std::collections::BTreeSet<String> {
        let mut reached: std::collections::BTreeSet<String> = starts.into_iter().collect();
        let mut queue: Vec<String> = reached.iter().cloned().collect();
        while let Some(r) = queue.pop() {
            for dep in self.dependencies.get(&r).into_iter().flatten() {
                if reached.insert(dep.clone()) {
                    queue.push(dep.clone());
                }
            }
        }
        reached
    }
}

/// Where an SPDX 2 document's packages are written: found in its JSON text by SPDXID, or
/// as the tag-value reader recorded them.
enum Positions<'t> {
    /// An SPDX JSON text.
    Json(&'t str),
    /// A tag-value document, converted.
    Tags(&'t spdx_tag::Converted),
}

/// Finds where an SBOM's elements are written in its JSON text, for findings that point at
/// a component's line: the value of each identifier member (`"bom-ref": "x"`) is indexed
/// in one pass over the text, so locating all of an SBOM's components costs one pass, not
/// one per component (which was quadratic on a 100,000-component SBOM), and only the
/// identifiers are kept, not every string of a 50 MB file.
pub(crate) struct Locator<'t> {
    text: &'t str,
    index: LineIndex,
    /// Each identifier's raw content (between the quotes, escapes as written) to the
    /// offset of its first opening quote.
    values: std::collections::HashMap<&'t str, u32>,
}

impl<'t> Locator<'t> {
    /// Indexes the values of the members named `keys` (`bom-ref`; `spdxId` and `@id`).
    pub(crate) fn new(text: &'t str, keys: &[&str]) -> Locator<'t> {
        let mut values: std::collections::HashMap<&'t str, u32> = std::collections::HashMap::new();
        let bytes = text.as_bytes();
        // The previous literal, when it was one of the keys, and where it ended.
        let mut after_key: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'"' {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            if i >= bytes.len() {
                break;
            }
            // Quotes and backslashes are ASCII, so both ends are character boundaries.
            let content = text.get(start + 1..i).unwrap_or("");
            // A value: the literal right after `"key"` and a colon.
            if let Some(end) = after_key.take()
                && text
                    .get(end..start)
                    .is_some_and(|between| between.trim() == ":")
            {
                values.entry(content).or_insert(start as u32);
            } else if keys.contains(&content) {
                after_key = Some(i + 1);
            }
            i += 1;
        }
        Locator {
            text,
            index: LineIndex::new(text),
            values,
        }
    }

    /// Where the identifier `needle` is first written as the value of one of the keys; the
    /// default span if nowhere.
    pub(crate) fn locate(&self, needle: &str) -> Span {
        let Some(&at) = self.values.get(needle) else {
            return Span::default();
        };
        let (line, column) = self.index.position(self.text, at as usize);
        Span {
            offset: at,
            len: needle.len() as u32 + 2,
            line,
            column,
        }
    }
}

/// The files the `sbom` artifacts name, loaded into the source set, with the standards they
/// follow: what [`read_all`] reads. Loading needs the source set mutably; reading does not,
/// so it can run beside the history walk.
#[derive(Debug, Default)]
pub struct Referenced {
    /// Per current `sbom` artifact: its index, its SBOM file (or why it cannot be loaded), and
    /// the same for each path of its `vex:`.
    sboms: Vec<ReferencedSbom>,
    /// The validators those files need, to compile before they are read.
    pub warming: standard::Warming,
}

/// One `sbom` artifact's files.
#[derive(Debug)]
struct ReferencedSbom {
    artifact: usize,
    sbom: Result<crate::model::FileId, String>,
    vex: Vec<Result<crate::model::FileId, String>>,
}

/// Loads the files the current `sbom` artifacts name (SBOMs and VEX documents), through the
/// source set's confined reader, and guesses the standards they follow.
pub fn resolve(sources: &mut SourceSet, artifacts: &[Artifact]) -> Referenced {
    let mut referenced = Referenced::default();
    let mut seen = std::collections::HashSet::new();
    for (index, artifact) in artifacts.iter().enumerate() {
        let Body::Sbom(sbom) = &artifact.body else {
            continue;
        };
        if artifact.envelope.status.value.is_retired() {
            continue;
        }
        let mut load = |path: &str| {
            let file = sources.load_referenced(path);
            if let Ok(file) = file
                && seen.insert(file)
            {
                referenced.warming.add(&sources.file(file).text);
            }
            file
        };
        let entry = ReferencedSbom {
            artifact: index,
            sbom: load(&sbom.path.value),
            vex: sbom.vex.iter().map(|path| load(&path.value)).collect(),
        };
        referenced.sboms.push(entry);
    }
    referenced
}

/// Compiles the validators the files need, then reads every SBOM and VEX document
/// [`resolve`] loaded, validates them against their standards and applies each artifact's
/// addendum.
pub fn read_all(
    sources: &SourceSet,
    artifacts: &[Artifact],
    referenced: &Referenced,
) -> Vec<LoadedSbom> {
    read_all_to(sources, artifacts, referenced, Depth::Full)
}

/// How far [`read_all_to`] reads each SBOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything: the document validated against its standard, and the VEX documents read
    /// and matched (what the check of the release being submitted needs).
    Full,
    /// The components, their support and the artifact's addendum only: what the comparison
    /// with the prior release reads of that release's SBOMs. Its conformance was the prior
    /// submission's concern, and validating a large SBOM costs as much as reading it.
    Components,
}

/// [`read_all`], to the depth asked for.
pub fn read_all_to(
    sources: &SourceSet,
    artifacts: &[Artifact],
    referenced: &Referenced,
    depth: Depth,
) -> Vec<LoadedSbom> {
    if depth == Depth::Full {
        standard::warm(&referenced.warming);
    }
    let mut out = Vec::new();
    for entry in &referenced.sboms {
        let Body::Sbom(sbom) = &artifacts[entry.artifact].body else {
            continue;
        };
        let mut loaded = LoadedSbom {
            artifact: entry.artifact,
            ..LoadedSbom::default()
        };
        let mut embedded = None;
        match &entry.sbom {
            Err(problem) => loaded.problem = Some((problem.clone(), sbom.path.span)),
            Ok(file) => {
                let file = *file;
                loaded.file = Some(file);
                let text = &sources.file(file).text;
                // The digest and the reading are independent (a 50 MB file: 0.1 s each way).
                let (sha256, doc) = rayon::join(
                    || hex::encode(Sha256::digest(text.as_bytes())),
                    || read(text, &mut loaded, depth),
                );
                loaded.sha256 = Some(sha256);
                embedded = doc.map(|doc| LoadedVex {
                    file: Some(file),
                    path: sbom.path.value.clone(),
                    doc,
                    ..LoadedVex::default()
                });
            }
        }
        apply_addendum(sbom, &mut loaded);
        if depth == Depth::Components {
            out.push(loaded);
            continue;
        }
        for (path, file) in sbom.vex.iter().zip(&entry.vex) {
            let mut vex = LoadedVex {
                named_at: path.span,
                path: path.value.clone(),
                ..LoadedVex::default()
            };
            match file {
                Err(problem) => vex.problem = Some((problem.clone(), Span::default())),
                Ok(file) => {
                    let read = read_vex_document(&sources.file(*file).text);
                    vex.file = Some(*file);
                    vex.doc = read.doc;
                    vex.problem = read.problem;
                    vex.violations = read.violations;
                    vex.validation = read.validation;
                }
            }
            loaded.vex.push(vex);
        }
        loaded.validation += loaded
            .vex
            .iter()
            .map(|v| v.validation)
            .sum::<std::time::Duration>();
        // The SBOM's own statements after those of the documents it lists.
        loaded.vex.extend(embedded);
        match_vex(&mut loaded);
        out.push(loaded);
    }
    out
}

/// Reads an SBOM document's text on its own (any format `dossier` reads), as `check` does
/// for a file an `sbom` artifact names: for fuzzing and tools.
pub fn read_document(text: &str) -> LoadedSbom {
    let mut loaded = LoadedSbom::default();
    let embedded = read(text, &mut loaded, Depth::Full);
    loaded.vex.extend(embedded.map(|doc| LoadedVex {
        doc,
        ..LoadedVex::default()
    }));
    match_vex(&mut loaded);
    loaded
}

/// Reads a VEX document's text on its own, as `check` does for a file an `sbom` artifact
/// lists in `vex:`: its statements, or why it cannot be read, and where it breaks its
/// standard.
pub fn read_vex_document(text: &str) -> LoadedVex {
    let mut vex = LoadedVex::default();
    let value = match crate::vex::parse(text) {
        Ok(value) => value,
        Err(e) => {
            vex.problem = Some((e.message, e.span));
            return vex;
        }
    };
    match crate::vex::read_value(text, &value) {
        Ok(doc) => vex.doc = doc,
        Err(e) => vex.problem = Some((e.message, e.span)),
    }
    // Also when it cannot be used: what breaks the standard says why.
    let started = std::time::Instant::now();
    vex.violations = Standard::detect(&value)
        .map(|standard| standard::validate(text, &value, standard))
        .unwrap_or_default();
    vex.validation = started.elapsed();
    vex
}

/// The SBOM formats read, for messages.
const SUPPORTED: &str =
    "CycloneDX JSON and XML 1.4-1.7, SPDX 2.2/2.3 JSON and tag-value, and SPDX 3.0 JSON-LD";

/// The name of a known SBOM format that is not read, recognised from the text's start, so
/// the message names it rather than reporting bad JSON at line 1.
fn unsupported_format(trimmed: &str) -> Option<&'static str> {
    let head: String = trimmed.chars().take(4096).collect();
    let lines = || head.lines().map(str::trim);
    if head.starts_with('<') && (head.contains("rdf:RDF") || head.contains("spdx.org/rdf")) {
        return Some("SPDX RDF/XML");
    }
    if !head.starts_with(['{', '[', '<']) {
        if lines().any(|l| l.starts_with("spdxVersion:") || l.starts_with("SPDXID:")) {
            return Some("SPDX YAML");
        }
        if lines().any(|l| l.starts_with("bomFormat:")) {
            return Some("CycloneDX YAML");
        }
        if head.starts_with("@prefix") || lines().any(|l| l.starts_with("@prefix")) {
            return Some("RDF Turtle");
        }
    }
    None
}

/// Detects the format and reads the document, its components indexed; a CycloneDX SBOM's
/// own `vulnerabilities` come back as a VEX document, read from the same parse.
fn read(text: &str, loaded: &mut LoadedSbom, depth: Depth) -> Option<VexDocument> {
    let embedded = read_format(text, loaded, depth == Depth::Full);
    // The JSON reader indexes while the document is validated.
    if loaded.index.is_empty() {
        loaded.index = ComponentIndex::new(&loaded.components);
    }
    embedded
}

/// Detects the format and reads the document; validates it against its standard when asked.
fn read_format(text: &str, loaded: &mut LoadedSbom, validate: bool) -> Option<VexDocument> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if spdx_tag::looks_like(trimmed) {
        let converted = spdx_tag::convert(text);
        let mut violations: Vec<Violation> = converted
            .problems
            .iter()
            .map(|(message, span)| Violation {
                message: message.clone(),
                span: *span,
            })
            .collect();
        let started = std::time::Instant::now();
        if validate && let Some(standard) = Standard::detect(&converted.value) {
            let found = standard::check(&converted.value, standard);
            violations.extend(standard::place_with(found, |f| converted.span(&f.pointer)));
        }
        loaded.validation += started.elapsed();
        loaded.violations = violations;
        if let Err(problem) = spdx::read(Positions::Tags(&converted), &converted.value, loaded) {
            loaded.problem = Some((problem, Span::default()));
        }
        return None;
    }
    if let Some(format) = unsupported_format(trimmed) {
        loaded.problem = Some((
            format!(
                "this is {format}, which dossier does not read; it reads {SUPPORTED}: convert the \
                 SBOM (for example with the SPDX tools, `pyspdxtools -i FILE -o FILE.spdx.json`, or \
                 the CycloneDX CLI) and point `path:` at the converted file"
            ),
            Span::default(),
        ));
        return None;
    }
    if trimmed.starts_with('<') {
        match cyclonedx_xml::to_json(text) {
            Ok(value) => {
                let started = std::time::Instant::now();
                if validate && let Some(standard) = Standard::detect(&value) {
                    loaded.violations = standard::validate_converted_xml(text, &value, standard);
                }
                loaded.validation += started.elapsed();
                // The SBOM's own statements and components, as from JSON.
                let (result, embedded) = read_json(text, &value, loaded);
                match result {
                    Ok(()) => return embedded,
                    Err(problem) => loaded.problem = Some((problem, Span::default())),
                }
            }
            Err(problem) => loaded.problem = Some(problem),
        }
        return None;
    }
    // The keys that pick the document's validator are read from the text while it parses.
    let (parsed, keys) = rayon::join(
        || serde_json::from_str::<serde_json::Value>(text),
        || validate.then(|| standard::DocumentKeys::of(text)),
    );
    let value = match parsed {
        Ok(v) => v,
        Err(err) => {
            let index = LineIndex::new(text);
            let offset = index.offset(text, err.line() as u32, err.column() as u32);
            let span = Span {
                offset: offset as u32,
                len: 0,
                line: err.line() as u32,
                column: err.column() as u32,
            };
            loaded.problem = Some((format!("the SBOM is not valid JSON: {err}"), span));
            return None;
        }
    };
    // Validating and reading are independent; on a large SBOM each takes about as long as
    // the other, so they run side by side.
    let ((violations, took), (result, embedded)) = rayon::join(
        || {
            let started = std::time::Instant::now();
            let violations = keys
                .as_ref()
                .and_then(|keys| Some((keys, Standard::detect(&value)?)))
                .map(|(keys, standard)| standard::validate_keyed(text, &value, standard, keys))
                .unwrap_or_default();
            (violations, started.elapsed())
        },
        || {
            let read = read_json(text, &value, loaded);
            loaded.index = ComponentIndex::new(&loaded.components);
            read
        },
    );
    loaded.violations = violations;
    loaded.validation += took;
    match result {
        Ok(()) => embedded,
        Err(problem) => {
            loaded.problem = Some((problem, Span::default()));
            None
        }
    }
}

/// Reads a JSON SBOM of any format into `loaded`; a CycloneDX SBOM's own `vulnerabilities`
/// come back as a VEX document.
fn read_json(
    text: &str,
    value: &serde_json::Value,
    loaded: &mut LoadedSbom,
) -> (Result<(), String>, Option<VexDocument>) {
    if value.get("bomFormat").and_then(|f| f.as_str()) == Some("CycloneDX") {
        let statements = value
            .get("vulnerabilities")
            .and_then(|v| v.as_array())
            .is_some_and(|v| !v.is_empty());
        let embedded = statements.then(|| {
            let version = value
                .get("specVersion")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            crate::vex::read_embedded(text, value, version)
        });
        (cyclonedx::read(text, value, loaded), embedded)
    } else if value.get("spdxVersion").is_some() {
        (spdx::read(Positions::Json(text), value, loaded), None)
    } else if value.get("@context").is_some() {
        (spdx3::read(text, value, loaded), None)
    } else {
        (
            Err("the file is neither CycloneDX JSON (`bomFormat`), SPDX 2 JSON (`spdxVersion`) nor SPDX 3 JSON-LD (`@context`)"
                .to_string()),
            None,
        )
    }
}

/// Fills what the SBOM lacks from the artifact's addendum.
fn apply_addendum(sbom: &crate::model::Sbom, loaded: &mut LoadedSbom) {
    for (n, entry) in sbom.addendum.iter().enumerate() {
        let found = loaded.index.named(&entry.component.value);
        let Some(component) = found.and_then(|i| loaded.components.get_mut(i)) else {
            if loaded.problem.is_none() {
                loaded.unmatched_addendum.push(n);
            }
            continue;
        };
        if component.origin.is_none() {
            component.origin = entry.origin.clone();
        }
        if component.level_of_support.is_none() {
            component.level_of_support = entry.level_of_support.clone();
        }
        if component.end_of_support.is_none() {
            component.end_of_support = entry.end_of_support.clone();
        }
        if component.support_justification.is_none() {
            component.support_justification = entry.justification.clone();
        }
    }
}

/// Whether an SBOM component is the one a VEX statement names: by reference, by purl, or by
/// package and version (purls differ in case and qualifiers between tools).
pub fn names_component(component: &Component, key: &str) -> bool {
    let key = key.trim();
    if key.is_empty() {
        return false;
    }
    if is_named(component, key) {
        return true;
    }
    if let (Some(purl), true) = (&component.purl, key.starts_with("pkg:"))
        && let (Ok(a), Ok(b)) = (crate::purl::parse(&purl.value), crate::purl::parse(key))
    {
        let trim = |v: &Option<String>| {
            v.as_deref()
                .map(|v| v.trim_start_matches(['v', 'V']).to_string())
        };
        return a.key == b.key && (b.version.is_none() || trim(&a.version) == trim(&b.version));
    }
    false
}

/// Whether `key` is the component's reference, purl or `name@version`, exactly.
fn is_named(component: &Component, key: &str) -> bool {
    component.bom_ref.value == key
        || component.purl.as_ref().is_some_and(|p| p.value == key)
        || matches!((&component.name, &component.version), (Some(n), Some(v)) if format!("{}@{}", n.value, v.value) == key)
}

/// Matches every VEX statement to the SBOM component it names, and notes statements about
/// another product.
fn match_vex(loaded: &mut LoadedSbom) {
    let root = loaded.root_component().cloned();
    for vex in &mut loaded.vex {
        vex.components = vex
            .doc
            .statements
            .iter()
            .map(|s| loaded.index.naming(&s.component))
            .collect();
        for (n, statement) in vex.doc.statements.iter().enumerate() {
            if let (Some(product), Some(root)) = (&statement.product, &root)
                && !names_component(root, product)
            {
                vex.other_product.push((n, product.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Depth, LoadedSbom, read};

    /// A CycloneDX 1.6 SBOM with one component and one breach of the schema (a component
    /// type the standard does not have).
    const BROKEN: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "components": [{"type": "gadget", "name": "zlib", "version": "1.3.1"}]}"#;

    #[test]
    fn a_components_read_skips_the_standard_but_not_the_components() {
        let mut full = LoadedSbom::default();
        read(BROKEN, &mut full, Depth::Full);
        assert!(!full.violations.is_empty(), "the full read validates");
        let mut components = LoadedSbom::default();
        read(BROKEN, &mut components, Depth::Components);
        assert!(components.violations.is_empty(), "no validation");
        assert_eq!(components.components.len(), 1);
        assert_eq!(components.components[0].name, full.components[0].name);
        assert_eq!(components.components[0].version, full.components[0].version);
    }
}

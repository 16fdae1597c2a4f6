//! The dossier the server serves: the files as read from disk, the editor's unsaved texts
//! laid over them, and the last check of the two together.
//!
//! Why keep the files read from disk apart from the check: a check adds the SBOMs and VEX
//! documents it reads to its source set, so each check starts again from the files as
//! loaded, with the open documents' texts in place of theirs. The Git history is walked
//! once, when the dossier is loaded (and again on save): the history rules read it while the
//! user types, without a walk per keystroke.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::source::SourceSet;
use crate::{AsOf, CheckOptions, Checked, Fatal};

/// One dossier, as the editor sees it.
pub struct Workspace {
    /// The folder that holds `dossier.yaml` (as given, and with links resolved).
    pub root: PathBuf,
    canonical: PathBuf,
    /// The files as read from disk, before any check.
    base: SourceSet,
    /// The manifest as read from disk, and its problems.
    config: Config,
    config_problems: Vec<Diagnostic>,
    /// The editor's texts of the open documents, by path relative to the root.
    open: BTreeMap<String, String>,
    /// The date the time-based rules evaluate at.
    as_of: AsOf,
    /// The last check.
    pub checked: Checked,
    /// What completion offers, from the last check in which every open document parsed
    /// (so that a file being typed into still completes while it does not parse).
    index: CompletionIndex,
    /// Each file's last parse: a keystroke re-parses only the file it changed.
    cache: crate::parse::ParseCache,
    /// The prior release the manifest names, as read by the last check that read it.
    prior: Option<std::sync::Arc<crate::prior::Snapshot>>,
}

impl Workspace {
    /// Loads the dossier at `root` and checks it.
    pub fn load(root: &Path, as_of: AsOf) -> Result<Workspace, Fatal> {
        let (mut base, config, config_problems) = crate::read_working_tree(root)?;
        let open = BTreeMap::new();
        let mut cache = crate::parse::ParseCache::default();
        let checked = check(
            &base,
            &open,
            (&config, &config_problems),
            as_of,
            &mut cache,
            None,
        );
        // The history the first check walked (and the prior release it read) serve every
        // later one until a save.
        base.history = checked.sources.history.clone();
        let prior = checked.prior_snapshot.clone();
        let index = CompletionIndex::of(&checked);
        Ok(Workspace {
            root: root.to_path_buf(),
            canonical: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            base,
            config,
            config_problems,
            open,
            as_of,
            checked,
            index,
            cache,
            prior,
        })
    }

    /// Reads the dossier from disk again (a file was saved): new files, the history.
    pub fn reload(&mut self) -> Result<(), Fatal> {
        let (mut base, config, config_problems) = crate::read_working_tree(&self.root)?;
        base.history = None;
        self.cache = crate::parse::ParseCache::default();
        self.checked = check(
            &base,
            &self.open,
            (&config, &config_problems),
            self.as_of,
            &mut self.cache,
            None,
        );
        base.history = self.checked.sources.history.clone();
        self.prior = self.checked.prior_snapshot.clone();
        (self.base, self.config, self.config_problems) = (base, config, config_problems);
        if !self.open_document_broken(&self.checked) {
            self.index = CompletionIndex::of(&self.checked);
        }
        Ok(())
    }

    /// Checks the dossier again with the open documents' texts (the history as walked
    /// when the dossier was loaded).
    pub fn recheck(&mut self) {
        // The previous check goes first: two checks at once would double the memory.
        // (Its parts that hold the dossier are emptied; the rest is small.)
        self.checked.artifacts = Vec::new();
        self.checked.graph = crate::graph::Graph::default();
        self.checked.sources = SourceSet::default();
        self.checked.sboms = Vec::new();
        self.checked.diagnostics = Vec::new();
        self.checked.supply = crate::supply::Index::default();
        let problems = (&self.config, self.config_problems.as_slice());
        self.checked = check(
            &self.base,
            &self.open,
            problems,
            self.as_of,
            &mut self.cache,
            self.prior.as_ref(),
        );
        if !self.open_document_broken(&self.checked) {
            self.index = CompletionIndex::of(&self.checked);
        }
    }

    /// Whether a check found an open document that does not parse.
    fn open_document_broken(&self, checked: &Checked) -> bool {
        checked.diagnostics.iter().any(|d| {
            d.code.starts_with("PARSE-")
                && d.primary
                    .as_ref()
                    .is_some_and(|p| self.open.contains_key(&checked.sources.file(p.file).path))
        })
    }

    /// What completion offers: the last check's IDs, or, while an open document does not
    /// parse, those from before it broke.
    pub fn index(&self) -> &CompletionIndex {
        &self.index
    }

    /// The path of a file relative to the root, if it is inside the dossier.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let canonical = path.canonicalize().ok().or_else(|| {
            // A file not on disk yet: its folder's canonical form.
            Some(path.parent()?.canonicalize().ok()?.join(path.file_name()?))
        })?;
        let rel = canonical.strip_prefix(&self.canonical).ok()?;
        let text = rel.to_str()?.replace('\\', "/");
        (!text.is_empty()).then_some(text)
    }

    /// The absolute path of a file of the dossier.
    pub fn absolute(&self, rel: &str) -> PathBuf {
        self.canonical.join(rel)
    }

    /// Sets the editor's text of a document (opened or changed).
    pub fn set_text(&mut self, rel: String, text: String) {
        self.open.insert(rel, text);
    }

    /// The open documents, by path relative to the root.
    pub fn open_documents(&self) -> impl Iterator<Item = &str> {
        self.open.keys().map(String::as_str)
    }

    /// Forgets the editor's text of a document (closed): the file on disk counts again.
    pub fn close(&mut self, rel: &str) {
        self.open.remove(rel);
    }

    /// The text of a file as the last check read it (the editor's text when it is open).
    pub fn text(&self, file: usize) -> &str {
        &self.checked.sources.file(file).text
    }

    /// The files of the dossier a rename may edit: the manifest and the artifact files (not
    /// the SBOM and VEX documents a check reads later: those are the suppliers' words).
    pub fn dossier_files(&self) -> std::ops::Range<usize> {
        0..self.base.files.len().min(self.checked.sources.files.len())
    }

    /// The file index of a path relative to the root, in the last check.
    pub fn file_index(&self, rel: &str) -> Option<usize> {
        self.checked
            .sources
            .files
            .iter()
            .position(|f| f.path == rel)
    }
}

/// Checks the files read from disk with the open documents' texts in place of theirs (the
/// manifest read again when it is one of them).
fn check(
    base: &SourceSet,
    open: &BTreeMap<String, String>,
    (config, problems): (&Config, &[Diagnostic]),
    as_of: AsOf,
    cache: &mut crate::parse::ParseCache,
    prior: Option<&std::sync::Arc<crate::prior::Snapshot>>,
) -> Checked {
    let mut sources = base.clone();
    for (rel, text) in open {
        if let Some(file) = sources.files.iter_mut().find(|f| f.path == *rel) {
            file.text = text.clone();
            file.problem = None;
        }
    }
    let (config, problems) = if open.contains_key(crate::source::MANIFEST) {
        crate::load_config(&sources.files[0].text)
    } else {
        (config.clone(), problems.to_vec())
    };
    let options = CheckOptions {
        as_of,
        only: None,
        history: base.history.clone(),
        rev: None,
        advisories: None,
        change_lists: None,
        prior: prior.cloned(),
    };
    crate::check_sources_cached(sources, config, problems, &options, Some(cache))
}

/// What completion needs of a check, small enough to keep beside the next one: each
/// artifact's ID, kind, title, status and where its `id:` is, and the kinds each link field
/// of a kind names in the dossier.
#[derive(Debug, Default)]
pub struct CompletionIndex {
    /// Every artifact, in the check's order.
    pub artifacts: Vec<IndexEntry>,
    /// By (kind, field): the kinds its links may name.
    pub field_kinds: BTreeMap<(&'static str, &'static str), Vec<crate::model::Kind>>,
}

/// One artifact in a [`CompletionIndex`].
#[derive(Debug)]
pub struct IndexEntry {
    pub id: String,
    pub kind: crate::model::Kind,
    pub title: String,
    /// Not superseded or obsolete.
    pub current: bool,
    /// Its file and the byte offset of its `id:` value.
    pub file: usize,
    pub offset: u32,
}

impl CompletionIndex {
    /// The index of a check.
    pub fn of(checked: &Checked) -> CompletionIndex {
        let mut field_kinds: BTreeMap<(&'static str, &'static str), Vec<crate::model::Kind>> =
            BTreeMap::new();
        for a in &checked.artifacts {
            for link in a.links() {
                let kinds = field_kinds
                    .entry((a.kind().as_str(), link.field))
                    .or_default();
                for k in link.rel.targets() {
                    if !kinds.contains(k) {
                        kinds.push(*k);
                    }
                }
            }
        }
        CompletionIndex {
            artifacts: checked
                .artifacts
                .iter()
                .map(|a| IndexEntry {
                    id: a.id().to_string(),
                    kind: a.kind(),
                    title: a.envelope.title.value.clone(),
                    current: !a.envelope.status.value.is_retired(),
                    file: a.file,
                    offset: a.envelope.id.span.offset,
                })
                .collect(),
            field_kinds,
        }
    }
}

//! The PDF submission, compiled by typst inside the binary.
//!
//! The typst `World` serves exactly four things: the templates (embedded, or the dossier's
//! own under `templates/typst/`), the fonts embedded by typst-assets (never system fonts),
//! the model as `/.dossier/data.json`, and files inside the dossier (diagrams). Package
//! imports and paths outside the dossier are refused, and the document date is the build
//! date, never the clock.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::Fatal;
use crate::model::Date;

/// The embedded templates, by path under `templates/typst/`.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "submission.typ",
        include_str!("../../templates/typst/submission.typ"),
    ),
    (
        "iec-81001-5-1.typ",
        include_str!("../../templates/typst/iec-81001-5-1.typ"),
    ),
];

/// Virtual path of the model inside the world.
const DATA_PATH: &str = "/.dossier/data.json";
/// Virtual path of the part being rendered (`null` for the whole submission; an eSTAR
/// attachment's slot otherwise), so every attachment shares the one model's bytes.
const PART_PATH: &str = "/.dossier/part.json";

/// Where templates and dossier files come from.
#[derive(Clone)]
pub struct Inputs {
    /// The model, as JSON bytes (shared by the submission and its eSTAR attachments).
    pub data: std::sync::Arc<Vec<u8>>,
    /// The part rendered, as JSON bytes: `null`, or an eSTAR slot ([`super::estar`]).
    pub part: Vec<u8>,
    /// Where the dossier's files are read from (a folder, or a Git revision), for diagrams
    /// and template overrides.
    pub backing: crate::source::Backing,
    /// Every file of the dossier (relative paths): nothing else is ever read.
    pub inventory: std::collections::BTreeSet<String>,
    /// The document date.
    pub date: Date,
    /// The fonts ([`fonts`]).
    pub fonts: Vec<Font>,
    /// Paths as the model shows them, to the real path ([`Typesettable::aliases`]).
    pub aliases: BTreeMap<String, String>,
}

/// Fallback fonts embedded in the binary (`vendor/fonts/`, with their licences): scripts
/// and symbols typst's own fonts do not cover, so that any text a dossier holds prints.
/// typst falls back through every font of the book for a character its chosen font lacks.
const FALLBACK_FONTS: &[&[u8]] = &[
    include_bytes!("../../vendor/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansTamil-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansTelugu-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansKannada-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansMalayalam-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansGujarati-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansGurmukhi-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansSinhala-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansThai-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansLao-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansKhmer-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansMyanmar-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansArmenian-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansGeorgian-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansEthiopic-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansSymbols-Regular.ttf"),
    include_bytes!("../../vendor/fonts/NotoSansSymbols2-Regular.ttf"),
    include_bytes!("../../vendor/fonts/DroidSansFallbackFull.ttf"),
    include_bytes!("../../vendor/fonts/NanumSquareR.ttf"),
    include_bytes!("../../vendor/fonts/NotoColorEmoji.ttf"),
];

/// The largest font file a dossier may add.
const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The fonts the PDF is typeset with: typst's embedded fonts, the embedded fallbacks, then
/// the fonts in the dossier's own `fonts:` folder (never the system's, so every machine makes
/// the same PDF). A dossier font that cannot be read or parsed is reported and skipped.
pub fn fonts(sources: &crate::source::SourceSet, folder: Option<&str>) -> (Vec<Font>, Vec<String>) {
    let mut fonts: Vec<Font> = typst_assets::fonts()
        .chain(FALLBACK_FONTS.iter().copied())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    let mut problems = Vec::new();
    let Some(folder) = folder.and_then(crate::source::normalise) else {
        return (fonts, problems);
    };
    let prefix = format!("{folder}/");
    for rel in sources.inventory.iter().filter(|p| p.starts_with(&prefix)) {
        let lower = rel.to_ascii_lowercase();
        if !(lower.ends_with(".ttf") || lower.ends_with(".otf") || lower.ends_with(".ttc")) {
            continue;
        }
        match sources.backing.read(rel) {
            Ok(bytes) if bytes.len() as u64 > MAX_FONT_BYTES => problems.push(format!(
                "{rel}: the font is larger than {} MiB",
                MAX_FONT_BYTES / (1024 * 1024)
            )),
            Ok(bytes) => {
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(bytes)));
                if fonts.len() == before {
                    problems.push(format!("{rel}: not a font typst can read"));
                }
            }
            Err(e) => problems.push(format!("{rel}: {e}")),
        }
    }
    (fonts, problems)
}

/// What [`typesettable`] changed.
#[derive(Debug, Default)]
pub struct Typesettable {
    /// Characters no embedded font can draw, shown as `\u{…}` escapes instead.
    pub missing: std::collections::BTreeSet<char>,
    /// Unprintable characters (controls, bidirectional overrides), shown as escapes.
    pub unprintable: std::collections::BTreeSet<char>,
    /// File paths whose text changed, to the real path (so `image()` still finds them).
    pub aliases: BTreeMap<String, String>,
}

/// Whether a character needs no glyph of its own: whitespace and the default-ignorable
/// joiners and selectors that shape with their neighbours (emoji sequences, soft hyphens).
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// Makes every string of the model typesettable, so a `build` never fails on text that
/// `check` accepted: control characters and bidirectional overrides become visible escapes
/// (`\u{1b}`; they are never passed to typst), and so does any character that none of the
/// embedded fonts can draw (PDF/A forbids a missing glyph). Line breaks and tabs stay.
pub fn typesettable(model: &mut serde_json::Value, fonts: &[Font]) -> Typesettable {
    let mut result = Typesettable::default();
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut drawable = |c: char| -> bool {
        if c.is_ascii_graphic() || needs_no_glyph(c) {
            return true;
        }
        *known
            .entry(c)
            .or_insert_with(|| fonts.iter().any(|f| f.info().coverage.contains(c as u32)))
    };
    let mut fix = |text: &str, result: &mut Typesettable| -> Option<String> {
        if text
            .chars()
            .all(|c| !crate::diag::is_unprintable(c) && drawable(c))
        {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if crate::diag::is_unprintable(c) {
                result.unprintable.insert(c);
                out.extend(c.escape_unicode());
            } else if !drawable(c) {
                result.missing.insert(c);
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        Some(out)
    };
    let mut stack = vec![model];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(text) => {
                if let Some(fixed) = fix(text, &mut result) {
                    // The form the template reads a path by (`file()`: typst refuses
                    // backslashes in paths), and the form it shows.
                    result
                        .aliases
                        .insert(fixed.replace('\\', "%5C"), text.clone());
                    result.aliases.insert(fixed.clone(), text.clone());
                    *text = fixed;
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            serde_json::Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
    result
}

/// Images the PDF would show that typst cannot decode (a corrupt file behind a valid
/// header), with why: decoded here first, so such an image is left out with a warning
/// instead of failing the build. Decoding is memoized by typst, so the PDF does not decode
/// them again.
pub fn undecodable_images(checked: &crate::Checked) -> Vec<(String, String)> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    let mut shown = std::collections::BTreeSet::new();
    for artifact in &checked.artifacts {
        for (path, _) in crate::parse::image::shown(artifact) {
            if let Some(rel) = crate::source::normalise(&path)
                && checked.sources.inventory.contains(&rel)
                && !checked.refused_images.contains(&rel)
            {
                shown.insert(rel);
            }
        }
    }
    let mut bad = Vec::new();
    for rel in shown {
        let lower = rel.to_ascii_lowercase();
        let Ok(bytes) = checked.sources.backing.read(&rel) else {
            continue;
        };
        let bytes = Bytes::new(bytes);
        let result = if lower.ends_with(".svg") {
            SvgImage::new(bytes).map(|_| ()).map_err(|e| {
                // typst's load error shows its message only through Debug.
                let debug = format!("{e:?}");
                debug
                    .split_once("message: \"")
                    .and_then(|(_, rest)| rest.rsplit_once('"'))
                    .map(|(message, _)| message.to_string())
                    .unwrap_or(debug)
            })
        } else if let Some(format) = ExchangeFormat::detect(&bytes) {
            RasterImage::plain(bytes, format)
                .map(|_| ())
                .map_err(|e| e.to_string())
        } else {
            continue;
        };
        if let Err(why) = result {
            bad.push((rel, why));
        }
    }
    bad
}

/// A typst world over one dossier.
struct DossierWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    inputs: Inputs,
    sources: Mutex<HashMap<FileId, Source>>,
}

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|v| RootedPath::new(VirtualRoot::Project, v).intern())
}

impl DossierWorld {
    /// A world whose main file is the template `main` (a name under `templates/typst/`).
    fn new(mut inputs: Inputs, main: &str) -> Result<Self, Fatal> {
        let fonts = std::mem::take(&mut inputs.fonts);
        let main = file_id(&format!("/templates/typst/{main}"))
            .ok_or_else(|| Fatal::new("internal: bad template path"))?;
        Ok(DossierWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            inputs,
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// The dossier-relative path of a file ID, refusing packages.
    fn relative(&self, id: FileId) -> FileResult<String> {
        let rooted = id.get();
        if matches!(rooted.root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some(
                "dossier templates cannot import typst packages".into(),
            )));
        }
        Ok(rooted
            .vpath()
            .get_with_slash()
            .trim_start_matches('/')
            .to_string())
    }

    /// Reads a file of the dossier, only if the dossier holds it.
    fn dossier_file(&self, rel: &str) -> FileResult<Vec<u8>> {
        let rel = match self.inputs.aliases.get(rel) {
            Some(real) if !self.inputs.inventory.contains(rel) => real.as_str(),
            _ => rel,
        };
        let path = PathBuf::from(rel);
        if !self.inputs.inventory.contains(rel) {
            return Err(FileError::NotFound(path));
        }
        self.inputs
            .backing
            .read(rel)
            .map_err(|e| FileError::Other(Some(e.into())))
    }

    fn text(&self, id: FileId) -> FileResult<String> {
        let rel = self.relative(id)?;
        if let Some(name) = rel.strip_prefix("templates/typst/") {
            // A dossier's own template overrides the embedded one of the same name.
            if self.inputs.inventory.contains(&rel) {
                let bytes = self.dossier_file(&rel)?;
                return String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8);
            }
            if let Some((_, text)) = TEMPLATES.iter().find(|(n, _)| *n == name) {
                return Ok((*text).to_string());
            }
        }
        let bytes = self.dossier_file(&rel)?;
        String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)
    }
}

impl World for DossierWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().map_err(|_| FileError::AccessDenied)?;
        if let Some(source) = cache.get(&id) {
            return Ok(source.clone());
        }
        let source = Source::new(id, self.text(id)?);
        cache.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let rel = self.relative(id)?;
        if format!("/{rel}") == DATA_PATH {
            return Ok(Bytes::new(self.inputs.data.to_vec()));
        }
        if format!("/{rel}") == PART_PATH {
            return Ok(Bytes::new(self.inputs.part.clone()));
        }
        if rel.starts_with("templates/typst/") {
            return self.text(id).map(|t| Bytes::new(t.into_bytes()));
        }
        self.dossier_file(&rel).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let d = self.inputs.date.0;
        Datetime::from_ymd(i32::from(d.year()), d.month() as u8, d.day() as u8)
    }
}

/// Turns typst diagnostics into one message naming file, line and what went wrong.
fn describe(world: &DossierWorld, diags: &[SourceDiagnostic]) -> String {
    let mut out = Vec::new();
    for d in diags.iter().filter(|d| d.severity == TypstSeverity::Error) {
        let place = d
            .span
            .id()
            .and_then(|id| {
                let source = world.source(id).ok()?;
                let range = world.range(d.span)?;
                let line = source.lines().byte_to_line(range.start)? + 1;
                let path = world.relative(id).ok()?;
                Some(format!("{path}:{line}: "))
            })
            .unwrap_or_default();
        let hints: String = d
            .hints
            .iter()
            .map(|h| format!(" (hint: {})", h.v))
            .collect();
        out.push(format!("{place}{}{hints}", d.message));
    }
    if out.is_empty() {
        "typst reported an error without a message".to_string()
    } else {
        out.join("\n")
    }
}

/// How often memoized layout results are aged while the submission compiles.
const EVICT_EVERY: std::time::Duration = std::time::Duration::from_millis(100);
/// Results unused for this many ticks are dropped.
const EVICT_AGE: usize = 1;

/// A laid-out document and the world it was compiled in (whose sources name the lines of any
/// export diagnostic). The submission is laid out once; its PDF and every eSTAR attachment
/// cut from its pages are exported from it.
pub struct Laid {
    /// The pages, with their introspector.
    pub document: PagedDocument,
    world: DossierWorld,
}

/// Lays out the template with `inputs` (the submission, or with a part, the eSTAR covers
/// and answer sheet).
pub fn lay_out(inputs: Inputs) -> Result<Laid, Fatal> {
    lay_out_template(inputs, "submission.typ")
}

/// Lays out another template of `templates/typst/` (a conformity view) over its own model
/// in `inputs.data`, in the same world: the same fonts, the same dossier files, the same
/// document date, the same refusal of packages.
pub fn lay_out_template(inputs: Inputs, template: &str) -> Result<Laid, Fatal> {
    let world = DossierWorld::new(inputs, template)?;
    let done = std::sync::atomic::AtomicBool::new(false);
    let warned = std::thread::scope(|scope| {
        // typst memoizes every layout result for the whole compilation, and a large
        // submission is laid out several times (until links and page numbers settle): at
        // 10,000 artifacts the stale results of earlier passes held gigabytes. Results that
        // have not been used for a few ticks are dropped while it compiles; memoization is
        // transparent, so the PDF is the same bytes, only the memory is bounded.
        let evictor = scope.spawn(|| {
            loop {
                std::thread::park_timeout(EVICT_EVERY);
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                typst::comemo::evict(EVICT_AGE);
            }
        });
        let warned = super::relayout::compile(&world);
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        evictor.thread().unpark();
        warned
    });
    // Nothing of this compilation is needed by the next: its memoized results go now.
    typst::comemo::evict(0);
    let document = warned.output.map_err(|diags| {
        Fatal::new(format!(
            "the PDF template failed:\n{}",
            describe(&world, &diags)
        ))
    })?;
    Ok(Laid { document, world })
}

impl Laid {
    /// Exports `document` (this one's pages, or pages cut from them) as PDF/A-3b bytes
    /// under the PDF identifier `ident`. `tagged`: whether the PDF carries its structure
    /// tree (the submission does; an attachment cut from its pages cannot, since a cut
    /// splits the tree).
    pub fn export(
        &self,
        document: &PagedDocument,
        ident: &str,
        tagged: bool,
    ) -> Result<Vec<u8>, Fatal> {
        let date = self.world.inputs.date;
        let timestamp = Datetime::from_ymd(
            i32::from(date.0.year()),
            date.0.month() as u8,
            date.0.day() as u8,
        )
        .map(Timestamp::new_utc);
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("dossier {}", env!("CARGO_PKG_VERSION")))),
            timestamp,
            // PDF/A-3b: PDF/A-2 forbids attaching files that are not PDF/A themselves, and
            // the submission carries its SBOMs, VEX documents and reports inside it.
            standards: PdfStandards::new(&[PdfStandard::A_3b])
                .map_err(|e| Fatal::new(format!("PDF/A: {e:?}")))?,
            tagged,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options).map_err(|diags| {
            Fatal::new(format!(
                "PDF export failed:\n{}",
                describe(&self.world, &diags)
            ))
        })
    }
}

/// Compiles the submission to PDF/A-3b bytes (with its evidence files attached).
pub fn render(inputs: Inputs, ident: &str) -> Result<Vec<u8>, Fatal> {
    let laid = lay_out(inputs)?;
    laid.export(&laid.document, ident, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_no_font_draws_becomes_an_escape() {
        let fonts: Vec<Font> = typst_assets::fonts()
            .chain(FALLBACK_FONTS.iter().copied())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let mut model = serde_json::json!({"a": ["日本 مضخة 🔒 \u{1b}[31m", "x\u{10FFFD}y"]});
        let changed = typesettable(&mut model, &fonts);
        assert_eq!(model["a"][0], "日本 مضخة 🔒 \\u{1b}[31m");
        assert_eq!(model["a"][1], "x\\u{10fffd}y");
        assert!(changed.missing.contains(&'\u{10FFFD}'));
        assert!(changed.unprintable.contains(&'\u{1b}'));
    }
}

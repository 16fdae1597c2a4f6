//! The layout loop: the document is laid out until what it asked about itself (page
//! numbers, link targets, heading numbers) no longer changes, keeping only the last pass.
//!
//! `typst::compile` keeps every earlier pass (up to four documents) until the layout settles,
//! for a diagnostic it prints only when the layout never settles. The submission settles in
//! three passes (heading numbers and links are known only from the second), so at its peak
//! it held two finished documents beside the one being laid out: at 10,000 artifacts with
//! 20,000 findings (1,161 pages), one document more than needed, in a build whose memory
//! budget is 2 GiB. This loop is the same iteration (evaluate once, lay out against the
//! previous pass, stop when the pass agrees with itself, at most five passes), holding one
//! previous pass. Its output is the same document, byte for byte.

use typst::World;
use typst::comemo::{Constraint, Track};
use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{EmptyIntrospector, Introspector};
use typst::utils::Protected;
use typst_layout::PagedDocument;

/// The most passes typst itself makes.
const MAX_PASSES: usize = 5;

/// Evaluates the world's main file and lays it out until it settles.
pub fn compile(world: &dyn World) -> Warned<SourceResult<PagedDocument>> {
    let mut sink = Sink::new();
    let output = passes(world, &mut sink);
    Warned {
        output,
        warnings: sink.warnings(),
    }
}

fn passes(world: &dyn World, sink: &mut Sink) -> SourceResult<PagedDocument> {
    let world = world.track();
    let traced = Traced::default();
    let traced = traced.track();
    let library = world.library();
    let base = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = base.chain(&target);
    let main = world.source(world.main()).map_err(|e| {
        typst::ecow::eco_vec![SourceDiagnostic::error(
            typst::syntax::Span::detached(),
            e.to_string()
        )]
    })?;
    let content = typst_eval::eval(
        world,
        library,
        traced,
        sink.track_mut(),
        Route::default().track(),
        &main,
    )?
    .content();
    let empty = EmptyIntrospector;
    let mut previous: Option<PagedDocument> = None;
    let mut pass = 1;
    loop {
        let introspector: &dyn Introspector = match &previous {
            Some(document) => document.introspector().as_ref(),
            None => &empty,
        };
        let constraint = Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(introspector.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = PagedDocument::create(&mut engine, &content, styles)?;
        // Settled when every question this pass asked of the previous one has the same
        // answer in this one; after the last pass allowed, this one stands.
        if constraint.validate(Output::introspector(&document)) || pass == MAX_PASSES {
            sink.extend_from_sink(subsink);
            let delayed = sink.delayed();
            if !delayed.is_empty() {
                return Err(delayed);
            }
            return Ok(document);
        }
        // The pass before is no longer needed: only this one answers the next.
        previous = Some(document);
        pass += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::diag::FileResult;
    use typst::foundations::{Bytes, Datetime};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt};

    /// A world of one source file and typst's embedded fonts.
    struct OneFile {
        library: LazyHash<Library>,
        book: LazyHash<FontBook>,
        fonts: Vec<Font>,
        source: Source,
    }

    impl OneFile {
        fn new(text: &str) -> Self {
            let fonts: Vec<Font> = typst_assets::fonts()
                .flat_map(|data| Font::iter(Bytes::new(data)))
                .collect();
            let id = RootedPath::new(
                VirtualRoot::Project,
                VirtualPath::new("/main.typ").expect("path"),
            )
            .intern();
            OneFile {
                library: LazyHash::new(Library::default()),
                book: LazyHash::new(FontBook::from_fonts(&fonts)),
                fonts,
                source: Source::new(id, text.to_string()),
            }
        }
    }

    impl World for OneFile {
        fn library(&self) -> &LazyHash<Library> {
            &self.library
        }
        fn book(&self) -> &LazyHash<FontBook> {
            &self.book
        }
        fn main(&self) -> FileId {
            self.source.id()
        }
        fn source(&self, id: FileId) -> FileResult<Source> {
            if id == self.source.id() {
                Ok(self.source.clone())
            } else {
                Err(typst::diag::FileError::AccessDenied)
            }
        }
        fn file(&self, _: FileId) -> FileResult<Bytes> {
            Err(typst::diag::FileError::AccessDenied)
        }
        fn font(&self, index: usize) -> Option<Font> {
            self.fonts.get(index).cloned()
        }
        fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
            Datetime::from_ymd(2026, 11, 30)
        }
    }

    #[test]
    fn the_loop_lays_out_what_typst_compile_does() {
        // Numbered headings, an outline, links to labels further on and the page count:
        // a document that settles only on its third pass.
        let world = OneFile::new(
            "#set heading(numbering: \"1.1\")\n#set page(footer: context [#counter(page).display() of #counter(page).final().first()])\n#outline()\n#pagebreak()\n= One <one>\nSee #link(<two>)[two] and @two.\n#for i in range(90) [Line #i.\\ ]\n= Two <two>\n== Two point one\nBack to #link(<one>)[one].\n",
        );
        let ours = compile(&world).output.expect("lays out");
        let theirs = typst::compile::<PagedDocument>(&world)
            .output
            .expect("lays out");
        assert!(ours.pages().len() >= 3);
        assert_eq!(
            typst::utils::hash128(&ours),
            typst::utils::hash128(&theirs),
            "the same pages"
        );
        // An error is still an error, with its place.
        let broken = OneFile::new("= Fine\n#link(<nowhere>)[x]\n");
        let errors = compile(&broken).output.expect_err("a missing label fails");
        assert!(errors.iter().any(|e| e.message.contains("nowhere")));
    }
}

//! Security architecture views: PMC §V.B.2 and Appendix 2.

mod arch_001;
mod arch_002;
mod arch_003;
mod arch_004;
mod arch_005;

pub use arch_001::ARCH_001;
pub use arch_002::ARCH_002;
pub use arch_003::ARCH_003;
pub use arch_004::ARCH_004;
pub use arch_005::ARCH_005;

use crate::model::ArchitectureView;
use crate::rules::{Emitter, RuleCtx, messages};

messages! {
    /// The findings of the view checks shared by ARCH-001 to ARCH-004.
    pub(crate) enum ViewMessage in VIEW_MESSAGES;
    /// A view with no diagram.
    NoDiagram { view: String } => "view {view} has no diagram";
    /// A view with no explanation, or an empty one.
    NoExplanation { view: String } => "view {view} has no explanation";
    /// A diagram file that is not in the dossier.
    MissingDiagram { path: String } => "diagram `{path}` is not in the dossier",
        help: "add the file, or correct the path (relative to dossier.yaml)";
}

/// Reports views of a type that lack a diagram or an explanation, or whose diagram files are
/// not in the dossier (shared by ARCH-001 to ARCH-004).
pub(crate) fn check_view_basics(
    ctx: &RuleCtx,
    out: &mut Emitter,
    views: &[(usize, &ArchitectureView)],
) {
    for &(i, view) in views {
        let id = ctx.artifact(i).id();
        if view.diagrams.is_empty() {
            out.report(
                i,
                view.view_type.span,
                ViewMessage::NoDiagram { view: id.into() },
            );
        }
        if view
            .explanation
            .as_ref()
            .is_none_or(|e| e.value.trim().is_empty())
        {
            out.report(
                i,
                view.view_type.span,
                ViewMessage::NoExplanation { view: id.into() },
            );
        }
        for diagram in &view.diagrams {
            if !ctx.has_file(&diagram.value) {
                out.report(
                    i,
                    diagram.span,
                    ViewMessage::MissingDiagram {
                        path: diagram.value.trim().into(),
                    },
                );
            }
        }
    }
}

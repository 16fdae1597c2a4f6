//! The manifest's rule codes (severity overrides and waivers), checked against the catalogue.
//! The manifest is read on a floor below the rules, so it keeps the codes as written and the
//! rules check what it names, writing each override under the rule's own code.

use crate::config::{CONFIG_CODE, Config};
use crate::diag::{Diagnostic, Severity};
use crate::model::Spanned;
use crate::parse::suggest;

/// Checks every rule code the manifest names against the catalogue: an override of an
/// unknown or retired rule is dropped, and it and a waiver naming one are CONFIG-001 findings.
pub fn resolve_manifest_codes(config: &mut Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (code, setting) in std::mem::take(&mut config.overrides) {
        match super::find(&code) {
            Some(rule) => {
                config.overrides.insert(rule.code.to_string(), setting);
            }
            None => diags.push(unknown_rule(&Spanned {
                value: code,
                span: setting.span,
            })),
        }
    }
    for waiver in &config.manifest.waivers {
        if super::find(&waiver.rule.value).is_none() {
            diags.push(unknown_rule(&waiver.rule));
        }
    }
    diags
}

fn config_error(
    span: crate::model::Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(CONFIG_CODE, Severity::Error, message)
        .at(0, span, "")
        .with_help(help)
}

fn unknown_rule(code: &Spanned<String>) -> Diagnostic {
    unknown_rule_in(code, super::RETIRED)
}

/// An unknown rule: a retired one is named as such, with the rules that replace it.
fn unknown_rule_in(code: &Spanned<String>, retired: &[super::Retired]) -> Diagnostic {
    if let Some(old) = super::find_retired(retired, &code.value) {
        let help = if old.redirect.is_empty() {
            "remove it: nothing checks this any more".to_string()
        } else {
            format!("name {} instead", old.redirect.join(" or "))
        };
        return config_error(code.span, old.notice(), help);
    }
    let codes: Vec<&str> = super::all().iter().map(|r| r.code).collect();
    let help = match suggest(&code.value, codes.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? `dossier rules` lists every rule"),
        None => "`dossier rules` lists every rule".to_string(),
    };
    config_error(code.span, format!("unknown rule `{}`", code.value), help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn a_retired_rule_points_to_its_successors() {
        let table = [super::super::Retired {
            code: "OLD-001",
            name: "old-check",
            since: "0.1.0",
            retired_in: "0.2.0",
            redirect: &["TRACE-001"],
            reason: "split into the trace rules",
        }];
        let named = |text: &str| Spanned {
            value: text.to_string(),
            span: Span::default(),
        };
        let diag = unknown_rule_in(&named("OLD-001"), &table);
        assert!(
            diag.message.contains("retired in dossier 0.2.0"),
            "{}",
            diag.message
        );
        assert!(
            diag.help
                .as_deref()
                .is_some_and(|h| h.contains("TRACE-001"))
        );
        // By name too; an unknown code stays unknown, with a suggestion.
        assert!(
            unknown_rule_in(&named("old-check"), &table)
                .message
                .contains("OLD-001")
        );
        let unknown = unknown_rule_in(&named("TRACE-00l"), &table);
        assert!(
            unknown.message.starts_with("unknown rule"),
            "{}",
            unknown.message
        );
        // A retired code is never given to a live rule.
        assert!(
            super::super::RETIRED
                .iter()
                .all(|r| super::super::find(r.code).is_none())
        );
    }
}

//! `dossier rules` and `dossier explain`: the catalogue, from the rules' own metadata.

use serde_json::json;

use crate::Fatal;
use crate::parse::suggest;
use crate::rules::{Rule, all, find};

use super::EXIT_OK;

/// Output format of the catalogue commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    /// Plain text.
    Text,
    /// JSON.
    Json,
    /// A Markdown table (`rules` only; `explain` prints Markdown already).
    Markdown,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule code, for example TRACE-001.
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// Explain every rule.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

/// The JSON description of a rule.
pub fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "citation": rule.citation,
        "fix_hint": rule.fix_hint,
        "summary": rule.summary(),
        "explanation": rule.explanation_text(),
    })
}

/// The text table of every rule.
pub fn rules_table() -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<11} {:<8} {:<28} {}\n",
        "CODE", "SEVERITY", "NAME", "CITATION"
    ));
    for rule in all() {
        out.push_str(&format!(
            "{:<11} {:<8} {:<28} {}\n",
            rule.code,
            rule.severity.as_str(),
            rule.name,
            rule.citation
        ));
    }
    out.push_str("\n`dossier explain CODE` says what a rule checks, why, and how to fix it.\n");
    out
}

/// The text explanation of a rule.
pub fn explanation(rule: &Rule) -> String {
    format!(
        "{} {} ({})\ncites: {}\nfix: {}\n\n{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.citation,
        rule.fix_hint,
        rule.explanation_text()
    )
}

/// Runs `rules`.
pub fn run_rules(args: RulesArgs) -> Result<u8, Fatal> {
    match args.format {
        CatalogFormat::Text => print!("{}", rules_table()),
        CatalogFormat::Markdown => print!("{}", crate::rules::markdown_table()),
        CatalogFormat::Json => {
            let list: Vec<_> = all().iter().map(|r| rule_json(r)).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
    }
    Ok(EXIT_OK)
}

/// Runs `explain`.
pub fn run_explain(args: ExplainArgs) -> Result<u8, Fatal> {
    let rules: Vec<&Rule> = if args.all {
        all().to_vec()
    } else {
        let code = args.code.unwrap_or_default();
        match find(&code) {
            Some(rule) => vec![rule],
            None => {
                let codes = all().iter().map(|r| r.code);
                let hint = match suggest(&code, codes) {
                    Some(best) => format!("; did you mean {best}?"),
                    None => String::new(),
                };
                return Err(Fatal::new(format!(
                    "no rule {code}{hint} (`dossier rules` lists them all)"
                )));
            }
        }
    };
    match args.format {
        CatalogFormat::Text | CatalogFormat::Markdown => {
            let texts: Vec<String> = rules.iter().map(|r| explanation(r)).collect();
            print!("{}", texts.join("\n"));
        }
        CatalogFormat::Json => {
            let list: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
            let value = if list.len() == 1 && !args.all {
                list[0].clone()
            } else {
                json!(list)
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    Ok(EXIT_OK)
}

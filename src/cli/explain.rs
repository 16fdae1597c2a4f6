//! `dossier rules` and `dossier explain`: the catalogue, from the rules' own metadata.

use serde_json::json;

use crate::Fatal;
use crate::config::Profile;
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
    /// Show only the rules that apply to a submission profile.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// A dossier folder: show the rules in effect for it (its profile and severity overrides).
    pub dir: Option<std::path::PathBuf>,
    /// Read the dossier's manifest at this Git revision.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// The manifest of the dossier `rules` was pointed at, if any.
fn dossier_config(args: &RulesArgs) -> Result<Option<crate::config::Config>, Fatal> {
    if args.dir.is_none() && args.rev.is_none() {
        return Ok(None);
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let text = match &args.rev {
        Some(rev) => {
            let bytes =
                crate::source::git::GitRepo::open(&dir)?.file_at(rev, crate::source::MANIFEST)?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        None => {
            let path = dir.join(crate::source::MANIFEST);
            let cannot = |e: String| {
                Fatal::new(format!(
                    "cannot read {}: {e}; point dossier at the folder that holds dossier.yaml",
                    path.display()
                ))
            };
            let jail =
                crate::source::confine::Jail::new(&dir).map_err(|e| cannot(e.to_string()))?;
            let bytes = jail
                .read(&path, crate::source::MAX_FILE_BYTES)
                .map_err(|e| cannot(e.to_string()))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    Ok(Some(crate::load_config(&text).0))
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule's code or name, for example TRACE-001 or broken-trace.
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
        "profiles": rule.profiles.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "status": rule.status,
        "since": rule.since,
        "explanation": rule.explanation_text(),
        "messages": rule.message_templates().collect::<Vec<_>>(),
    })
}

/// Rows as columns padded to their widest cell (the last column unpadded), so the table
/// lines up whatever the longest code or name.
fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The text table of some rules.
pub fn rules_table(rules: &[&Rule]) -> String {
    let mut rows = vec![vec![
        "CODE".to_string(),
        "SEVERITY".into(),
        "NAME".into(),
        "PROFILES".into(),
        "STATUS".into(),
        "CITATION".into(),
    ]];
    for rule in rules {
        let profiles: Vec<&str> = rule.profiles.iter().map(|p| p.as_str()).collect();
        rows.push(vec![
            rule.code.to_string(),
            rule.severity.as_str().to_string(),
            rule.name.to_string(),
            profiles.join(","),
            rule.status.as_str().to_string(),
            rule.citation.to_string(),
        ]);
    }
    let mut out = aligned(&rows);
    out.push_str(
        "\n`dossier explain CODE` (or NAME) says what a rule checks, why, and how to fix it.\n",
    );
    out
}

/// The text explanation of a rule.
pub fn explanation(rule: &Rule) -> String {
    format!(
        "{} {} ({}; {} since {})\ncites: {}\nfix: {}\n\n{}{}",
        rule.code,
        rule.name,
        rule.severity,
        rule.status.as_str(),
        rule.since,
        rule.citation,
        rule.fix_hint,
        rule.explanation_text(),
        match rule.messages_markdown() {
            m if m.is_empty() => m,
            m => format!("\n{m}"),
        }
    )
}

/// Runs `rules`.
pub fn run_rules(args: RulesArgs) -> Result<u8, Fatal> {
    let config = dossier_config(&args)?;
    let profile = args.profile.or(config.as_ref().map(|c| c.profile));
    let rules: Vec<&Rule> = all()
        .iter()
        .copied()
        .filter(|r| profile.is_none_or(|p| r.applies_to(p)))
        .collect();
    if let Some(config) = &config {
        return Ok(print_effective(&rules, config, args.format));
    }
    match args.format {
        CatalogFormat::Text => print!("{}", rules_table(&rules)),
        CatalogFormat::Markdown => print!("{}", crate::rules::markdown_table()),
        CatalogFormat::Json => {
            let list: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
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
        // A code (TRACE-001) or a name (`broken-trace`), as findings and the README show both.
        let by_name = || {
            all()
                .iter()
                .copied()
                .find(|r| r.name.eq_ignore_ascii_case(code.trim()))
        };
        match find(&code).or_else(by_name) {
            Some(rule) => vec![rule],
            None if crate::rules::find_retired(crate::rules::RETIRED, &code).is_some() => {
                let retired = crate::rules::find_retired(crate::rules::RETIRED, &code);
                println!("{}", retired.map(|r| r.notice()).unwrap_or_default());
                return Ok(EXIT_OK);
            }
            None => {
                let known = all().iter().flat_map(|r| [r.code, r.name]);
                let hint = match suggest(&code, known) {
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

/// The rules in effect for one dossier: its profile's rules at their effective severity.
fn print_effective(rules: &[&Rule], config: &crate::config::Config, format: CatalogFormat) -> u8 {
    let effective = |rule: &Rule| match config.overrides.get(rule.code) {
        Some(o) => o.severity.map(|s| s.as_str()).unwrap_or("off"),
        None => rule.severity.as_str(),
    };
    match format {
        CatalogFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| {
                    let mut value = rule_json(r);
                    value["effective_severity"] = json!(effective(r));
                    value
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({"profile": config.profile.as_str(), "rules": list})
                )
                .unwrap_or_default()
            );
        }
        _ => {
            println!("profile: {}", config.profile.as_str());
            let mut rows = vec![vec![
                "CODE".to_string(),
                "SEVERITY".into(),
                "NAME".into(),
                "CITATION".into(),
            ]];
            for rule in rules {
                let mark = if config.overrides.contains_key(rule.code) {
                    " (overridden in dossier.yaml)"
                } else {
                    ""
                };
                rows.push(vec![
                    rule.code.to_string(),
                    effective(rule).to_string(),
                    rule.name.to_string(),
                    format!("{}{mark}", rule.citation),
                ]);
            }
            print!("{}", aligned(&rows));
        }
    }
    EXIT_OK
}

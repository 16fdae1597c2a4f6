//! The command line: argument parsing and one module per subcommand.

mod approve;
mod build;
mod check;
mod diff;
mod explain;
mod generate;
mod impact;
mod init;
mod lsp;
mod schemas;
mod serve;
mod shell;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: nothing at the failing level is open.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above the failing level are open.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the tool could not do its job.
pub const EXIT_FATAL: u8 = 2;

const EXAMPLES: &str = "\
Examples:
  dossier build example-dossier                 check, then write the PDF and site to build/
  dossier serve example-dossier                 the HTML site on http://127.0.0.1:8000, live
  dossier check example-dossier                 check a dossier, annotated findings
  dossier check --format short .                one line per finding (pre-commit)
  dossier check --format json . > findings.json machine-readable
  dossier check --as-of 2026-06-30 .            evaluate time-based rules at a date
  dossier rules                                 list every rule
  dossier explain TRACE-001                     why a rule exists and how to fix it

Exit codes: 0 nothing open at the failing level, 1 findings, 2 dossier could not run.";

/// Compiles a medical-device cybersecurity dossier (YAML and Markdown in Git) into a checked
/// premarket submission.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a dossier: a new one to fill in, or the example to adapt (`--from-example`).
    #[command(after_help = init::EXAMPLES)]
    Init(init::Args),
    /// Check a dossier for gaps against 524B, FDA's premarket guidance and ISO 13485.
    #[command(after_help = check::EXAMPLES)]
    Check(check::Args),
    /// Check, then render the submission PDF, the HTML site and the JSON model into the
    /// output folder.
    #[command(after_help = build::EXAMPLES)]
    Build(build::Args),
    /// Record an approval of one artifact, with the fingerprint of its content (the only
    /// command that edits the dossier, and only the artifact's `approvals`).
    #[command(after_help = approve::EXAMPLES)]
    Approve(approve::Args),
    /// Compare two revisions for a design review: artifacts, fields, links, suspect links,
    /// findings opened and closed, SBOM components.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::Args),
    /// Which dossiers ship a component or are hit by a vulnerability, and how each assessed it.
    #[command(after_help = impact::EXAMPLES)]
    Impact(impact::Args),
    /// The language server: live findings, go to definition, references, hover, symbols
    /// and completion of IDs in the editor (LSP on stdin and stdout).
    #[command(after_help = lsp::EXAMPLES)]
    Lsp(lsp::Args),
    /// Serve the HTML site on localhost, rebuilt whenever a dossier file changes.
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::Args),
    /// List every rule with its severity, citation and summary.
    Rules(explain::RulesArgs),
    /// Explain one rule: what it checks, why, an example, how to fix it.
    Explain(explain::ExplainArgs),
    /// Print the completion script of a shell (`dossier completions bash > /etc/bash_completion.d/dossier`).
    Completions(shell::CompletionsArgs),
    /// Print the manual page, or write every page with `--out DIR`.
    Man(shell::ManArgs),
    /// Write the JSON Schemas of every artifact kind and the manifest (for editors and CI),
    /// as `schemas/` of this repository has them.
    Schemas(schemas::Args),
    /// Generate a synthetic dossier of N artifacts (for benchmarks).
    #[command(hide = true)]
    Generate(generate::Args),
}

/// Parses the process arguments, runs the command, and returns its exit code.
/// Prints `--timings`: each stage's name (indented names are parts of the stage above,
/// or run beside it), padded to the longest, and its milliseconds.
fn print_timings<'a>(
    timings: impl Iterator<Item = &'a (&'static str, std::time::Duration)> + Clone,
) {
    let width = timings
        .clone()
        .map(|(name, _)| name.len() + 1)
        .max()
        .unwrap_or(0);
    for (stage, took) in timings {
        let stage = format!("{stage}:");
        eprintln!("{stage:<width$} {:8.1} ms", took.as_secs_f64() * 1000.0);
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                EXIT_FATAL
            } else {
                EXIT_OK
            });
        }
    };
    // A progress line for long work, at a terminal only (never in logs or pipes).
    let _progress = (std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_PROGRESS").is_none()
        && matches!(
            cli.command,
            Command::Check(_) | Command::Build(_) | Command::Diff(_) | Command::Impact(_)
        ))
    .then(crate::progress::start);
    let result = match cli.command {
        Command::Init(args) => init::run(args),
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Approve(args) => approve::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Impact(args) => impact::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Rules(args) => explain::run_rules(args),
        Command::Explain(args) => explain::run_explain(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Schemas(args) => schemas::run(args),
        Command::Generate(args) => generate::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            eprintln!("error: {fatal}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

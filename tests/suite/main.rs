//! The single integration-test binary (one binary keeps link time down).

// Tests read their own switches from the environment (UPDATE_SCHEMAS, DOSSIER_CHROMIUM);
// clippy.toml keeps the library from doing so.
#![allow(clippy::disallowed_methods)]

mod architecture;
mod bad_input;
mod browser;
mod build;
mod cli;
mod conformance;
mod conformity;
mod docs;
mod example;
mod fuzz;
mod git;
mod hostile;
mod lsp;
mod reports;
mod rules;
mod schemas;
mod signatures;
mod site;
mod support;
mod vulns;

//! The single integration-test binary (one binary keeps link time down).

mod bad_input;
mod browser;
mod build;
mod cli;
mod conformance;
mod example;
mod fuzz;
mod git;
mod hostile;
mod reports;
mod rules;
mod schemas;
mod site;
mod support;
mod vulns;

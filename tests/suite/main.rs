//! The single integration-test binary (one binary keeps link time down).

mod bad_input;
mod build;
mod cli;
mod example;
mod reports;
mod rules;
mod schemas;
mod support;

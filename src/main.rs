//! The `dossier` binary: all behaviour lives in the library.

fn main() -> std::process::ExitCode {
    dossier::cli::main()
}

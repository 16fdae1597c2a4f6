//! The `dossier` binary: all behaviour lives in the library.

fn main() -> std::process::ExitCode {
    // Like other command-line tools, end quietly when the reader of the output goes away
    // (`dossier explain --all | head`): Rust ignores SIGPIPE, which turns the closed pipe
    // into a panic in `println!`.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: restoring the default disposition of SIGPIPE at the start of `main`, before
    // any thread exists, has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    dossier::cli::main()
}

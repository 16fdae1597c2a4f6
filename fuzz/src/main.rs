//! One AFL++ harness for every fuzz target of `dossier::fuzz`; the target is chosen by the
//! environment variable `DOSSIER_FUZZ_TARGET` (one instrumented build serves them all).

fn main() {
    let name = std::env::var("DOSSIER_FUZZ_TARGET").unwrap_or_default();
    let Some((_, target)) = dossier::fuzz::TARGETS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = dossier::fuzz::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!("set DOSSIER_FUZZ_TARGET to one of: {}", names.join(", "));
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| {
        target(data);
    });
}

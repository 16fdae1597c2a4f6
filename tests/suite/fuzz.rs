//! The fuzz targets, kept honest inside the test suite: every seed (the example dossier's
//! files and the saved corpus under `fuzz/corpus/`) is replayed, then mutated with a seeded
//! generator (bytes flipped, inserted, deleted, duplicated and truncated, with the
//! characters YAML, JSON and Markdown give meaning to). A panic in any target fails the
//! test with the input that caused it. The coverage-guided runs are in `fuzz/`.

use std::path::{Path, PathBuf};

use crate::support::root;

/// A small deterministic generator (xorshift64*), so every run tries the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that mean something to the readers: structure, quoting, anchors, escapes, and
/// multi-byte characters (a non-ASCII byte before a key once panicked the SBOM locator).
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"'",
    b":",
    b": ",
    b"\n",
    b"\n- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"\\",
    b"\\u0000",
    b"#",
    b"---\n",
    b"<",
    b">",
    b"&amp;",
    b"\t",
    b"\r\n",
    "é".as_bytes(),
    "日本".as_bytes(),
    "😀".as_bytes(),
    "\u{202E}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\0",
    b"\x1b[31m",
    b"1e999",
    b"-0",
    b"null",
    b"true",
    b"0x",
    b"9999999999999999999999",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, piece.iter().copied());
            }
            2 if at < out.len() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 if at < out.len() => {
                let end = (at + 1 + rng.below(256)).min(out.len());
                let copy: Vec<u8> = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            4 => out.truncate(at),
            _ => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                let i = at.min(out.len());
                out.splice(i..i, piece.iter().copied());
            }
        }
    }
    out
}

/// The seeds of a target: files of the example dossier, then the saved corpus.
fn seeds(target: &str) -> Vec<PathBuf> {
    let example = root().join("example-dossier");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&example)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p.to_string_lossy();
            match target {
                "yaml_artifacts" | "approve_edit" => {
                    name.ends_with(".yaml") && !name.ends_with("dossier.yaml")
                }
                "markdown_artifact" | "markdown_blocks" => name.ends_with(".md"),
                "manifest" => name.ends_with("dossier.yaml"),
                "sbom" => name.ends_with(".cdx.json") || name.ends_with(".spdx.json"),
                "vex" => name.ends_with("openvex.json") || name.ends_with("csaf.json"),
                _ => false,
            }
        })
        .collect();
    let saved = root().join("fuzz/corpus").join(target);
    if let Ok(entries) = std::fs::read_dir(&saved) {
        let mut more: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        more.sort();
        files.extend(more);
    }
    files
}

fn run_target(name: &str, target: fn(&[u8]), input: &[u8], origin: &Path) {
    let result = std::panic::catch_unwind(|| target(input));
    if result.is_err() {
        let saved = std::env::temp_dir().join(format!("dossier-fuzz-{name}.bin"));
        let _ = std::fs::write(&saved, input);
        panic!(
            "fuzz target `{name}` panicked on an input derived from {} (saved to {})",
            origin.display(),
            saved.display()
        );
    }
}

#[test]
fn fuzz_targets_survive_their_corpus_and_mutations() {
    // Mutations per seed: enough to reach the error paths of every reader in a few seconds.
    const MUTATIONS: usize = 20;
    for (name, target) in dossier::fuzz::TARGETS {
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "target `{name}` has seeds");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
        for seed in &seeds {
            let bytes = std::fs::read(seed).expect("seed readable");
            run_target(name, *target, &bytes, seed);
            // Large seeds (SBOMs) are mutated fewer times: each run reads the whole file.
            let rounds = if bytes.len() > 64 * 1024 {
                MUTATIONS / 5
            } else {
                MUTATIONS
            };
            for _ in 0..rounds {
                let input = mutate(&mut rng, &bytes);
                run_target(name, *target, &input, seed);
            }
        }
    }
}

//! `dossier init`: a new dossier that checks, or fails only with findings that say what to
//! fill in; or the example dossier, copied so that it checks clean once committed.
//!
//! Copying the example by hand used to give dozens of errors: its modelines pointed at this
//! repository's `schemas/`, and committing the copy made every approved artifact look edited
//! after its approval. `init` writes the schemas into the dossier and points the modelines at
//! them, sets `migrated_on` to the day of the copy (commits up to it are the import, not
//! changes), and ignores the output folder in Git.

use std::path::{Path, PathBuf};

use crate::Fatal;
use crate::model::Date;

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// What to write.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Copy the example dossier instead of writing a new one.
    pub from_example: bool,
    /// The device artifact's ID (new dossiers).
    pub device: String,
    /// The release (new dossiers).
    pub release: String,
    /// The submission profile (new dossiers).
    pub profile: crate::config::Profile,
    /// The day the dossier starts in Git (`migrated_on`).
    pub today: Date,
}

const MODELINE: &str = "# yaml-language-server: $schema=";

/// The modeline of a file at `path` (inside the dossier) for the schema `schema`, with the
/// schemas in the dossier's `schemas/`.
fn modeline(path: &str, schema: &str) -> String {
    let depth = path.matches('/').count();
    format!("{MODELINE}{}schemas/{schema}", "../".repeat(depth))
}

/// Points a file's modeline, if it has one, at the dossier's own schemas.
fn fix_modeline(path: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.trim_end().strip_prefix(MODELINE) {
            Some(target) => {
                let schema = target.rsplit('/').next().unwrap_or(target);
                out.push_str(&modeline(path, schema));
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Sets the manifest's `migrated_on` to `today`, saying why.
fn fix_migrated_on(text: &str, today: Date) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("migrated_on:") {
            out.push_str(&format!(
                "migrated_on: {today}  # copied from the example on this day: commits up to it are the import\n"
            ));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if !done {
        out.push_str(&format!("migrated_on: {today}\n"));
    }
    out
}

/// The `.gitignore` of a dossier: its output folder.
const GITIGNORE: &str = "# The output of `dossier build` (the PDF, the site, dossier.json): made, not evidence.\n/build/\n";

/// The files of a new dossier: path and contents.
fn new_dossier(options: &InitOptions) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let manifest = format!(
        "{}\n#\n# The manifest: the device and the release this submission is for, and the submission\n# profile (full, modification, ide). `dossier explain CONFIG-001` lists every field.\ndevice: {device}\nrelease: {release}\nprofile: {profile}\n# The dossier started in Git on this day; approvals recorded before it came from elsewhere.\nmigrated_on: {today}\noutput: build\n# The submission document's own control data, printed on its cover.\ndocument:\n  number: DOC-0000\n  revision: A\n  contact: {{ name: Your Name, role: Regulatory Affairs, email: you@example.com }}\n  approvals: []\n",
        modeline("dossier.yaml", "manifest.schema.json"),
        device = options.device,
        release = options.release,
        profile = options.profile.as_str(),
        today = options.today,
    );
    files.push(("dossier.yaml".into(), manifest.into_bytes()));
    let device = format!(
        "{}\n#\n# The device. Fill in what it is, how it connects, and why it is (or is not) a cyber device\n# under 524B(c); then approve it (`dossier approve {device} --by NAME --role ROLE`).\n- id: {device}\n  kind: device\n  title: The device this dossier is for\n  revision: \"1\"\n  status: draft\n  author: Your Name\n  name: Device name\n  manufacturer: Your company\n  release_version: {release}\n  intended_use: >-\n    What the device does, for which patients, where and by whom.\n",
        modeline("device.yaml", "artifact.schema.json"),
        device = options.device,
        release = options.release,
    );
    files.push(("device.yaml".into(), device.into_bytes()));
    // What goes in each folder, as the example dossier writes it: `threats.yaml.example`
    // beside where `threats.yaml` goes. `dossier` reads only `.yaml`, `.yml` and `.md`, so
    // the examples are not part of the dossier until one is renamed and made the
    // device's own.
    for (path, bytes) in EXAMPLE {
        if matches!(*path, "dossier.yaml" | "device.yaml" | "README.md")
            || path.starts_with("drafts/")
            || !(path.ends_with(".yaml") || path.ends_with(".md"))
        {
            continue;
        }
        let text = fix_modeline(path, &String::from_utf8_lossy(bytes));
        files.push((format!("{path}.example"), text.into_bytes()));
    }
    files.push((".gitignore".into(), GITIGNORE.as_bytes().to_vec()));
    files
}

/// The files of the example dossier, fixed for its new home.
fn example(options: &InitOptions) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = EXAMPLE
        .iter()
        .map(|(path, bytes)| {
            let bytes = match std::str::from_utf8(bytes) {
                Ok(text) if path.ends_with(".yaml") || path.ends_with(".md") => {
                    let mut text = fix_modeline(path, text);
                    if *path == "dossier.yaml" {
                        text = fix_migrated_on(&text, options.today);
                    }
                    text.into_bytes()
                }
                _ => bytes.to_vec(),
            };
            (path.to_string(), bytes)
        })
        .collect();
    files.push((".gitignore".into(), GITIGNORE.as_bytes().to_vec()));
    files
}

/// Writes a new dossier (or the example) into `dir`, which must not exist or be empty:
/// nothing a user wrote is ever overwritten. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Vec<String>, Fatal> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Fatal::new(format!(
            "{} is not empty; `dossier init` writes into a new or empty folder, so that nothing of yours is overwritten",
            dir.display()
        )));
    }
    let mut files = if options.from_example {
        example(options)
    } else {
        new_dossier(options)
    };
    for (name, text) in crate::schemas::generate() {
        files.push((format!("schemas/{name}"), text.into_bytes()));
    }
    files.sort();
    for (path, bytes) in &files {
        let target: PathBuf = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Fatal::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        // `create_new`: a file that appeared meanwhile is not overwritten either.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
        written.map_err(|e| Fatal::new(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_point_at_the_dossiers_schemas() {
        assert_eq!(
            fix_modeline(
                "threat-model/threats.yaml",
                "# yaml-language-server: $schema=../../schemas/artifact.schema.json\n- id: X\n"
            ),
            "# yaml-language-server: $schema=../schemas/artifact.schema.json\n- id: X\n"
        );
        assert_eq!(
            fix_modeline(
                "dossier.yaml",
                "# yaml-language-server: $schema=../schemas/manifest.schema.json\n"
            ),
            "# yaml-language-server: $schema=schemas/manifest.schema.json\n"
        );
        let day = Date::parse("2026-12-01").expect("date");
        let fixed = fix_migrated_on("device: D\nmigrated_on: 2026-11-27\n", day);
        assert!(
            fixed.starts_with("device: D\nmigrated_on: 2026-12-01"),
            "{fixed}"
        );
    }

    #[test]
    fn the_example_is_embedded_whole() {
        assert!(EXAMPLE.iter().any(|(p, _)| *p == "dossier.yaml"));
        assert!(
            EXAMPLE
                .iter()
                .any(|(p, _)| *p == "sbom/lumen-fw-2.4.0.cdx.json")
        );
        assert!(!EXAMPLE.iter().any(|(p, _)| p.starts_with("build/")));
    }
}

//! The command line as a user meets it: help, exit codes, output formats, the catalogue.

use crate::support::{example_with_unassessed_threat, root, run, stdout, waiver};

fn fixture(path: &str) -> String {
    root()
        .join("tests/fixtures/rules")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

// `--help` shows examples and the exit codes.
#[test]
fn help_has_examples() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Examples:") && text.contains("dossier explain TRACE-001"),
        "{text}"
    );
    assert!(text.contains("Exit codes"));
    assert!(!text.contains("generate"), "hidden commands stay hidden");
}

// `--version` prints the crate version.
#[test]
fn version() {
    let out = run(&["--version"]);
    assert_eq!(
        stdout(&out).trim(),
        format!("dossier {}", env!("CARGO_PKG_VERSION"))
    );
}

// Bad arguments are exit 2.
#[test]
fn bad_arguments_are_exit_2() {
    assert_eq!(run(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--as-of", "2026-13-01", "."]).status.code(),
        Some(2)
    );
}

// The example dossier passes: exit 0 and a clean summary.
#[test]
fn example_dossier_passes() {
    let dir = root()
        .join("example-dossier")
        .to_string_lossy()
        .into_owned();
    let out = run(&["check", &dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("0 errors, 0 warnings, 0 notes in "));
}

// Findings are exit 1; the short format is one `path:line:col: severity[RULE]: message` line each.
#[test]
fn findings_exit_1_in_short_format() {
    let out = run(&[
        "check",
        "--format",
        "short",
        "--as-of",
        "2026-11-01",
        &fixture("TRACE-001/fail_broken"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("[TRACE-001]")).collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(text.lines().all(|l| l.split(": ").count() >= 3), "{text}");
    for line in lines {
        let (place, rest) = line.split_once(": ").expect("place");
        let parts: Vec<&str> = place.split(':').collect();
        assert_eq!(parts.len(), 3, "{line}");
        assert!(
            parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok(),
            "{line}"
        );
        assert!(rest.starts_with("error[TRACE-001]: "), "{line}");
    }
}

// Human output shows the snippet, the rule code, the hint and the citation.
#[test]
fn human_format_points_at_the_value() {
    let out = run(&[
        "check",
        "--as-of",
        "2026-11-01",
        &fixture("RISK-001/fail_unassessed"),
    ]);
    let text = stdout(&out);
    assert!(text.contains("RISK-001"), "{text}");
    assert!(text.contains("chain.yaml:63:7"), "{text}");
    assert!(text.contains("help: Assess the threat"), "{text}");
    assert!(text.contains("cites: PMC §V.A.2"), "{text}");
    assert!(
        text.contains(" errors, ") && text.contains(" in 7 artifacts"),
        "{text}"
    );
}

// JSON output parses and carries locations, hints and citations.
#[test]
fn json_format() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-11-01",
        &fixture("SAFE-001/fail_one_way"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let safe: Vec<&serde_json::Value> = value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "SAFE-001")
        .collect();
    assert_eq!(safe.len(), 5);
    assert!(value["summary"]["errors"].as_u64().unwrap_or(0) >= 5);
    let first = safe[0];
    assert_eq!(first["code"], "SAFE-001");
    assert!(first["location"]["line"].as_u64().unwrap_or(0) > 0);
    assert!(first["citation"].as_str().unwrap_or("").contains("14971"));
}

// `--fail-on warning` turns warnings into exit 1; waived findings never fail.
#[test]
fn fail_on_levels_and_waivers() {
    // An unused waiver is only a warning.
    let dir = example_with_unassessed_threat(&waiver("THR-098", None), "full");
    std::fs::remove_file(dir.path().join("threat-model/THR-099.yaml")).expect("remove");
    let path = dir.path().to_string_lossy().into_owned();
    assert_eq!(
        run(&["check", "--as-of", "2026-11-01", &path])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&[
            "check",
            "--as-of",
            "2026-11-01",
            "--fail-on",
            "warning",
            &path
        ])
        .status
        .code(),
        Some(1)
    );
    // A waived finding is recorded, not failed.
    let dir = example_with_unassessed_threat(&waiver("THR-099", None), "full");
    let out = run(&[
        "check",
        "--as-of",
        "2026-11-01",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("(1 waived as recorded deviations)"));
}

// `--as-of` moves the evaluation date: a waiver expires.
#[test]
fn as_of_decides_waiver_expiry() {
    let dir = example_with_unassessed_threat(&waiver("THR-099", Some("2027-01-20")), "full");
    let path = dir.path().to_string_lossy().into_owned();
    assert_eq!(
        run(&["check", "--as-of", "2027-01-19", &path])
            .status
            .code(),
        Some(0)
    );
    let out = run(&["check", "--format", "short", "--as-of", "2027-01-21", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[WAIVER-002]"));
}

// `dossier rules` lists every rule, as a table and as JSON.
#[test]
fn rules_lists_every_rule() {
    let text = stdout(&run(&["rules"]));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["rules", "--format", "json"]).stdout).expect("JSON");
    for rule in dossier::rules::all() {
        assert!(
            text.contains(rule.code),
            "{} missing from the table",
            rule.code
        );
        assert!(
            json.as_array()
                .expect("array")
                .iter()
                .any(|r| r["code"] == rule.code)
        );
    }
    // The columns line up, however long the longest name, with and without a dossier.
    let example = root().join("example-dossier");
    for text in [text, stdout(&run(&["rules", &example.to_string_lossy()]))] {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains('-') && !l.contains('`'))
            .collect();
        let header = text
            .lines()
            .find(|l| l.starts_with("CODE"))
            .expect("a header row");
        let column = header.find("NAME").expect("NAME column");
        for line in lines.iter().filter(|l| !l.starts_with("profile:")) {
            let before = line.get(..column).unwrap_or("");
            assert!(before.ends_with("  "), "`{line}` is not aligned under NAME");
        }
    }
}

// `dossier explain` prints the explanation, with the rule's status and the version it was
// added in; an unknown code suggests the nearest.
#[test]
fn explain() {
    let out = run(&["explain", "trace-001"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("TRACE-001 broken-trace-chain (error; stable since 0.1.0)"),
        "{text}"
    );
    for heading in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
        "## References",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    let out = run(&["explain", "TRACE-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean TRACE-001"));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["explain", "DOC-001", "--format", "json"]).stdout)
            .expect("JSON");
    assert_eq!(json["name"], "unapproved-artifact");
    // Rule names work as codes do, misspellings too.
    let out = run(&["explain", "broken-trace-chain"]);
    assert!(stdout(&out).starts_with("TRACE-001 broken-trace-chain"));
    let out = run(&["explain", "broken-trace-chian"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean broken-trace-chain"));
}

// Shell completions and manual pages come from the parser's own definitions.
#[test]
fn completions_and_manual_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(
            script.contains("dossier") && script.contains("explain"),
            "{shell}"
        );
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
    let page = stdout(&run(&["man"]));
    assert!(page.contains(".TH dossier 1"), "{page}");
    assert!(page.contains("check") && page.contains("build"));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(&["man", "--out", &dir.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    let check =
        std::fs::read_to_string(dir.path().join("dossier-check.1")).expect("a page per subcommand");
    assert!(check.contains("\\-\\-format"), "the page lists the options");
}

// A reader that stops early (`dossier explain --all | head`) ends dossier quietly: no panic,
// no "broken pipe" error.
#[test]
fn closed_pipe_is_not_a_panic() {
    use std::io::Read;
    let exe = env!("CARGO_BIN_EXE_dossier");
    let mut child = std::process::Command::new(exe)
        .args(["explain", "--all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The pipe's reading end is dropped here, as `head` closes it.
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert_ne!(out.status.code(), Some(101));
}

// The pre-commit hook and the CI examples are valid YAML and run what the README says:
// the hook's command passes on the example dossier; the CI jobs produce SARIF.
#[test]
fn integrations_are_wired() {
    let read = |path: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(root().join(path)).expect(path);
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let hooks = read(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "dossier-check");
    assert_eq!(
        hook["language"], "rust",
        "pre-commit builds the binary from Cargo.toml"
    );
    assert_eq!(hook["pass_filenames"], false);
    let entry: Vec<&str> = hook["entry"].as_str().expect("entry").split(' ').collect();
    assert_eq!(entry[0], "dossier");
    let example = root().join("example-dossier");
    let mut args: Vec<&str> = entry[1..].to_vec();
    let dir = example.to_string_lossy();
    args.push(&dir);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let github = read("docs/ci/github-actions.yml");
    let steps = github["jobs"]["check"]["steps"].as_array().expect("steps");
    let commands: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(commands.iter().any(|c| c.contains("check --format sarif")));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.contains("upload-sarif"))
    }));
    let gitlab = read("docs/ci/gitlab-ci.yml");
    let script = gitlab["dossier"]["script"].as_array().expect("script");
    assert!(
        script
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.contains("--format junit")))
    );
    // `dossier schemas --out DIR` writes the schemas editors use.
    let out_dir = tempfile::tempdir().expect("temp dir");
    let target = out_dir.path().join("schemas");
    let out = run(&["schemas", "--out", &target.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0));
    let artifact = std::fs::read_to_string(target.join("artifact.schema.json")).expect("written");
    assert!(artifact.contains("threat.schema.json") && !artifact.contains("\"$id\": \"http"));
}

// Every rule states its status and the version it was added in, in the catalogue and in
// JSON; preview rules are marked as such.
#[test]
fn rules_carry_status_and_version() {
    let out = run(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let list = list.as_array().expect("array");
    assert!(list.len() > 60);
    for rule in list {
        assert!(
            rule["status"] == "stable" || rule["status"] == "preview",
            "{rule}"
        );
        assert!(
            rule["since"]
                .as_str()
                .is_some_and(|v| v.split('.').count() == 3),
            "{rule}"
        );
    }
    let status = |code: &str| {
        list.iter()
            .find(|r| r["code"] == code)
            .map(|r| r["status"].clone())
    };
    assert_eq!(status("SBOM-006"), Some("preview".into()));
    assert_eq!(status("TRACE-001"), Some("stable".into()));
    let table = stdout(&run(&["rules"]));
    assert!(
        table.lines().next().is_some_and(|l| l.contains("STATUS")),
        "{table}"
    );
}

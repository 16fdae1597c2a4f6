//! Rule fixtures: every rule has a `pass_` case that stays quiet and a `fail_` case whose
//! findings are snapshotted, under `tests/fixtures/rules/<CODE>/<case>/`.

use std::path::PathBuf;

use dossier::diag::{Diagnostic, render_human, short_line};
use dossier::rules;

use crate::support::{check, root};

fn cases(code: &str) -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/fixtures/rules").join(code);
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("dossier.yaml").is_file())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Input problems other than the rule under test mean the fixture itself is broken.
fn assert_fixture_is_clean(code: &str, case: &str, diags: &[Diagnostic]) {
    for d in diags {
        let is_input = d.code.starts_with("PARSE-") || d.code.starts_with("CONFIG-");
        assert!(
            !is_input || d.code == code,
            "fixture {code}/{case} has an input problem of its own: {}: {}",
            d.code,
            d.message
        );
    }
}

// Every rule has at least one passing and one failing fixture.
#[test]
fn every_rule_has_pass_and_fail_fixtures() {
    for rule in rules::all() {
        let names: Vec<String> = cases(rule.code).into_iter().map(|(n, _)| n).collect();
        assert!(
            names.iter().any(|n| n.starts_with("pass_")),
            "{} has no pass_ fixture",
            rule.code
        );
        assert!(
            names.iter().any(|n| n.starts_with("fail_")),
            "{} has no fail_ fixture",
            rule.code
        );
    }
}

// A passing fixture produces no open finding of its rule.
#[test]
fn pass_fixtures_are_quiet() {
    for rule in rules::all() {
        for (case, dir) in cases(rule.code)
            .into_iter()
            .filter(|(n, _)| n.starts_with("pass_"))
        {
            let checked = check(&dir);
            assert_fixture_is_clean(rule.code, &case, &checked.diagnostics);
            let open: Vec<String> = checked
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code && d.deviation.is_none())
                .map(|d| short_line(&checked.sources, d))
                .collect();
            assert!(
                open.is_empty(),
                "{}/{case} should pass but reports:\n{}",
                rule.code,
                open.join("\n")
            );
        }
    }
}

// A failing fixture fires its rule; the rendered findings are snapshotted for review.
#[test]
fn fail_fixtures_fire_and_match_snapshots() {
    for rule in rules::all() {
        for (case, dir) in cases(rule.code)
            .into_iter()
            .filter(|(n, _)| n.starts_with("fail_"))
        {
            let checked = check(&dir);
            assert_fixture_is_clean(rule.code, &case, &checked.diagnostics);
            let findings: Vec<&Diagnostic> = checked
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code && d.deviation.is_none())
                .collect();
            assert!(
                !findings.is_empty(),
                "{}/{case} should fire {}",
                rule.code,
                rule.code
            );
            let mut text = String::new();
            for d in &findings {
                text.push_str(&short_line(&checked.sources, d));
                text.push('\n');
            }
            for d in &findings {
                text.push('\n');
                text.push_str(&render_human(&checked.sources, d, false, 100));
            }
            insta::assert_snapshot!(format!("{}__{case}", rule.code), text);
        }
    }
}

// Every finding names a file and line, a fix hint and a citation.
#[test]
fn findings_point_home_and_cite() {
    for rule in rules::all() {
        for (_, dir) in cases(rule.code)
            .into_iter()
            .filter(|(n, _)| n.starts_with("fail_"))
        {
            let checked = check(&dir);
            for d in checked.diagnostics.iter().filter(|d| d.code == rule.code) {
                let label = d.primary.as_ref().expect("finding has a location");
                assert!(
                    label.span.line > 0 || d.code == "PARSE-001",
                    "{}: {} has no line",
                    d.code,
                    d.message
                );
                assert!(
                    d.help.as_deref().is_some_and(|h| !h.is_empty()),
                    "{}: no help",
                    d.code
                );
                assert!(d.citation.is_some(), "{}: no citation", d.code);
            }
        }
    }
}

// An ID with two digits swapped suggests the ID with them the right way round first.
#[test]
fn swapped_digits_are_suggested_first() {
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("verification/tests.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("verifies: [REQ-001, REQ-012]"));
    std::fs::write(
        &path,
        text.replacen(
            "verifies: [REQ-001, REQ-012]",
            "verifies: [REQ-001, REQ-021]",
            1,
        ),
    )
    .expect("write");
    let checked = check(dir.path());
    let finding = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "TRACE-002" && d.message.contains("REQ-021"))
        .expect("the unknown ID is reported");
    let help = finding.help.as_deref().unwrap_or("");
    assert!(help.starts_with("did you mean `REQ-012`"), "{help}");
}

// A link that names a near miss of one existing ID (REQ-04 for REQ-004) is the root of what
// is then missing on REQ-004; and TRACE-001 restates TEST-001 on a requirement with no test.
#[test]
fn near_misses_and_restatements_follow_their_cause() {
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("verification/tests.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("verifies: [REQ-004]", "verifies: [REQ-04]", 1),
    )
    .expect("write");
    let arg = dir.path().to_string_lossy().into_owned();
    let out = crate::support::run(&["check", "--as-of", "2026-11-01", "--format", "short", &arg]);
    let short = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = short.lines().collect();
    let cause = lines
        .iter()
        .position(|l| l.contains("error[TRACE-002]") && l.contains("names REQ-04,"))
        .expect("the cause");
    let on_req: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("requirement REQ-004 has no passing"))
        .map(|(i, _)| i)
        .collect();
    assert!(!on_req.is_empty(), "{short}");
    for i in on_req {
        assert!(cause < i, "{short}");
        assert!(
            lines[i].ends_with("(follows from TRACE-002 at verification/tests.yaml:62:14)"),
            "{}",
            lines[i]
        );
    }

    // A requirement whose one test is gone: TRACE-001 follows from TEST-001.
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("verification/tests.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("verifies: [REQ-004]", "verifies: []", 1),
    )
    .expect("write");
    let arg = dir.path().to_string_lossy().into_owned();
    let out = crate::support::run(&["check", "--as-of", "2026-11-01", "--format", "short", &arg]);
    let short = String::from_utf8_lossy(&out.stdout).into_owned();
    let trace = short
        .lines()
        .find(|l| l.contains("error[TRACE-001]") && l.contains("REQ-004"))
        .expect("TRACE-001 on REQ-004");
    assert!(trace.contains("(follows from TEST-001 at "), "{short}");
}

// A finding that follows from another on the same artifact (a link that names nothing)
// comes after it and names it, in every format.
#[test]
fn root_causes_come_first_and_are_named() {
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("verification/tests.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("verifies: [REQ-001, REQ-012]", "verifies: [REQ-021]", 1),
    )
    .expect("write");
    let arg = dir.path().to_string_lossy().into_owned();
    let out = |format: &str| {
        let out =
            crate::support::run(&["check", "--as-of", "2026-11-01", "--format", format, &arg]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let short = out("short");
    let lines: Vec<&str> = short.lines().collect();
    let cause = lines
        .iter()
        .position(|l| l.contains("error[TRACE-002]") && l.contains("REQ-021"))
        .expect("the cause");
    let effect = lines
        .iter()
        .position(|l| l.contains("test TST-001 verifies nothing"))
        .expect("the consequence");
    assert!(cause < effect, "{short}");
    assert!(
        lines[effect].ends_with("(follows from TRACE-002 at verification/tests.yaml:14:14)"),
        "{}",
        lines[effect]
    );
    let json: serde_json::Value = serde_json::from_str(&out("json")).expect("json");
    let finding = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("TST-001 verifies nothing"))
        })
        .expect("in JSON");
    assert_eq!(finding["caused_by"]["code"], "TRACE-002");
    assert_eq!(finding["caused_by"]["line"], 14);
    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).expect("sarif");
    let result = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains("TST-001 verifies nothing"))
        })
        .expect("in SARIF");
    assert!(
        result["relatedLocations"]
            .as_array()
            .expect("related")
            .iter()
            .any(|l| l["message"]["text"] == "the cause: TRACE-002")
    );
    assert!(
        out("human").contains(
            "this follows from TRACE-002 at verification/tests.yaml:14:14: fix that first"
        )
    );
}

// A file that does not parse comes first; the links to the artifacts it holds, which were
// never read, name it as their cause.
#[test]
fn a_file_that_does_not_parse_is_the_cause_of_its_missing_ids() {
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("requirements/requirements.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("  oops: [unclosed\n{text}")).expect("write");
    let out = crate::support::run(&[
        "check",
        "--as-of",
        "2026-11-01",
        "--format",
        "short",
        &dir.path().to_string_lossy(),
    ]);
    let short = String::from_utf8_lossy(&out.stdout).into_owned();
    // Notes aside (a copy outside Git has no prior release to compare with).
    let lines: Vec<&str> = short.lines().filter(|l| !l.contains(": info[")).collect();
    assert!(
        lines[0].contains("error[PARSE-001]"),
        "the cause first: {short}"
    );
    let follows: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("error[TRACE-002]") && l.contains("names REQ-"))
        .collect();
    assert!(!follows.is_empty());
    for line in follows {
        assert!(
            line.contains("(follows from PARSE-001 at requirements/requirements.yaml:"),
            "{line}"
        );
    }
}

// A link to a draft the manifest excludes says so, rather than that no artifact has the ID.
#[test]
fn a_link_to_an_excluded_draft_names_it() {
    let dir = crate::support::example_with_unassessed_threat("", "full");
    let path = dir.path().join("risks/security-risks.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("  threats: [THR-001]", "  threats: [THR-001, THR-011]", 1),
    )
    .expect("write");
    let checked = check(dir.path());
    let finding = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "TRACE-002" && d.message.contains("THR-011"))
        .expect("the link is reported");
    let help = finding.help.as_deref().unwrap_or("");
    assert!(
        help.contains("drafts/THR-011-draft.yaml") && help.contains("exclude:"),
        "{help}"
    );
}

/// Whether `text` is `template` with its `{field}`s filled in: the literal pieces between the
/// fields, in order, the first at the start and the last at the end.
fn fills(template: &str, text: &str) -> bool {
    let template = template.replace("{{", "\u{1}").replace("}}", "\u{2}");
    let mut pieces: Vec<String> = Vec::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        pieces.push(rest[..open].to_string());
        rest = rest[open..].split_once('}').map_or("", |(_, after)| after);
    }
    pieces.push(rest.to_string());
    let pieces: Vec<String> = pieces
        .into_iter()
        .map(|p| p.replace('\u{1}', "{").replace('\u{2}', "}"))
        .collect();
    let (first, last) = (&pieces[0], &pieces[pieces.len() - 1]);
    if !text.starts_with(first.as_str()) || !text.ends_with(last.as_str()) {
        return false;
    }
    if pieces.len() == 1 {
        return text == first;
    }
    let mut at = first.len();
    for piece in &pieces[1..pieces.len() - 1] {
        match text[at..].find(piece.as_str()) {
            Some(found) => at += found + piece.len(),
            None => return false,
        }
    }
    text.len() >= at + last.len()
}

// Every message a rule declares is given by one of its fixtures (a finding's text, or a
// related place's note): no declared wording is dead, and every way a rule can fail is
// shown by an example.
#[test]
fn every_declared_message_is_given_by_a_fixture() {
    // Each text with its help (a related note has none), by rule: two messages may share a
    // text and differ in their help.
    let mut given: std::collections::BTreeMap<&str, Vec<(String, Option<String>)>> =
        std::collections::BTreeMap::new();
    for rule in rules::all() {
        let list = given.entry(rule.code).or_default();
        for (_, dir) in cases(rule.code) {
            let checked = check(&dir);
            for d in checked.diagnostics.iter().filter(|d| d.code == rule.code) {
                list.push((d.message.clone(), d.help.clone()));
                list.extend(d.related.iter().map(|r| (r.message.clone(), None)));
            }
        }
    }
    let mut unseen = Vec::new();
    for rule in rules::all() {
        for table in rule.messages {
            // A table a family's shared check declares is shown by any rule that lists it.
            let listing: Vec<&str> = rules::all()
                .iter()
                .filter(|r| r.messages.contains(table))
                .map(|r| r.code)
                .collect();
            for template in table.iter() {
                let seen = listing
                    .iter()
                    .flat_map(|code| &given[code])
                    .any(|(text, help)| {
                        fills(template.text, text)
                            && template.help.is_none_or(|wanted| {
                                help.as_deref().is_some_and(|help| fills(wanted, help))
                            })
                    });
                let line = format!("{}: {}", template.name, template.text);
                if !seen && !unseen.iter().any(|u: &String| u.ends_with(&line)) {
                    unseen.push(format!("{} {line}", listing.join("/")));
                }
            }
        }
    }
    assert!(
        unseen.is_empty(),
        "{} declared messages no fixture gives:\n{}",
        unseen.len(),
        unseen.join("\n")
    );
}

//! The IEC 81001-5-1 conformity view: its rows computed from the checked dossier, the
//! manifest setting that asks for it, its PDF and its site page.

use std::path::Path;

use dossier::config::ConformityView;
use dossier::conformity::{self, Status, View};

use crate::build::text;
use crate::support::{check, copy_tree, example_with_unassessed_threat, root, run};

fn view_of(dir: &Path) -> View {
    conformity::compute(&check(dir), ConformityView::Iec81001_5_1)
}

fn row<'a>(view: &'a View, number: &str) -> &'a conformity::Row {
    view.rows
        .iter()
        .find(|r| r.number == number)
        .unwrap_or_else(|| panic!("no row {number}"))
}

/// The IDs a row names as evidence.
fn evidence_ids(row: &conformity::Row) -> Vec<&str> {
    row.evidence
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.as_str()))
        .collect()
}

/// A site page, with the escapes tera writes in attribute values (`&#x2F;`) undone.
fn site_page(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("&#x2F;", "/")
}

/// A copy of the example dossier in a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&root().join("example-dossier"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("build"));
    dir
}

/// Builds a dossier at 2026-11-01 into `out`; returns the command's output.
fn build_into(dir: &Path, out: &Path) -> std::process::Output {
    run(&[
        "build",
        "--as-of",
        "2026-11-01",
        "--out",
        &out.to_string_lossy(),
        &dir.to_string_lossy(),
    ])
}

// Every clause of Clauses 4 to 9 is a row, in the standard's order, with its title and
// whether a source confirms it; the example's known evidence is where it belongs, and the
// example (which passes every rule) has no open gap and no clause without evidence.
#[test]
fn rows_are_every_clause_in_order_with_the_examples_evidence() {
    let view = view_of(&root().join("example-dossier"));
    let numbers: Vec<&str> = view.rows.iter().map(|r| r.number).collect();
    let expected: Vec<&str> = conformity::iec81001::CLAUSES
        .iter()
        .map(|c| c.number)
        .collect();
    assert_eq!(numbers, expected);
    for top in ["4", "5", "6", "7", "8", "9"] {
        assert!(numbers.contains(&top), "clause {top}");
    }
    for n in ["4.1.5", "5.7.1", "5.7.4", "6.2.1", "7.4", "9.5"] {
        assert!(numbers.contains(&n), "clause {n}");
    }
    assert_eq!(row(&view, "5.7.4").title, "Penetration testing");
    assert!(row(&view, "5.7.4").verified);
    assert!(!row(&view, "5.8.4").verified, "5.8.4's title is unverified");
    // Headings carry no status; every clause does.
    for r in &view.rows {
        assert_eq!(r.heading, r.status.is_none(), "{}", r.number);
    }
    // Known evidence of the example.
    let pentest = evidence_ids(row(&view, "5.7.4"));
    assert!(
        pentest.contains(&"TST-016") && pentest.contains(&"TR-001"),
        "{pentest:?}"
    );
    let third_party = evidence_ids(row(&view, "4.1.5"));
    for sbom in ["SBOM-001", "SBOM-002", "SBOM-003"] {
        assert!(third_party.contains(&sbom), "4.1.5: {third_party:?}");
    }
    let threats = evidence_ids(row(&view, "7.2"));
    assert!(threats.contains(&"TM-001") && threats.contains(&"THR-001"));
    assert!(evidence_ids(row(&view, "6.1")).contains(&"PLAN-004"));
    assert!(evidence_ids(row(&view, "9.3")).contains(&"VA-001"));
    // The N/A of a vulnerability-test subtype counts for 5.7.3.
    assert!(evidence_ids(row(&view, "5.7.3")).contains(&"NA-001"));
    // A plan's section is named beside it.
    let team = &row(&view, "4.1.2").evidence[0].items[0];
    assert_eq!(team.id, "PLAN-002");
    assert!(team.note.as_deref().is_some_and(|n| n.contains("§2")));
    // The framework's processes that name a clause describe it.
    let integration = row(&view, "5.6");
    assert_eq!(integration.status, Some(Status::Described));
    assert!(integration.evidence.iter().all(|g| g.describes));
    assert!(
        integration.evidence[0].items[0]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("SOP-0250"))
    );
    // Rules citing the clause are there, with those the clause lists.
    let codes: Vec<&str> = row(&view, "5.7.1").rules.iter().map(|r| r.code).collect();
    assert!(codes.contains(&"TEST-001"));
    let codes: Vec<&str> = row(&view, "7.3").rules.iter().map(|r| r.code).collect();
    assert!(codes.contains(&"RISK-001"));
    // The example passes every rule: no gaps, and nothing unanswered.
    for r in view.rows.iter().filter(|r| !r.heading) {
        assert!(
            matches!(r.status, Some(Status::Evidenced | Status::Described)),
            "{}: {:?} {:?}",
            r.number,
            r.status,
            r.missing
        );
        assert!(r.gaps.is_empty(), "{}", r.number);
    }
    // The MDCG 2019-16 cross-reference names the clauses that serve each section.
    let vv = view
        .mdcg
        .iter()
        .find(|m| m.section == "3.7")
        .expect("MDCG 2019-16 3.7");
    assert!(vv.clauses.iter().any(|c| c.number == "5.7.4"));
    assert!(view.mdcg.iter().all(|m| !m.clauses.is_empty()));
}

// A rule's open finding is a gap in the row of the clause the rule checks, with its
// artifact and place, and the row's status says so; rows the finding does not concern keep
// theirs.
#[test]
fn a_finding_is_a_gap_in_its_clauses_row() {
    let dir = example_with_unassessed_threat("", "full");
    let view = view_of(dir.path());
    let assessment = row(&view, "7.3");
    assert_eq!(assessment.status, Some(Status::Gaps));
    let gap = assessment
        .gaps
        .iter()
        .find(|g| g.code == "RISK-001")
        .expect("RISK-001 in 7.3");
    assert_eq!(gap.artifact.as_deref(), Some("THR-099"));
    assert!(
        gap.location
            .as_deref()
            .is_some_and(|l| l.starts_with("threat-model/THR-099.yaml:")),
        "{:?}",
        gap.location
    );
    let rule = assessment
        .rules
        .iter()
        .find(|r| r.code == "RISK-001")
        .expect("RISK-001 listed");
    assert_eq!(rule.errors, 1);
    // The threat is evidence of 7.2, whose rules pass.
    let identification = row(&view, "7.2");
    assert!(evidence_ids(identification).contains(&"THR-099"));
    assert_eq!(identification.status, Some(Status::Evidenced));
    assert_eq!(row(&view, "5.7.4").status, Some(Status::Evidenced));
    let gaps = view
        .summary
        .statuses
        .iter()
        .find(|s| s.status == Status::Gaps)
        .map_or(0, |s| s.count);
    assert!(gaps >= 1);
}

// A clause nothing in the dossier answers says so, and what to add; a process clause the
// framework no longer describes says it is not evidenced by the dossier.
#[test]
fn a_clause_without_evidence_says_what_to_add() {
    let dir = example_copy();
    std::fs::remove_file(dir.path().join("plans/secure-development-framework.md")).expect("rm");
    let view = view_of(dir.path());
    let qms = row(&view, "4.1.1");
    assert!(qms.evidence.is_empty());
    // PLAN-005 (a warning) reports the missing framework; the row has no evidence.
    assert_eq!(qms.status, Some(Status::Missing));
    assert!(qms.gaps.iter().any(|g| g.code == "PLAN-005"));
    let hint = qms.missing.as_deref().expect("what to add");
    assert!(
        hint.contains("Secure product development framework"),
        "{hint}"
    );
    let environment = row(&view, "5.1.2");
    assert_eq!(environment.status, Some(Status::Missing));
    let hint = environment.missing.as_deref().expect("what to add");
    assert!(
        hint.starts_with("Not evidenced by the dossier") && hint.contains("IEC 81001-5-1 5.1.2"),
        "{hint}"
    );
    // Records still answer the clauses that have them.
    assert_eq!(row(&view, "5.7.4").status, Some(Status::Evidenced));
}

// The manifest names the views by name; an unknown one is a CONFIG-001 finding at its
// line, with the closest name, and the rest of the manifest still applies.
#[test]
fn an_unknown_view_is_a_finding_at_its_line() {
    let dir = example_copy();
    let manifest = std::fs::read_to_string(dir.path().join("dossier.yaml")).expect("manifest");
    let line = manifest
        .lines()
        .position(|l| l.starts_with("conformity:"))
        .expect("the example asks for the view")
        + 1;
    std::fs::write(
        dir.path().join("dossier.yaml"),
        manifest.replace(
            "conformity: [iec-81001-5-1]",
            "conformity: [iec-81001-5-1, iec-81001-5-2]",
        ),
    )
    .expect("manifest");
    let checked = check(dir.path());
    let config: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "CONFIG-001")
        .collect();
    assert_eq!(config.len(), 1, "{config:?}");
    assert!(config[0].message.contains("iec-81001-5-2"));
    assert!(
        config[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("did you mean `iec-81001-5-1`")),
        "{:?}",
        config[0].help
    );
    assert_eq!(
        config[0].primary.as_ref().map(|p| p.span.line),
        Some(line as u32)
    );
    assert_eq!(checked.config.conformity, [ConformityView::Iec81001_5_1]);
    assert_eq!(
        checked.release(),
        Some("2.4.0"),
        "the manifest still applies"
    );
}

// `build` writes the view's PDF beside the submission, with the rows, the cross-reference,
// the evidence register and the note that the standard's text is not reproduced; two builds
// give the same bytes; the site has its page, linked from every page's navigation.
#[test]
fn build_writes_the_pdf_and_the_page() {
    let out = tempfile::tempdir().expect("out");
    let result = build_into(&root().join("example-dossier"), out.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("iec-81001-5-1.pdf"), "{stdout}");
    let pdf = std::fs::read(out.path().join("iec-81001-5-1.pdf")).expect("the view's PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let t = text(&pdf);
    for expected in [
        "IEC 81001-5-1:2021",
        "Lumen IV-7",
        "MIS-RA-0412",
        "Penetration testing",
        "Managing conflicts of interest between testers and developers",
        "(unverified)",
        "TST-016",
        "TEST-004",
        "MDCG 2019-16 technical-documentation cross-reference",
        "Verification/validation",
        "Annex II 6.1",
        "Evidence register",
        "Penetration test of the Lumen IV-7 system",
        "not reproduced",
        "kelseyqms.com",
    ] {
        assert!(
            t.contains(expected),
            "{expected:?} missing from the view's PDF"
        );
    }
    let doc = lopdf::Document::load_mem(&pdf).expect("PDF parses");
    let marks: Vec<String> = doc
        .get_toc()
        .map(|toc| toc.toc.into_iter().map(|e| e.title).collect())
        .unwrap_or_default();
    for mark in [
        "Clause by clause",
        "4 General requirements",
        "9 Software problem resolution process",
        "Evidence register",
    ] {
        assert!(
            marks.iter().any(|m| m.ends_with(mark)),
            "bookmark {mark:?} in {marks:?}"
        );
    }
    // The same dossier builds the same bytes.
    let again = tempfile::tempdir().expect("out");
    assert!(
        build_into(&root().join("example-dossier"), again.path())
            .status
            .success()
    );
    assert_eq!(
        std::fs::read(again.path().join("iec-81001-5-1.pdf")).expect("second"),
        pdf,
        "the view's PDF differs between two builds"
    );
    // The page, linked from the home page and the navigation of every page.
    let page = site_page(&out.path().join("site/conformity/iec-81001-5-1.html"));
    for expected in [
        "href=\"../artifacts/TST-016.html\"",
        "href=\"../rules.html#TEST-004\"",
        "id=\"c-5-7-4\"",
        "id=\"mdcg-3.7\"",
        "href=\"#c-5-7-4\"",
        "(unverified)",
    ] {
        assert!(page.contains(expected), "{expected} missing from the page");
    }
    let home = site_page(&out.path().join("site/index.html"));
    assert!(home.contains("href=\"conformity/iec-81001-5-1.html\""));
    let artifact = site_page(&out.path().join("site/artifacts/TST-016.html"));
    assert!(artifact.contains("href=\"../conformity/iec-81001-5-1.html\""));
}

// A dossier that does not ask for the view gets neither PDF nor page, and a build after the
// manifest stops asking for it removes the one an earlier build wrote.
#[test]
fn not_written_when_not_asked() {
    let dir = example_copy();
    let out = tempfile::tempdir().expect("out");
    assert!(build_into(dir.path(), out.path()).status.success());
    assert!(out.path().join("iec-81001-5-1.pdf").exists());
    let manifest = std::fs::read_to_string(dir.path().join("dossier.yaml")).expect("manifest");
    std::fs::write(
        dir.path().join("dossier.yaml"),
        manifest.replace("conformity: [iec-81001-5-1]", ""),
    )
    .expect("manifest");
    let result = build_into(dir.path(), out.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(!String::from_utf8_lossy(&result.stdout).contains("iec-81001-5-1"));
    assert!(
        !out.path().join("iec-81001-5-1.pdf").exists(),
        "stale view left behind"
    );
    assert!(!out.path().join("site/conformity").exists());
    let home = std::fs::read_to_string(out.path().join("site/index.html")).expect("home");
    assert!(!home.contains("iec-81001-5-1"));
}

// A gap's finding on the page leads to the gap report and its artifact; artifact text is
// data on the page and in the PDF, never markup.
#[test]
fn gaps_link_to_the_gap_report_and_text_stays_data() {
    let dir = example_with_unassessed_threat("", "full");
    std::fs::write(
        dir.path().join("threat-model/THR-099.yaml"),
        "id: THR-099\nkind: threat\ntitle: 'Payload <script>alert(1)</script> #panic(\"pwned\") $x$'\nrevision: \"1\"\nstatus: approved\n\
         author: A. Okafor\napprovals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\n\
         category: D\nassets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\n",
    )
    .expect("threat");
    let out = tempfile::tempdir().expect("out");
    let result = build_into(dir.path(), out.path());
    assert_eq!(
        result.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = site_page(&out.path().join("site/conformity/iec-81001-5-1.html"));
    assert!(page.contains("href=\"../gaps.html#RISK-001\""));
    assert!(page.contains("href=\"../artifacts/THR-099.html\""));
    assert!(
        !page.contains("<script>alert(1)"),
        "no title reaches the page as markup"
    );
    let t = text(&std::fs::read(out.path().join("iec-81001-5-1.pdf")).expect("PDF"));
    assert!(
        t.contains("Payload <script>alert(1)</script> #panic(\"pwned\") $x$"),
        "the title is printed literally"
    );
    assert!(t.contains("RISK-001"));
}

//! The HTML site: every page there, every link resolving, byte-identical builds, inert
//! payloads, template overrides, and `dossier serve`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use dossier::render::site::Files;

use crate::support::{as_of, check, copy_tree, example_with_unassessed_threat, root};

/// The site of a dossier, in memory.
pub fn site_of(dir: &Path) -> Files {
    let checked = check(dir);
    dossier::render::site_only(&checked, as_of()).expect("site renders")
}

fn page(files: &Files, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone(),
    )
    .expect("UTF-8")
}

/// Undoes the entity escapes tera writes in attribute values.
fn unescape(value: &str) -> String {
    value
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href` and `src` value of a page.
fn targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative link from a page to a site path (without fragment and query).
fn resolve(page: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(
        parts
            .join("/")
            .replace("%20", " ")
            .replace("%2B", "+")
            .replace("%40", "@"),
    )
}

// The site has every page the auditor needs, and every link on every page resolves to a
// file of the site (no dead links, nothing outside it).
#[test]
fn every_page_is_there_and_every_link_resolves() {
    let files = site_of(&root().join("example-dossier"));
    for name in [
        "index.html",
        "search.html",
        "search-index.js",
        "matrix.html",
        "gaps.html",
        "rules.html",
        "sbom.html",
        "mapping.html",
        "modifications.html",
        "kinds/threat.html",
        "kinds/sbom.html",
        "artifacts/THR-001.html",
        "artifacts/CVE-2025-27809.html",
        "static/site.css",
        "static/site.js",
    ] {
        assert!(files.contains_key(name), "{name} missing");
    }
    let checked = check(&root().join("example-dossier"));
    for a in &checked.artifacts {
        assert!(
            files.contains_key(&format!("artifacts/{}.html", a.id())),
            "no page for {}",
            a.id()
        );
    }
    let mut checked_links = 0;
    let mut outside = 0;
    for (name, bytes) in &files {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for target in targets(&html) {
            if target.starts_with("data:") || target.starts_with('#') {
                continue;
            }
            if target.starts_with("https://")
                || target.starts_with("http://")
                || target.starts_with("mailto:")
            {
                // A link the reader may follow; never loaded by the page itself.
                outside += 1;
                continue;
            }
            let Some(path) = resolve(name, &target) else {
                continue;
            };
            assert!(
                files.contains_key(&path),
                "{name}: dead link {target} ({path})"
            );
            checked_links += 1;
        }
    }
    assert!(checked_links > 1000, "only {checked_links} links checked");
    assert!(outside < checked_links / 10, "{outside} outside links");
    // Accessible basics on every page: language, landmarks, a skip link, one h1, alt text.
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains("<html lang=\"en\">"), "{name}: lang");
        for landmark in ["<header", "<nav", "<main", "<footer"] {
            assert!(html.contains(landmark), "{name}: no {landmark}");
        }
        assert!(html.contains("href=\"#main\""), "{name}: skip link");
        assert_eq!(html.matches("<h1").count(), 1, "{name}: one h1");
        for tag in tags(&html).iter().filter(|t| t.starts_with("<img")) {
            assert!(tag.contains(" alt=\""), "{name}: image without alt: {tag}");
        }
    }
    // Nothing is loaded from elsewhere: every script, stylesheet and image is the site's.
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            assert_inert(name, &String::from_utf8_lossy(bytes));
            for tag in tags(&String::from_utf8_lossy(bytes)) {
                if tag.starts_with("<link") || tag.starts_with("<script") || tag.starts_with("<img")
                {
                    assert!(
                        !tag.contains("http://") && !tag.contains("https://"),
                        "{name}: {tag}"
                    );
                }
            }
        }
    }
}

// An artifact page shows the fields, the trace both ways, the source and the body.
#[test]
fn artifact_page_shows_trace_and_fields() {
    let files = site_of(&root().join("example-dossier"));
    let thr = page(&files, "artifacts/THR-001.html");
    let up = &thr[thr.find("Up the trace").expect("up")..thr.find("Down the trace").expect("down")];
    assert!(up.contains("AST-001.html"), "assets are upstream");
    let down = &thr[thr.find("Down the trace").expect("down")..];
    assert!(down.contains("RSK-001.html"), "the risk is downstream");
    assert!(down.contains("TST-012.html"), "the test is downstream");
    assert!(
        thr.contains("threat-model/threats.yaml") || thr.contains("threat-model&#x2F;threats.yaml")
    );
    assert!(thr.contains("Spoofed clinician tablet programs a bolus over BLE"));
    let risk = page(&files, "artifacts/RSK-001.html");
    assert!(risk.contains("CTL-001.html"), "a risk links its controls");
    // Kind lists carry the kind's own column: a threat's STRIDE category, a test's result.
    let threats = page(&files, "kinds/threat.html");
    assert!(
        threats.contains("<th scope=\"col\">STRIDE</th>") && threats.contains("<td>Spoofing</td>")
    );
    assert!(page(&files, "kinds/test.html").contains("<td>Pass</td>"));
    // Its fields open with what it says and end with who approved it.
    let at = |name: &str| risk.find(&format!("<dt>{name}</dt>")).expect(name);
    assert!(at("rationale") < at("controls") && at("controls") < at("approvals"));
    // A linked artifact that is not approved says so: CTL-001 still names the superseded
    // REQ-009, and the trace links read in words.
    let control = page(&files, "artifacts/CTL-001.html");
    let linked = &control[control.find("REQ-009.html").expect("REQ-009 linked")..];
    let linked = &linked[..linked.find("</li>").expect("item")];
    assert!(linked.contains("class=\"status superseded\""), "{linked}");
    // The change record that changed it is listed apart, not in its trace.
    let up = &control
        [control.find("Up the trace").expect("up")..control.find("Down the trace").expect("down")];
    assert!(!up.contains("CR-001.html"), "{up}");
    let records = &control[control
        .find("<h2 id=\"changed-h\">")
        .expect("change records")..];
    assert!(records[..records.find("</section>").expect("end")].contains("CR-001.html"));
    for via in control.split("class=\"via\">").skip(1) {
        let via = &via[..via.find("</span>").expect("span")];
        assert!(!via.contains('_'), "field names in words: {via}");
    }
    // A Markdown artifact's body is rendered as HTML.
    let plan = files
        .iter()
        .find(|(k, v)| {
            k.starts_with("artifacts/PLAN-")
                && String::from_utf8_lossy(v).contains("<h2 id=\"body-h\">")
        })
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("a plan with a body");
    assert!(plan.contains("<p>"), "Markdown became paragraphs");
    // The SBOM page lists components with support and vulnerability status.
    let sbom = page(&files, "sbom.html");
    assert!(sbom.contains("mbedtls"));
    assert!(sbom.contains("CVE-2025-27809"));
    assert!(sbom.contains("Not affected"));
    // Fields print vocabulary values by their labels.
    let lbl = page(&files, "artifacts/LBL-001.html");
    assert!(lbl.contains("<dd>Security guide</dd>") && !lbl.contains("security_guide"));
    assert!(sbom.contains("Actively maintained"));
    assert!(sbom.contains("2034-12-31"));
    // A vulnerability's page names the SBOM components that ship it, linking their rows.
    let cve = page(&files, "artifacts/CVE-2025-27809.html");
    let at = cve
        .find("sbom.html#cmp-")
        .expect("a link to the component's row");
    let anchor: String = cve[at + "sbom.html#".len()..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(
        sbom.contains(&format!("id=\"{anchor}\"")),
        "{anchor} is a row of the SBOM page"
    );
    assert!(cve[at..].contains("mbedtls"));
    // The mapping names the statute's clauses with their rules.
    let mapping = page(&files, "mapping.html");
    assert!(mapping.contains("524B(b)(3)"));
    assert!(mapping.contains("rules.html#SBOM-001"));
    // A clause's plans are those of the types that answer it: 524B(b)(1) lists the
    // cybersecurity management plan and the CVD procedure, not the risk management plan.
    let b1 = &mapping[mapping.find("FD&amp;C Act 524B(b)(1)").expect("(b)(1)")..];
    let b1 = &b1[..b1.find("<h2").unwrap_or(b1.len())];
    assert!(
        b1.contains("PLAN-002.html") && b1.contains("PLAN-003.html"),
        "{b1}"
    );
    assert!(
        !b1.contains("PLAN-001.html") && !b1.contains("PLAN-005.html"),
        "{b1}"
    );
    // The rule catalogue has every rule, with an anchor.
    let rules = page(&files, "rules.html");
    for rule in dossier::rules::all() {
        assert!(
            rules.contains(&format!("id=\"{}\"", rule.code)),
            "{}",
            rule.code
        );
    }
    // The search index holds every artifact.
    let index = page(&files, "search-index.js");
    assert!(index.starts_with("// Generated by dossier"));
    assert!(index.contains("\"THR-001\""));
    // Markdown bodies are indexed as the words a reader sees, well past their opening lines.
    assert!(index.contains("Known exploited vulnerabilities"));
    assert!(
        !index.contains("## ") && !index.contains("**"),
        "no Markdown syntax"
    );
}

// The gap report groups open findings by rule and links the artifact and the rule.
#[test]
fn gap_report_links_findings() {
    let dir = example_with_unassessed_threat("", "full");
    let files = site_of(dir.path());
    let gaps = page(&files, "gaps.html");
    assert!(gaps.contains("id=\"RISK-001\""), "grouped under the rule");
    assert!(
        gaps.contains("artifacts/THR-099.html") || gaps.contains("artifacts&#x2F;THR-099.html")
    );
    assert!(gaps.contains("rules.html#RISK-001"));
    let thr = page(&files, "artifacts/THR-099.html");
    assert!(
        thr.contains("RISK-001"),
        "the artifact page shows its finding"
    );
    let home = page(&files, "index.html");
    assert!(
        home.contains("class=\"bad\""),
        "the home page shows open gaps"
    );
}

// The same dossier gives byte-identical sites.
#[test]
fn sites_are_byte_identical() {
    let first = site_of(&root().join("example-dossier"));
    let second = site_of(&root().join("example-dossier"));
    assert_eq!(first.len(), second.len());
    for (name, bytes) in &first {
        assert!(second.get(name) == Some(bytes), "{name} differs");
    }
}

/// The tags of a page as written (text is escaped, so every `<` starts a tag).
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        out.push(rest[at..end].to_ascii_lowercase());
        rest = &rest[end..];
    }
    out
}

/// Scripts and handlers a page may have: only the site's own scripts, no event handler, no
/// `javascript:` URL, no frame or plugin, no image from another host.
fn assert_inert(name: &str, html: &str) {
    for tag in tags(html) {
        if tag.starts_with("<script") {
            assert!(
                tag.contains("static/site.js") || tag.contains("search-index.js"),
                "{name}: a script that is not the site's: {tag}"
            );
        }
        for bad in [
            "<iframe",
            "<object",
            "<embed",
            "<svg",
            "<style",
            "<form action=\"http",
        ] {
            assert!(!tag.starts_with(bad), "{name}: {tag}");
        }
        assert!(!tag.contains("javascript:"), "{name}: {tag}");
        let attrs = tag.split_whitespace().skip(1);
        for attr in attrs {
            assert!(
                !(attr.starts_with("on") && attr.contains('=')),
                "{name}: handler in {tag}"
            );
        }
        if tag.starts_with("<img") {
            assert!(
                !tag.contains("src=\"http") && !tag.contains("src=\"//"),
                "{name}: remote image {tag}"
            );
        }
    }
}

// XSS payloads in every text field of an artifact, in its Markdown body, and in an SBOM's
// component fields stay inert: escaped text, no script, no handler, no javascript: link.
// Control characters in dossier text (an escape sequence pasted into a title or a body)
// reach no page: each is shown as U+FFFD.
#[test]
fn control_characters_become_replacement_marks() {
    let dir = example_with_unassessed_threat("", "full");
    let text = "---\nid: THR-097\nkind: threat\ntitle: \"Spoofed \\e[31mred\\e[0m title\\N next\"\nrevision: \"1\"\nstatus: approved\nauthor: A. Author\ncategory: T\nassets: [AST-001]\n---\n\nBody with \u{1b}]0;owned\u{7} and \u{8}backspace.\n";
    std::fs::write(dir.path().join("threat-model/controls.md"), text).expect("write");
    let files = site_of(dir.path());
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                !html
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
                "{name} holds a control character"
            );
        }
    }
    let thr = page(&files, "artifacts/THR-097.html");
    assert!(
        thr.contains("Spoofed \u{fffd}[31mred\u{fffd}[0m title\u{fffd} next"),
        "{thr}"
    );
    assert!(thr.contains("Body with \u{fffd}]0;owned\u{fffd} and \u{fffd}backspace."));
}

#[test]
fn xss_payloads_stay_inert() {
    let dir = example_with_unassessed_threat("", "full");
    let payload = "<script>alert('xss')</script><img src=x onerror=alert(1)>";
    let yaml = format!(
        "---\nid: THR-098\nkind: threat\ntitle: \"{p}\"\nrevision: \"1\"\nstatus: approved\nauthor: \"{p}\"\napprovals:\n  - {{ name: \"{p}\", role: \"{p}\", date: 2026-10-01 }}\ncategory: T\nassets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\ndescription: \"{p} [x](javascript:alert(2))\"\nthreat_actor: \"{p}\"\n---\n\n# Heading {p}\n\n{p}\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">a</a>\n\n<svg onload=alert(6)></svg> <iframe src=\"https://evil.example\"></iframe>\n\n![img](https://evil.example/x.png) <img src=\"https://evil.example/y.png\">\n\n```\n{p}\n```\n",
        p = payload.replace('"', "\\\"")
    );
    std::fs::write(dir.path().join("threat-model/payload.md"), yaml).expect("write");
    // An SBOM component whose name and supplier are payloads.
    let sbom_path = dir.path().join("sbom/lumen-bedside-3.1.0.cdx.json");
    let mut sbom: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sbom_path).expect("sbom")).expect("json");
    sbom["components"][0]["supplier"]["name"] = serde_json::json!(payload);
    sbom["components"][0]["description"] = serde_json::json!(payload);
    std::fs::write(
        &sbom_path,
        serde_json::to_string_pretty(&sbom).expect("json"),
    )
    .expect("write");
    let files = site_of(dir.path());
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            assert_inert(name, &String::from_utf8_lossy(bytes));
        }
    }
    let thr = page(&files, "artifacts/THR-098.html");
    assert!(
        thr.contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;&#x2F;script&gt;")
            || thr.contains("&lt;script&gt;alert('xss')&lt;/script&gt;")
            || thr.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"),
        "the payload is printed as text"
    );
    assert!(
        thr.contains("<a href=\"https://evil.example/x.png\""),
        "a remote image becomes a link, not a request"
    );
    let sbom_page = page(&files, "sbom.html");
    assert!(
        sbom_page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "SBOM text escaped"
    );
    // The search index is data: JSON strings in a script that the page inserts as text.
    let index = page(&files, "search-index.js");
    assert!(index.contains("THR-098"));
}

// An ID that is not a safe file name (reported as PARSE-002) still gets a page, under a
// hashed name inside `artifacts/`, and the links to it resolve: nothing is written elsewhere.
#[test]
fn odd_ids_stay_inside_the_site() {
    let dir = example_with_unassessed_threat("", "full");
    std::fs::write(
        dir.path().join("threat-model/odd.yaml"),
        "id: \"THR-../../x<y>\"\nkind: threat\ntitle: Odd ID\nrevision: \"1\"\nstatus: approved\nauthor: A\napprovals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\ncategory: D\nassets: [AST-001]\nentry_interfaces: [IF-001]\nattack_vector: adjacent\nlifecycle_phase: operation\n",
    )
    .expect("write");
    let files = site_of(dir.path());
    let odd: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("artifacts/id-"))
        .collect();
    assert_eq!(odd.len(), 1, "{odd:?}");
    assert!(files.keys().all(|k| !k.contains("..") && !k.contains('<')));
    assert!(page(&files, odd[0]).contains("THR-..&#x2F;..&#x2F;x&lt;y&gt;"));
    let gaps = page(&files, "gaps.html");
    assert!(gaps.contains(&odd[0].replace('/', "&#x2F;")) || gaps.contains(odd[0].as_str()));
}

// A dossier's own template replaces the embedded one; a broken one is a clear error.
#[test]
fn templates_can_be_overridden() {
    let dir = tempfile::tempdir().expect("temp");
    copy_tree(&root().join("example-dossier"), dir.path());
    std::fs::create_dir_all(dir.path().join("templates/site")).expect("mkdir");
    std::fs::write(
        dir.path().join("templates/site/home.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Our own home for {{ site.device }}</h1>{% endblock content %}",
    )
    .expect("write");
    let files = site_of(dir.path());
    assert!(page(&files, "index.html").contains("Our own home for DEV-LUMEN"));
    std::fs::write(
        dir.path().join("templates/site/home.html"),
        "{% extends \"base.html\" %}{% block content %}{{ unclosed {% endblock content %}",
    )
    .expect("write");
    let checked = check(dir.path());
    let err = dossier::render::site_only(&checked, as_of()).expect_err("broken template");
    assert!(err.to_string().contains("templates/site"), "{err}");
}

/// A GET request to the server; returns (status line, body).
fn get(addr: &str, path: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response.lines().next().unwrap_or_default().to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A `dossier serve` process, killed when dropped.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `dossier serve` on a free port and waits for its address.
pub fn start_server(dir: &Path) -> Server {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--as-of", "2026-11-01"])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("address line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server { child, addr }
}

// `dossier serve` serves the site and rebuilds it when a dossier file changes; paths that
// leave the site are refused.
#[test]
fn serve_rebuilds_on_change() {
    let dir = tempfile::tempdir().expect("temp");
    copy_tree(&root().join("example-dossier"), dir.path());
    let server = start_server(dir.path());
    let (status, body) = get(&server.addr, "/");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("Lumen IV-7"));
    let (status, _) = get(&server.addr, "/artifacts/THR-001.html");
    assert!(status.contains("200"), "{status}");
    let (status, _) = get(&server.addr, "/../../etc/passwd");
    assert!(!status.contains("200"), "{status}");
    let (status, _) = get(&server.addr, "/nothing.html");
    assert!(status.contains("404"), "{status}");
    let threats = dir.path().join("threat-model/threats.yaml");
    let text = std::fs::read_to_string(&threats).expect("read");
    let changed = text.replace(
        "Spoofed clinician tablet programs a bolus over BLE",
        "Spoofed tablet, retitled while serving",
    );
    assert_ne!(text, changed);
    std::fs::write(&threats, changed).expect("write");
    let mut seen = false;
    for _ in 0..60 {
        std::thread::sleep(std::time::Duration::from_millis(250));
        let (_, body) = get(&server.addr, "/artifacts/THR-001.html");
        if body.contains("retitled while serving") {
            seen = true;
            break;
        }
    }
    assert!(seen, "the site was rebuilt after the change");
}

/// Writes the example's site to a folder (for the browser test).
pub fn write_example_site(to: &Path) -> BTreeMap<String, usize> {
    let files = site_of(&root().join("example-dossier"));
    dossier::render::output::replace_dir(to, &files).expect("site written");
    files.iter().map(|(k, v)| (k.clone(), v.len())).collect()
}

//! `dossier lsp`, driven over stdio with JSON-RPC as an editor drives it: live findings as a
//! file changes (in the changed file and in the files it affects), go to definition,
//! references, hover, symbols, completion filtered by the field, a broken file, shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::root;

/// A running server and the messages it sends.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["lsp", "--as-of", "2026-11-01"])
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if let Ok(value) = serde_json::from_slice(&body)
                    && send.send(value).is_err()
                {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    /// Sends `initialize` (no workspace folder: the server was given the dossier) and
    /// `initialized`; returns the server's capabilities.
    fn initialize(&mut self, kept: &mut Vec<Value>) -> Value {
        let init = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
            kept,
        );
        self.notify("initialized", json!({}));
        init["capabilities"].clone()
    }

    /// Shuts the server down as an editor does, and checks that it exits cleanly.
    fn stop(mut self, kept: &mut Vec<Value>) {
        let result = self.request("shutdown", Value::Null, kept);
        assert!(result.is_null());
        self.notify("exit", Value::Null);
        assert!(self.child.wait().expect("server exits").success());
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("send");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response's result (notifications that arrive
    /// meanwhile are kept for `diagnostics`).
    fn request(&mut self, method: &str, params: Value, kept: &mut Vec<Value>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("an answer within a minute");
            if message["id"] == json!(id) {
                assert!(message["error"].is_null(), "{method}: {message}");
                return message["result"].clone();
            }
            kept.push(message);
        }
    }

    /// Waits until a publishDiagnostics for a file ends with `until` holding; returns the
    /// last diagnostics published for it.
    fn diagnostics_until(
        &mut self,
        uri: &str,
        kept: &mut Vec<Value>,
        until: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let mut last: Option<Vec<Value>> = None;
        for message in kept.drain(..) {
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                last = message["params"]["diagnostics"].as_array().cloned();
            }
        }
        if let Some(list) = &last
            && until(list)
        {
            return last.unwrap_or_default();
        }
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("diagnostics within a minute");
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                let list = message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if until(&list) {
                    return list;
                }
            }
        }
    }
}

fn uri(path: &Path) -> String {
    dossier::lsp::uri_of(path)
        .expect("a file URI")
        .as_str()
        .to_string()
}

fn position(text: &str, needle: &str, nth: usize) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle in text");
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column + 1})
}

#[test]
fn the_server_checks_navigates_and_completes_as_the_user_types() {
    let dir = crate::support::minimal_dossier();
    let dir_path = dir.path().canonicalize().expect("canonical");
    let chain = dir_path.join("chain.yaml");
    let chain_uri = uri(&chain);
    let text = std::fs::read_to_string(&chain).expect("chain");

    let mut client = Client::start(&dir_path);
    let mut kept = Vec::new();
    let capabilities = client.initialize(&mut kept);
    assert_eq!(capabilities["definitionProvider"], json!(true));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": chain_uri, "languageId": "yaml", "version": 1, "text": text}}),
    );

    // Unsaved edit: the test verifies an ID that does not exist. TRACE-002 at the link, and
    // TRACE-001 on the requirement that lost its test, in the same file.
    let broken = text.replace("verifies: [REQ-1]", "verifies: [REQ-9]");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let found = client.diagnostics_until(&chain_uri, &mut kept, |list| {
        list.iter().any(|d| d["code"] == "TRACE-002")
    });
    let trace_002 = found
        .iter()
        .find(|d| d["code"] == "TRACE-002")
        .expect("TRACE-002");
    let link_line = broken[..broken.find("REQ-9").expect("REQ-9")]
        .matches('\n')
        .count();
    assert_eq!(trace_002["range"]["start"]["line"], json!(link_line));
    assert_eq!(trace_002["severity"], json!(1));
    assert!(
        trace_002["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("site/rules.html#TRACE-002")),
        "{trace_002}"
    );
    assert!(
        found.iter().any(|d| d["code"] == "TRACE-001"
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("REQ-1 has no passing test"))),
        "{found:?}"
    );
    // The file on disk is untouched: the server only reads.
    assert_eq!(std::fs::read_to_string(&chain).expect("chain"), text);

    // Repaired: the findings are cleared.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    client.diagnostics_until(&chain_uri, &mut kept, |list| {
        !list
            .iter()
            .any(|d| d["code"] == "TRACE-002" || d["code"] == "TRACE-001")
    });

    // Go to definition: CTL-1 in the risk's `controls:` lands on `id: CTL-1`.
    let at = position(&text, "CTL-1", 0);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": chain_uri}, "position": at}),
        &mut kept,
    );
    let id_line = text[..text.find("id: CTL-1").expect("CTL-1")]
        .matches('\n')
        .count();
    assert_eq!(definition["uri"], json!(chain_uri));
    assert_eq!(definition["range"]["start"]["line"], json!(id_line));

    // References: what names REQ-1 (the control's `requirements:` and the test's
    // `verifies:`), and its declaration.
    let at = position(&text, "REQ-1", 0);
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": chain_uri}, "position": at, "context": {"includeDeclaration": true}}),
        &mut kept,
    );
    let mut lines: Vec<usize> = references
        .as_array()
        .expect("references")
        .iter()
        .filter_map(|l| l["range"]["start"]["line"].as_u64().map(|n| n as usize))
        .collect();
    lines.sort_unstable();
    let line_of = |needle: &str| {
        text[..text.find(needle).expect("needle")]
            .matches('\n')
            .count()
    };
    assert_eq!(
        lines,
        [
            line_of("requirements: [REQ-1]"),
            line_of("id: REQ-1"),
            line_of("verifies: [REQ-1]")
        ],
        "{references}"
    );

    // Hover: kind, title, status, approvals.
    let at = position(&text, "RSK-1", 1);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": chain_uri}, "position": at}),
        &mut kept,
    );
    let shown = hover["contents"]["value"].as_str().expect("hover text");
    assert!(shown.contains("**RSK-1** Risk 1"), "{shown}");
    assert!(shown.contains("security risk · Approved"), "{shown}");
    assert!(shown.contains("approved by Q. Reviewer"), "{shown}");

    // The trace view (call hierarchy): down from CTL-1 is what names it (the risk's
    // `controls:`, the requirement's `sources:`); up is what it names; and on, transitively.
    let at = position(&text, "id: CTL-1", 0);
    let at = json!({"line": at["line"], "character": at["character"].as_u64().unwrap_or(0) + 4});
    let items = client.request(
        "textDocument/prepareCallHierarchy",
        json!({"textDocument": {"uri": chain_uri}, "position": at}),
        &mut kept,
    );
    assert_eq!(items[0]["name"], json!("CTL-1"), "{items}");
    let down = client.request(
        "callHierarchy/incomingCalls",
        json!({"item": items[0]}),
        &mut kept,
    );
    let names = |calls: &Value, side: &str| -> Vec<String> {
        calls
            .as_array()
            .expect("calls")
            .iter()
            .filter_map(|c| c[side]["name"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(names(&down, "from"), ["RSK-1", "REQ-1"], "{down}");
    let up = client.request(
        "callHierarchy/outgoingCalls",
        json!({"item": items[0]}),
        &mut kept,
    );
    assert_eq!(names(&up, "to"), ["RSK-1", "REQ-1"], "{up}");
    let further = client.request(
        "callHierarchy/incomingCalls",
        json!({"item": down[1]["from"]}),
        &mut kept,
    );
    assert_eq!(names(&further, "from"), ["CTL-1", "TST-1"], "{further}");

    // Document and workspace symbols.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": chain_uri}}),
        &mut kept,
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(5), "{symbols}");
    let symbols = client.request(
        "workspace/symbol",
        json!({"query": "requirement"}),
        &mut kept,
    );
    assert_eq!(symbols[0]["name"], json!("REQ-1 Requirement 1"));

    // Completion in a risk's `controls:` offers controls, not threats or tests.
    let editing = text.replace("controls: [CTL-1]", "controls: [CTL-1, ");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 4}, "contentChanges": [{"text": editing}]}),
    );
    let at = editing.find("CTL-1, ").expect("edit") + "CTL-1, ".len();
    let line = editing[..at].matches('\n').count();
    let column = at - editing[..at].rfind('\n').map_or(0, |i| i + 1);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": chain_uri}, "position": {"line": line, "character": column}}),
        &mut kept,
    );
    assert_eq!(items["isIncomplete"], json!(false));
    let labels: Vec<&str> = items["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["CTL-1"], "{items}");

    // A closed vocabulary: a control's `category:` offers the eight categories; a new line
    // in an artifact offers its kind's field names.
    let editing = text.replace("  category: authentication\n", "  category: \n  sta\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 5}, "contentChanges": [{"text": editing}]}),
    );
    let complete = |client: &mut Client, kept: &mut Vec<Value>, needle: &str| -> Vec<String> {
        // The cursor after `needle`, where it is followed by a line end.
        let at = editing.find(&format!("{needle}\n")).expect("needle") + needle.len();
        let line = editing[..at].matches('\n').count();
        let column = at - editing[..at].rfind('\n').map_or(0, |i| i + 1);
        let items = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": chain_uri}, "position": {"line": line, "character": column}}),
            kept,
        );
        items["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["label"].as_str().map(str::to_string))
            .collect()
    };
    let categories = complete(&mut client, &mut kept, "  category: ");
    assert_eq!(categories.len(), 8, "{categories:?}");
    assert!(categories.contains(&"authentication".to_string()));
    // The threat's `category:` is a STRIDE letter.
    let threat = editing.find("  category: T").expect("threat") + "  category: ".len();
    let line = editing[..threat].matches('\n').count();
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": chain_uri}, "position": {"line": line, "character": 12}}),
        &mut kept,
    );
    assert_eq!(items["items"].as_array().map(Vec::len), Some(6), "{items}");
    let fields = complete(&mut client, &mut kept, "  sta");
    assert!(
        fields.contains(&"state".to_string()) && fields.contains(&"mitigates".to_string()),
        "{fields:?}"
    );

    // A file that does not parse gets its parse finding; the rest of the dossier still
    // answers.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 6}, "contentChanges": [{"text": "- id: [unclosed\n  kind: threat\n"}]}),
    );
    let found = client.diagnostics_until(&chain_uri, &mut kept, |list| {
        list.iter()
            .any(|d| d["code"].as_str().is_some_and(|c| c.starts_with("PARSE-")))
    });
    assert!(!found.is_empty());
    let device = dir_path.join("device.yaml");
    let device_text = std::fs::read_to_string(&device).expect("device");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&device)}}),
        &mut kept,
    );
    assert_eq!(
        symbols[0]["name"],
        json!("DEV-1"),
        "{symbols} {device_text}"
    );

    client.stop(&mut kept);
}

/// Neovim, when the machine has it (`tests/run.sh` installs Debian's, and sets
/// `DOSSIER_REQUIRE_EDITOR=1` so the test cannot skip there).
fn neovim() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("DOSSIER_NVIM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("/usr/bin/nvim"));
    path.exists().then_some(path)
}

// A real editor, headless: Neovim (0.7, Debian 12's: `vim.lsp.start_client`) opens a file of
// the dossier, shows the server's finding, and its go-to-definition moves the cursor to the
// line of the artifact's `id:`.
#[test]
fn neovim_shows_the_finding_and_jumps_to_the_definition() {
    let Some(nvim) = neovim() else {
        assert!(
            std::env::var_os("DOSSIER_REQUIRE_EDITOR").is_none(),
            "Neovim is required (DOSSIER_REQUIRE_EDITOR is set) but /usr/bin/nvim is missing; run tests/run.sh"
        );
        eprintln!("SKIPPED neovim_shows_the_finding_and_jumps_to_the_definition: no Neovim");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = root().join("tests/fixtures/rules/TRACE-001/pass_unbroken");
    for name in ["dossier.yaml", "device.yaml"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).expect("copy fixture");
    }
    let text = std::fs::read_to_string(fixture.join("chain.yaml"))
        .expect("chain")
        .replace("verifies: [REQ-1]", "verifies: [REQ-9]");
    let dir_path = dir.path().canonicalize().expect("canonical");
    let chain = dir_path.join("chain.yaml");
    std::fs::write(&chain, &text).expect("chain");
    let line_of = |needle: &str| {
        text[..text.find(needle).expect("needle")]
            .matches('\n')
            .count()
    };
    // The cursor on CTL-1 in the risk's `controls:` (Neovim's lines count from 1).
    let (link_line, link_column) = {
        let at = text.find("controls: [CTL-1]").expect("link") + "controls: [".len();
        (
            line_of("controls: [CTL-1]") + 1,
            at - text[..at].rfind('\n').map_or(0, |i| i + 1),
        )
    };
    let out = dir_path.join("result.json");
    let script = dir_path.join("drive.lua");
    let lua = format!(
        r#"
local client = vim.lsp.start_client({{
  name = "dossier",
  cmd = {{ {bin:?}, "lsp", "--as-of", "2026-11-01", {dir:?} }},
  root_dir = {dir:?},
}})
vim.cmd("edit " .. {file:?})
vim.lsp.buf_attach_client(0, client)
local shown = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local codes = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(codes, {{ code = d.code, line = d.lnum, message = d.message }})
end
vim.api.nvim_win_set_cursor(0, {{ {link_line}, {link_column} }})
vim.lsp.buf.definition()
vim.wait(20000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= {link_line} end, 50)
local landed = vim.api.nvim_win_get_cursor(0)[1]
local f = io.open({out:?}, "w")
f:write(vim.fn.json_encode({{ shown = shown, diagnostics = codes, landed = landed }}))
f:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
"#,
        bin = env!("CARGO_BIN_EXE_dossier"),
        dir = dir_path.to_string_lossy(),
        file = chain.to_string_lossy(),
        out = out.to_string_lossy(),
    );
    std::fs::write(&script, lua).expect("script");
    let status = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&dir_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("neovim runs");
    assert!(status.success(), "neovim exited {status}");
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script's result"))
            .expect("json");
    assert_eq!(result["shown"], json!(true), "{result}");
    let trace_002 = result["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "TRACE-002")
        .unwrap_or_else(|| panic!("no TRACE-002 in {result}"));
    assert_eq!(trace_002["line"], json!(line_of("REQ-9")), "{result}");
    assert_eq!(
        result["landed"],
        json!(line_of("id: CTL-1") + 1),
        "{result}"
    );
}

// Rename an ID across the dossier (links in other files, Markdown, the manifest's waivers),
// refused when another artifact has the new ID; the did-you-mean quick fix of an unknown ID.
#[test]
fn rename_edits_every_file_and_quick_fixes_replace_an_unknown_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = root().join("tests/fixtures/rules/TRACE-001/pass_unbroken");
    for name in ["device.yaml", "chain.yaml"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).expect("copy fixture");
    }
    let manifest = std::fs::read_to_string(fixture.join("dossier.yaml")).expect("manifest")
        + "waivers:\n  - rule: TRACE-001\n    artifact: REQ-1\n    justification: x\n    approved_by: Q. Reviewer\n    date: 2026-01-15\n";
    std::fs::write(dir.path().join("dossier.yaml"), &manifest).expect("manifest");
    std::fs::write(
        dir.path().join("notes.md"),
        "---\nid: NOTE-1\nkind: threat\ntitle: Note\nrevision: \"1\"\nstatus: draft\nauthor: A\ncategory: T\n---\nREQ-1 and REQ-10 are different; see REQ-1.\n",
    )
    .expect("notes");
    let dir_path = dir.path().canonicalize().expect("canonical");
    let chain = dir_path.join("chain.yaml");
    let chain_uri = uri(&chain);
    let text = std::fs::read_to_string(&chain).expect("chain");
    let mut client = Client::start(&dir_path);
    let mut kept = Vec::new();
    client.initialize(&mut kept);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": chain_uri, "languageId": "yaml", "version": 1, "text": text}}),
    );

    let at = position(&text, "id: REQ-1", 0);
    let at = json!({"line": at["line"], "character": at["character"].as_u64().unwrap_or(0) + 4});
    let prepared = client.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": chain_uri}, "position": at}),
        &mut kept,
    );
    assert_eq!(
        prepared["end"]["character"].as_u64().unwrap_or(0)
            - prepared["start"]["character"].as_u64().unwrap_or(0),
        5,
        "{prepared}"
    );
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": chain_uri}, "position": at, "newName": "REQ-100"}),
        &mut kept,
    );
    let changes = &edit["changes"];
    // chain.yaml: the `id:`, the control's `requirements:`, the requirement's own... and the
    // test's `verifies:`; the manifest's waiver; the Markdown body twice (not REQ-10).
    assert_eq!(
        changes[&chain_uri].as_array().map(Vec::len),
        Some(3),
        "{edit}"
    );
    assert_eq!(
        changes[uri(&dir_path.join("dossier.yaml"))]
            .as_array()
            .map(Vec::len),
        Some(1),
        "{edit}"
    );
    assert_eq!(
        changes[uri(&dir_path.join("notes.md"))]
            .as_array()
            .map(Vec::len),
        Some(2),
        "{edit}"
    );
    // Nothing was written: the editor applies the edit.
    assert_eq!(std::fs::read_to_string(&chain).expect("chain"), text);

    // Refused: another artifact has the ID.
    client.send(
        json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/rename",
        "params": {"textDocument": {"uri": chain_uri}, "position": at, "newName": "CTL-1"}}),
    );
    let refusal = loop {
        let message = client
            .messages
            .recv_timeout(Duration::from_secs(60))
            .expect("answer");
        if message["id"] == json!(99) {
            break message;
        }
    };
    assert!(
        refusal["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("CTL-1 is already the ID of another artifact")),
        "{refusal}"
    );

    // A typo in a link: the quick fix replaces it with the ID the check suggests.
    let typo = text.replace("verifies: [REQ-1]", "verifies: [REQ-l]");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": chain_uri, "version": 2}, "contentChanges": [{"text": typo}]}),
    );
    client.diagnostics_until(&chain_uri, &mut kept, |list| {
        list.iter().any(|d| d["code"] == "TRACE-002")
    });
    let at = position(&typo, "REQ-l", 0);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": chain_uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        &mut kept,
    );
    let first = &actions[0];
    assert_eq!(
        first["title"],
        json!("Replace REQ-l with REQ-1"),
        "{actions}"
    );
    let fix = &first["edit"]["changes"][&chain_uri][0];
    assert_eq!(fix["newText"], json!("REQ-1"));
    assert_eq!(
        fix["range"]["end"]["character"].as_u64().unwrap_or(0)
            - fix["range"]["start"]["character"].as_u64().unwrap_or(0),
        5
    );
    // Or create it: a skeleton of each kind the field may name, at the end of the file,
    // which then parses.
    let create = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == json!("Create REQ-l as a requirement in this file"))
        .unwrap_or_else(|| panic!("no create action in {actions}"));
    let skeleton = create["edit"]["changes"][&chain_uri][0]["newText"]
        .as_str()
        .expect("skeleton");
    assert!(
        skeleton.contains("- id: REQ-l\n  kind: requirement\n"),
        "{skeleton}"
    );
    let created = format!("{typo}{skeleton}");
    let parsed = dossier::parse::parse_text("chain.yaml", &created);
    assert!(
        parsed.artifacts.iter().any(|a| a.id() == "REQ-l"),
        "{created}"
    );

    client.stop(&mut kept);
}

// Hover on an SBOM component named in a vulnerability's `components:`: what the SBOM says of
// it and the vulnerabilities tied to it.
#[test]
fn hover_on_a_component_shows_what_the_sbom_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::support::copy_tree(&root().join("example-dossier"), dir.path());
    let dir_path = dir.path().canonicalize().expect("canonical");
    let file = std::fs::read_dir(dir_path.join("vulnerabilities"))
        .expect("vulnerabilities")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            std::fs::read_to_string(p).is_ok_and(|t| t.contains("components: [mbedtls@3.6.2]"))
        })
        .expect("a vulnerability naming mbedtls");
    let text = std::fs::read_to_string(&file).expect("text");
    let mut client = Client::start(&dir_path);
    let mut kept = Vec::new();
    client.initialize(&mut kept);
    let at = position(&text, "mbedtls@3.6.2", 0);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&file)}, "position": at}),
        &mut kept,
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("**mbedtls** 3.6.2"), "{hover}");
    assert!(shown.contains("supplier:"), "{shown}");
    assert!(shown.contains("known vulnerabilities:"), "{shown}");
    client.stop(&mut kept);
}

/// Applies a single-edit workspace edit's text edits to a text (edits at one position).
fn apply(text: &str, edits: &Value) -> String {
    let mut out = text.to_string();
    let mut list: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
    list.sort_by_key(|e| {
        (
            std::cmp::Reverse(e["range"]["start"]["line"].as_u64()),
            std::cmp::Reverse(e["range"]["start"]["character"].as_u64()),
        )
    });
    for edit in list {
        let line = edit["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
        let character = edit["range"]["start"]["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = out
            .split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + character;
        out.insert_str(start, edit["newText"].as_str().unwrap_or_default());
    }
    out
}

// The back-link quick fix: HAZ-2 names RSK-1 among its security risks, RSK-1 does not name
// HAZ-2 back (SAFE-001); the fix adds HAZ-2 to RSK-1's `hazards:` and the finding goes.
#[test]
fn a_quick_fix_adds_the_missing_back_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::support::copy_tree(
        &root().join("tests/fixtures/rules/SAFE-001/fail_hazard_one_way"),
        dir.path(),
    );
    let dir_path = dir.path().canonicalize().expect("canonical");
    let chain = dir_path.join("chain.yaml");
    let text = std::fs::read_to_string(&chain).expect("chain");
    let mut client = Client::start(&dir_path);
    let mut kept = Vec::new();
    client.initialize(&mut kept);
    let at = position(&text, "id: RSK-1", 0);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&chain)}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        &mut kept,
    );
    let fix = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == json!("Add HAZ-2 to RSK-1's `hazards`"))
        .unwrap_or_else(|| panic!("no back-link fix in {actions}"));
    let fixed = apply(&text, &fix["edit"]["changes"][uri(&chain)]);
    assert!(fixed.contains("hazards: [HAZ-1, HAZ-2]"), "{fixed}");
    std::fs::write(&chain, &fixed).expect("write");
    let checked = crate::support::check(&dir_path);
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code == "SAFE-001" && d.message.contains("does not name hazard HAZ-2 back")),
        "{:?}",
        checked
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    client.stop(&mut kept);
}

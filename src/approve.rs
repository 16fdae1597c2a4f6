//! `dossier approve`: records an approval, with the fingerprint of what was approved, in the
//! artifact's own file. The one place dossier writes to a dossier.
//!
//! The edit is textual, so comments, key order and formatting survive: the new entry is
//! appended to the artifact's `approvals:` list (or the list is added at the end of the
//! artifact). Before anything is written, the edited text is parsed again and must give the
//! same artifact with one more approval; then the file is replaced atomically.

use crate::model::{Artifact, Date, fingerprint};
use crate::{Fatal, parse};

/// One approval to record.
#[derive(Debug, Clone)]
pub struct NewApproval {
    /// Who approves.
    pub name: String,
    /// In what role.
    pub role: String,
    /// When.
    pub date: Date,
    /// What the signature means (`authored`, `reviewed`, `approved`, `verified`), if given.
    pub meaning: Option<String>,
    /// The electronic signature of the approval, when it is signed (`approve --sign`).
    pub signature: Option<NewSignature>,
}

/// The signature of a new approval, as it is written.
#[derive(Debug, Clone)]
pub struct NewSignature {
    /// The signer's key fingerprint (`SHA256:...`).
    pub key: String,
    /// The armored SSH signature.
    pub sshsig: String,
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// A YAML double-quoted scalar (JSON strings are valid ones).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The file's text with the approval added to `artifact`, which was parsed from it.
pub fn add_approval(
    text: &str,
    path: &str,
    artifact: &Artifact,
    approval: &NewApproval,
) -> Result<String, Fatal> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = (artifact.span.line.max(1) - 1) as usize;
    let indent = (artifact.span.column.max(1) - 1) as usize;
    if start >= lines.len() {
        return Err(Fatal::new(format!(
            "cannot find {} in {path}",
            artifact.id()
        )));
    }
    // The artifact's lines: up to the first line indented less than its keys (the next list
    // item or the end of a Markdown front matter).
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            end = i;
            break;
        }
        if !is_blank_or_comment(line) && indentation(line) < indent {
            end = i;
            break;
        }
    }
    let key_line = (start..end).find(|&i| {
        let line = lines[i];
        let body = if i == start {
            line.get(indent..).unwrap_or(line)
        } else {
            line
        };
        (i == start || indentation(line) == indent) && body.trim_start().starts_with("approvals:")
    });
    let item = |item_indent: usize| -> String {
        let pad = " ".repeat(item_indent);
        let mut out = format!("{pad}- name: {}{newline}", quoted(&approval.name));
        out.push_str(&format!("{pad}  role: {}{newline}", quoted(&approval.role)));
        out.push_str(&format!("{pad}  date: {}{newline}", approval.date));
        if let Some(meaning) = &approval.meaning {
            out.push_str(&format!("{pad}  meaning: {meaning}{newline}"));
        }
        out.push_str(&format!(
            "{pad}  fingerprint: {}{newline}",
            fingerprint(artifact)
        ));
        // A signed approval is written in block style, the armored signature as a literal
        // block, so the file stays readable and `ssh-keygen -Y verify` can read the lines
        // as they are.
        if let Some(signature) = &approval.signature {
            out.push_str(&format!("{pad}  signature:{newline}"));
            out.push_str(&format!(
                "{pad}    key: {}{newline}",
                quoted(&signature.key)
            ));
            out.push_str(&format!("{pad}    sshsig: |{newline}"));
            for line in signature.sshsig.lines() {
                out.push_str(&format!("{pad}      {}{newline}", line.trim_end()));
            }
        }
        out
    };
    let last_content = |from: usize, to: usize| -> usize {
        (from..to)
            .rev()
            .find(|&i| !is_blank_or_comment(lines[i]))
            .unwrap_or(from)
    };
    let mut out = String::with_capacity(text.len() + 200);
    let ensure_newline = |out: &mut String| {
        if !out.ends_with('\n') {
            out.push_str(newline);
        }
    };
    match key_line {
        Some(k) => {
            let after = lines[k].split_once("approvals:").map(|x| x.1).unwrap_or("");
            let after = after.split(" #").next().unwrap_or("").trim();
            if after == "[]" || after == "~" || after == "null" {
                for line in &lines[..k] {
                    out.push_str(line);
                }
                out.push_str(&format!("{}approvals:{newline}", " ".repeat(indent)));
                out.push_str(&item(indent + 2));
                for line in &lines[k + 1..] {
                    out.push_str(line);
                }
                return Ok(out);
            }
            if !after.is_empty() {
                return Err(Fatal::new(format!(
                    "{path}:{}: `approvals` of {} is written in flow style; write it as a block \
                     list (one `- name: ...` entry per line) so dossier can add to it",
                    k + 1,
                    artifact.id()
                )));
            }
            // The block: the lines after the key that are indented more, or list items at the
            // key's own indentation.
            let mut block_end = k + 1;
            let mut item_indent = None;
            for (i, line) in lines.iter().enumerate().take(end).skip(k + 1) {
                if is_blank_or_comment(line) {
                    continue;
                }
                let ind = indentation(line);
                let is_item = line.trim_start().starts_with("- ") || line.trim() == "-";
                if ind > indent || (ind == indent && is_item) {
                    if is_item && item_indent.is_none() {
                        item_indent = Some(ind);
                    }
                    block_end = i + 1;
                } else {
                    break;
                }
            }
            let insert_at = last_content(k, block_end) + 1;
            for line in &lines[..insert_at] {
                out.push_str(line);
            }
            ensure_newline(&mut out);
            out.push_str(&item(item_indent.unwrap_or(indent + 2)));
            for line in &lines[insert_at..] {
                out.push_str(line);
            }
        }
        None => {
            let insert_at = last_content(start, end) + 1;
            for line in &lines[..insert_at] {
                out.push_str(line);
            }
            ensure_newline(&mut out);
            out.push_str(&format!("{}approvals:{newline}", " ".repeat(indent)));
            out.push_str(&item(indent + 2));
            for line in &lines[insert_at..] {
                out.push_str(line);
            }
        }
    }
    Ok(out)
}

/// Checks that the edited text gives the same artifact with the new approval, and that the
/// file reads as well as it did.
pub fn verify(
    before: &str,
    after: &str,
    path: &str,
    artifact: &Artifact,
    approval: &NewApproval,
) -> Result<(), Fatal> {
    let old = parse::parse_text(path, before);
    let new = parse::parse_text(path, after);
    let fp = fingerprint(artifact);
    let refuse = |why: &str| {
        Err(Fatal::new(format!(
            "approving {} would {why}; nothing was written. Add the approval to {path} by hand",
            artifact.id()
        )))
    };
    if new.diagnostics.len() > old.diagnostics.len() {
        return refuse("make the file unreadable");
    }
    let revision = |a: &Artifact| a.envelope.revision.as_ref().map(|r| r.value.clone());
    let Some(edited) = new
        .artifacts
        .iter()
        .find(|a| a.id() == artifact.id() && revision(a) == revision(artifact))
    else {
        return refuse("lose the artifact");
    };
    if fingerprint(edited) != fp
        || edited.envelope.approvals.len() != artifact.envelope.approvals.len() + 1
    {
        return refuse("change more than its approvals");
    }
    let Some(added) = edited.envelope.approvals.last() else {
        return refuse("lose the approval");
    };
    if added.name.value != approval.name
        || added.role.value != approval.role
        || added.date.value != approval.date
        || added.fingerprint.as_ref().map(|f| f.value.as_str()) != Some(fp.as_str())
        || added
            .signature
            .as_ref()
            .map(|s| (s.key.value.as_str(), s.sshsig.value.trim()))
            != approval
                .signature
                .as_ref()
                .map(|s| (s.key.as_str(), s.sshsig.trim()))
    {
        return refuse("record the approval wrongly");
    }
    let others_before: Vec<String> = old
        .artifacts
        .iter()
        .filter(|a| a.id() != artifact.id())
        .map(|a| serde_json::to_string(a).unwrap_or_default())
        .collect();
    let others_after: Vec<String> = new
        .artifacts
        .iter()
        .filter(|a| a.id() != artifact.id())
        .map(|a| serde_json::to_string(a).unwrap_or_default())
        .collect();
    if others_before != others_after {
        return refuse("change other artifacts of the file");
    }
    Ok(())
}

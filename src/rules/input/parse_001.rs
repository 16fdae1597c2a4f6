use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every artifact file can be read as YAML: it is UTF-8, not larger than 8 MiB, not
    /// empty, its YAML syntax is valid, a Markdown file's front matter is closed, and it stays
    /// within the parser's limits on nesting depth and alias expansion.
    ///
    /// ## Why it matters
    /// A file that cannot be read is evidence that silently drops out of the submission. The
    /// limits keep a malicious or broken file (an "alias bomb") from exhausting memory.
    ///
    /// ## Example
    /// ```yaml
    /// id: THR-001
    /// title: 'Spoofed bolus command
    /// ```
    /// Passes instead:
    /// ```yaml
    /// id: THR-001
    /// title: 'Spoofed bolus command'
    /// ```
    ///
    /// ## How to fix
    /// Correct the syntax at the reported line and column; save files as UTF-8; split very
    /// large files; write repeated content out instead of chaining aliases.
    ///
    /// ## References
    /// ISO 13485 4.2.4 (documents must remain legible and identifiable).
    pub static PARSE_001 = {
        code: "PARSE-001",
        name: "unreadable-file",
        severity: Error,
        citation: "13485 4.2.4",
        fix_hint: "Fix the file so it reads as YAML",
        check: Check::Stage,
        profiles: crate::rules::ALL_PROFILES,
        status: Stable,
        since: "0.1.0",
        messages: [],
    }
}

//! The site's tera templates and static files: embedded in the binary, each replaceable by a
//! file of the same name under the dossier's own `templates/site/` (as mdBook and zola let a
//! book override its theme).

use tera::Tera;

use crate::Fatal;
use crate::source::SourceSet;

/// The embedded templates, by name under `templates/site/`.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../../templates/site/base.html"),
    ),
    (
        "home.html",
        include_str!("../../../templates/site/home.html"),
    ),
    (
        "artifact.html",
        include_str!("../../../templates/site/artifact.html"),
    ),
    (
        "kind.html",
        include_str!("../../../templates/site/kind.html"),
    ),
    (
        "matrix.html",
        include_str!("../../../templates/site/matrix.html"),
    ),
    (
        "gaps.html",
        include_str!("../../../templates/site/gaps.html"),
    ),
    (
        "rules.html",
        include_str!("../../../templates/site/rules.html"),
    ),
    (
        "sbom.html",
        include_str!("../../../templates/site/sbom.html"),
    ),
    (
        "mapping.html",
        include_str!("../../../templates/site/mapping.html"),
    ),
    (
        "modifications.html",
        include_str!("../../../templates/site/modifications.html"),
    ),
    (
        "search.html",
        include_str!("../../../templates/site/search.html"),
    ),
    (
        "conformity.html",
        include_str!("../../../templates/site/conformity.html"),
    ),
];

/// The embedded static files, copied to `static/` in the site.
pub const STATIC: &[(&str, &str)] = &[
    (
        "site.css",
        include_str!("../../../templates/site/static/site.css"),
    ),
    (
        "site.js",
        include_str!("../../../templates/site/static/site.js"),
    ),
];

/// The text of a template or static file: the dossier's override, else the embedded one.
fn text(sources: &SourceSet, name: &str, embedded: &str) -> Result<String, Fatal> {
    let rel = format!("templates/site/{name}");
    if !sources.inventory.contains(&rel) {
        return Ok(embedded.to_string());
    }
    let bytes = sources
        .backing
        .read(&rel)
        .map_err(|e| Fatal::new(format!("cannot read {rel}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| Fatal::new(format!("{rel} is not UTF-8 text")))
}

/// The static files, with the dossier's overrides.
pub fn statics(sources: &SourceSet) -> Result<Vec<(&'static str, String)>, Fatal> {
    STATIC
        .iter()
        .map(|(name, embedded)| Ok((*name, text(sources, name, embedded)?)))
        .collect()
}

/// The template engine with every template loaded; a template error names the file and
/// what tera says about it.
pub fn engine(sources: &SourceSet) -> Result<Tera, Fatal> {
    let mut tera = Tera::default();
    let mut all = Vec::new();
    for (name, embedded) in TEMPLATES {
        all.push((name.to_string(), text(sources, name, embedded)?));
    }
    tera.add_raw_templates(all)
        .map_err(|e| Fatal::new(format!("templates/site: {}", chain(&e))))?;
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("label", label_filter);
    Ok(tera)
}

/// A tera error with its causes (the cause says the line and what is wrong).
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// `{{ value | label(vocab="status") }}`: a vocabulary value as a reader sees it (the same
/// labels as the PDF and `diff`); a list is labelled item by item, anything else is left as
/// it is.
fn label_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let vocab = args
        .get("vocab")
        .and_then(tera::Value::as_str)
        .ok_or_else(|| tera::Error::msg("label needs vocab=\"…\""))?;
    fn one(vocab: &str, v: &tera::Value) -> tera::Value {
        match v {
            tera::Value::String(s) => {
                tera::Value::String(crate::model::labels::label(vocab, s).to_string())
            }
            tera::Value::Array(items) => {
                tera::Value::Array(items.iter().map(|i| one(vocab, i)).collect())
            }
            other => other.clone(),
        }
    }
    Ok(one(vocab, value))
}

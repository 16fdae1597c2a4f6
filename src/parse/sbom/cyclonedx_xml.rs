//! CycloneDX XML 1.4 to 1.7: read into the shape of CycloneDX JSON, then through the JSON
//! reader, so both encodings give the same components by construction.
//!
//! quick-xml's event reader builds a small element tree (names, attributes, text); the
//! conversion picks the elements the rules need and ignores the rest, as the JSON reader does.
//! The version comes from the namespace (`http://cyclonedx.org/schema/bom/1.6`).

use quick_xml::events::Event;
use serde_json::{Map, Value, json};

use crate::diag::LineIndex;
use crate::model::Span;

const NAMESPACE: &str = "http://cyclonedx.org/schema/bom/";
const VERSIONS: &[&str] = &["1.4", "1.5", "1.6", "1.7"];
/// Deeper nesting than any real BOM, shallow enough that a hostile file cannot exhaust memory.
const MAX_DEPTH: usize = 64;

/// One element: local name, attributes, text, children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The children of the wrapper `list` named `item` (`<hashes><hash/>...</hashes>`).
    fn list<'a>(&'a self, list: &'a str, item: &'a str) -> impl Iterator<Item = &'a Element> {
        self.child(list).into_iter().flat_map(move |l| l.all(item))
    }

    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }
}

/// The local part of a possibly prefixed name.
fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or("").to_string()
}

fn error_at(text: &str, offset: u64, message: String) -> (String, Span) {
    let index = LineIndex::new(text);
    let offset = (offset as usize).min(text.len());
    let (line, column) = index.position(text, offset);
    (
        message,
        Span {
            offset: offset as u32,
            len: 0,
            line,
            column,
        },
    )
}

/// Parses the document into an element tree.
fn tree(text: &str) -> Result<Element, (String, Span)> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            error_at(
                text,
                reader.error_position(),
                format!("the SBOM is not well-formed XML: {e}"),
            )
        })?;
        let open = |e: &quick_xml::events::BytesStart| -> Result<Element, (String, Span)> {
            let mut element = Element {
                name: local(AsRef::<str>::as_ref(&e.name())),
                ..Element::default()
            };
            for attribute in e.attributes() {
                let attribute = attribute
                    .map_err(|err| error_at(text, position, format!("bad XML attribute: {err}")))?;
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| error_at(text, position, format!("bad XML attribute: {err}")))?;
                let key = AsRef::<str>::as_ref(&attribute.key).to_string();
                element.attributes.push((key, value.to_string()));
            }
            Ok(element)
        };
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(error_at(
                        text,
                        position,
                        format!("the XML nests deeper than {MAX_DEPTH} elements"),
                    ));
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                let element = open(&e)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            // Entity and character references arrive as their own events, so text is literal.
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or_default()
                        .to_string(),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => break,
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(error_at(
            text,
            text.len() as u64,
            "the XML ends before its elements are closed (truncated?)".to_string(),
        ));
    }
    let mut document = stack.pop().unwrap_or_default();
    document
        .children
        .pop()
        .filter(|_| document.children.is_empty())
        .ok_or_else(|| {
            (
                "the XML file has no single root element".to_string(),
                Span::default(),
            )
        })
}

/// A component in CycloneDX JSON shape.
fn component(e: &Element) -> Value {
    let mut c = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            c.insert(key.to_string(), Value::String(v));
        }
    };
    put("bom-ref", e.attribute("bom-ref").map(str::to_string));
    put("type", e.attribute("type").map(str::to_string));
    put("name", e.text_of("name"));
    put("version", e.text_of("version"));
    put("purl", e.text_of("purl"));
    put("cpe", e.text_of("cpe"));
    put("publisher", e.text_of("publisher"));
    put("scope", e.text_of("scope"));
    if let Some(supplier) = e.child("supplier") {
        c.insert("supplier".into(), contact(supplier));
    }
    if let Some(swid) = e.child("swid") {
        let mut tag = Map::new();
        for key in ["tagId", "name", "version"] {
            if let Some(v) = swid.attribute(key) {
                tag.insert(key.into(), Value::String(v.to_string()));
            }
        }
        if let Some(v) = swid
            .attribute("tagVersion")
            .and_then(|v| v.parse::<i64>().ok())
        {
            tag.insert("tagVersion".into(), v.into());
        }
        c.insert("swid".into(), Value::Object(tag));
    }
    if let Some(licenses) = e.child("licenses") {
        c.insert("licenses".into(), self::licenses(licenses));
    }
    let hashes: Vec<Value> = e
        .list("hashes", "hash")
        .map(|h| json!({ "alg": h.attribute("alg").unwrap_or(""), "content": h.text.trim() }))
        .collect();
    c.insert("hashes".into(), Value::Array(hashes));
    let properties: Vec<Value> = e
        .list("properties", "property")
        .map(|p| json!({ "name": p.attribute("name").unwrap_or(""), "value": p.text.trim() }))
        .collect();
    c.insert("properties".into(), Value::Array(properties));
    let children: Vec<Value> = e.list("components", "component").map(component).collect();
    c.insert("components".into(), Value::Array(children));
    Value::Object(c)
}

/// An organisation or person (`name`, no more) in JSON shape.
fn contact(e: &Element) -> Value {
    let mut c = Map::new();
    if let Some(name) = e.text_of("name") {
        c.insert("name".into(), Value::String(name));
    }
    Value::Object(c)
}

/// A licence choice in JSON shape: each `<license>` with its `id` and `name` (both kept,
/// so one with both breaks the schema as it breaks the XSD), each `<expression>`.
fn licenses(e: &Element) -> Value {
    let mut out = Vec::new();
    for child in &e.children {
        match child.name.as_str() {
            "license" => {
                let mut license = Map::new();
                for key in ["id", "name"] {
                    for item in child.all(key) {
                        license.insert(key.into(), Value::String(item.text.trim().to_string()));
                    }
                }
                if let Some(a) = child.attribute("acknowledgement") {
                    license.insert("acknowledgement".into(), Value::String(a.to_string()));
                }
                out.push(json!({ "license": license }));
            }
            "expression" => out.push(json!({ "expression": child.text.trim() })),
            _ => {}
        }
    }
    Value::Array(out)
}

/// A vulnerability (CycloneDX VEX/VDR) in JSON shape: what the VEX reader takes (ID,
/// references, analysis, affected targets and versions).
fn vulnerability(e: &Element) -> Value {
    let mut v = Map::new();
    let put = |map: &mut Map<String, Value>, key: &str, value: Option<String>| {
        if let Some(value) = value {
            map.insert(key.into(), Value::String(value));
        }
    };
    put(
        &mut v,
        "bom-ref",
        e.attribute("bom-ref").map(str::to_string),
    );
    put(&mut v, "id", e.text_of("id"));
    let references: Vec<Value> = e
        .list("references", "reference")
        .map(|r| {
            let mut source = Map::new();
            if let Some(src) = r.child("source") {
                put(&mut source, "name", src.text_of("name"));
                put(&mut source, "url", src.text_of("url"));
            }
            json!({ "id": r.text_of("id").unwrap_or_default(), "source": source })
        })
        .collect();
    if !references.is_empty() {
        v.insert("references".into(), Value::Array(references));
    }
    if let Some(a) = e.child("analysis") {
        let mut analysis = Map::new();
        put(&mut analysis, "state", a.text_of("state"));
        put(&mut analysis, "justification", a.text_of("justification"));
        put(&mut analysis, "detail", a.text_of("detail"));
        let responses: Vec<Value> = a
            .list("responses", "response")
            .map(|r| Value::String(r.text.trim().to_string()))
            .collect();
        if !responses.is_empty() {
            analysis.insert("response".into(), Value::Array(responses));
        }
        v.insert("analysis".into(), Value::Object(analysis));
    }
    let affects: Vec<Value> = e
        .list("affects", "target")
        .map(|t| {
            let versions: Vec<Value> = t
                .list("versions", "version")
                .map(|x| {
                    let mut version = Map::new();
                    put(&mut version, "version", x.text_of("version"));
                    put(&mut version, "range", x.text_of("range"));
                    put(&mut version, "status", x.text_of("status"));
                    Value::Object(version)
                })
                .collect();
            let mut target = Map::new();
            put(&mut target, "ref", t.text_of("ref"));
            if !versions.is_empty() {
                target.insert("versions".into(), Value::Array(versions));
            }
            Value::Object(target)
        })
        .collect();
    if !affects.is_empty() {
        v.insert("affects".into(), Value::Array(affects));
    }
    Value::Object(v)
}

/// A service, for the references it defines: `bom-ref`, `name`, nested services.
fn service(e: &Element) -> Value {
    let mut s = Map::new();
    if let Some(r) = e.attribute("bom-ref") {
        s.insert("bom-ref".into(), Value::String(r.to_string()));
    }
    if let Some(name) = e.text_of("name") {
        s.insert("name".into(), Value::String(name));
    }
    let nested: Vec<Value> = e.list("services", "service").map(service).collect();
    if !nested.is_empty() {
        s.insert("services".into(), Value::Array(nested));
    }
    Value::Object(s)
}

fn refs<'a>(e: &'a Element, list: &'a str, item: &'a str) -> Vec<Value> {
    e.list(list, item)
        .filter_map(|x| x.attribute("ref").map(|r| Value::String(r.to_string())))
        .collect()
}

/// Reads CycloneDX XML into the JSON shape the JSON reader takes.
pub(super) fn to_json(text: &str) -> Result<Value, (String, Span)> {
    let root = tree(text)?;
    let namespace = root
        .attributes
        .iter()
        .find(|(k, _)| k == "xmlns")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if root.name != "bom" || !namespace.starts_with(NAMESPACE) {
        return Err((
            format!(
                "the XML is not a CycloneDX BOM (root `{}` in namespace `{namespace}`); dossier reads CycloneDX XML and JSON, SPDX JSON",
                root.name
            ),
            Span::default(),
        ));
    }
    let version = namespace[NAMESPACE.len()..]
        .trim_end_matches('/')
        .to_string();
    if !VERSIONS.contains(&version.as_str()) {
        return Err((
            format!(
                "CycloneDX XML version `{version}` is not one of {}",
                VERSIONS.join(", ")
            ),
            Span::default(),
        ));
    }
    let mut metadata = Map::new();
    if let Some(m) = root.child("metadata") {
        if let Some(t) = m.text_of("timestamp") {
            metadata.insert("timestamp".into(), Value::String(t));
        }
        let authors: Vec<Value> = m.list("authors", "author").map(contact).collect();
        metadata.insert("authors".into(), Value::Array(authors));
        if let Some(c) = m.child("component") {
            metadata.insert("component".into(), component(c));
        }
        // Both spellings as written, as the JSON reader reads them.
        for key in ["manufacturer", "manufacture", "supplier"] {
            if let Some(who) = m.child(key) {
                metadata.insert(key.into(), contact(who));
            }
        }
        if let Some(licenses) = m.child("licenses") {
            metadata.insert("licenses".into(), self::licenses(licenses));
        }
    }
    let components: Vec<Value> = root
        .list("components", "component")
        .map(component)
        .collect();
    let dependencies: Vec<Value> = root
        .list("dependencies", "dependency")
        .map(|d| {
            json!({
                "ref": d.attribute("ref").unwrap_or(""),
                "dependsOn": d.all("dependency").filter_map(|x| x.attribute("ref")).collect::<Vec<_>>(),
            })
        })
        .collect();
    let compositions: Vec<Value> = root
        .list("compositions", "composition")
        .map(|c| {
            json!({
                "aggregate": c.text_of("aggregate").unwrap_or_default(),
                "assemblies": refs(c, "assemblies", "assembly"),
                "dependencies": refs(c, "dependencies", "dependency"),
            })
        })
        .collect();
    let services: Vec<Value> = root.list("services", "service").map(service).collect();
    let vulnerabilities: Vec<Value> = root
        .list("vulnerabilities", "vulnerability")
        .map(vulnerability)
        .collect();
    let mut bom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": version,
        "metadata": Value::Object(metadata),
        "components": components,
        "services": services,
        "dependencies": dependencies,
        "compositions": compositions,
        "vulnerabilities": vulnerabilities,
    });
    if let Some(map) = bom.as_object_mut() {
        // The attributes of `<bom>`; a `version` that is not a number is kept as text, so
        // the schema says it is not one.
        if let Some(v) = root.attribute("version") {
            let number = v.trim().parse::<i64>().map(Value::from);
            map.insert(
                "version".into(),
                number.unwrap_or_else(|_| Value::String(v.into())),
            );
        }
        if let Some(serial) = root.attribute("serialNumber") {
            map.insert("serialNumber".into(), Value::String(serial.to_string()));
        }
    }
    Ok(bom)
}

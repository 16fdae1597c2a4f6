//! Where the values JSON Pointers name are written in a JSON text.
//!
//! A schema violation names the offending value by JSON Pointer (`/components/3/hashes/0`);
//! the finding must point at its line. serde_json keeps no positions, so the text is walked
//! once for all the pointers of a document together: only the members on the way to a
//! wanted value are entered, everything else is skipped by scanning for its end. The cost is
//! one pass over the text however many violations there are (a pass per violation would be
//! quadratic on a 50 MB SBOM with thousands of them).

/// A pointer's reference tokens, unescaped (`~1` is `/`, `~0` is `~`).
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Where each pointer's value starts and ends (byte offsets) in `text`, a valid JSON text;
/// `None` for a pointer that names nothing in it.
pub fn locate(text: &str, pointers: &[Vec<String>]) -> Vec<Option<(usize, usize)>> {
    let mut found = vec![None; pointers.len()];
    let wanted: Vec<(usize, &[String])> = pointers
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.as_slice()))
        .collect();
    let mut walker = Walker {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    walker.value(&wanted, &mut found);
    found
}

struct Walker<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
}

impl Walker<'_> {
    fn space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    /// Walks one value at `at`, recording the pointers that end here and entering the
    /// members and items on the way to the others; leaves `at` just past the value.
    fn value(&mut self, wanted: &[(usize, &[String])], found: &mut [Option<(usize, usize)>]) {
        self.space();
        let start = self.at;
        let deeper: Vec<(usize, &[String])> = wanted
            .iter()
            .filter(|(_, rest)| !rest.is_empty())
            .copied()
            .collect();
        match self.bytes.get(self.at) {
            Some(b'{') if !deeper.is_empty() => self.object(&deeper, found),
            Some(b'[') if !deeper.is_empty() => self.array(&deeper, found),
            _ => self.skip(),
        }
        for (i, rest) in wanted {
            if rest.is_empty() {
                found[*i] = Some((start, self.at));
            }
        }
    }

    fn object(&mut self, wanted: &[(usize, &[String])], found: &mut [Option<(usize, usize)>]) {
        self.at += 1;
        loop {
            self.space();
            match self.bytes.get(self.at) {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.at += 1;
                    return;
                }
                Some(_) => {
                    // A comma between members.
                    self.at += 1;
                    continue;
                }
            }
            let key_start = self.at;
            self.string();
            let raw = self.text.get(key_start + 1..self.at - 1).unwrap_or("");
            let key = if raw.contains('\\') {
                serde_json::from_str::<String>(self.text.get(key_start..self.at).unwrap_or(""))
                    .unwrap_or_default()
            } else {
                raw.to_string()
            };
            self.space();
            // The colon.
            self.at += 1;
            let inner: Vec<(usize, &[String])> = wanted
                .iter()
                .filter(|(_, rest)| rest[0] == key)
                .map(|(i, rest)| (*i, &rest[1..]))
                .collect();
            if inner.is_empty() {
                self.space();
                self.skip();
            } else {
                self.value(&inner, found);
            }
        }
    }

    fn array(&mut self, wanted: &[(usize, &[String])], found: &mut [Option<(usize, usize)>]) {
        self.at += 1;
        let mut index = 0usize;
        loop {
            self.space();
            match self.bytes.get(self.at) {
                Some(b']') | None => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    index += 1;
                    continue;
                }
                Some(_) => {}
            }
            let inner: Vec<(usize, &[String])> = wanted
                .iter()
                .filter(|(_, rest)| rest[0].parse::<usize>().ok() == Some(index))
                .map(|(i, rest)| (*i, &rest[1..]))
                .collect();
            if inner.is_empty() {
                self.skip();
            } else {
                self.value(&inner, found);
            }
        }
    }

    /// Moves past a string whose opening quote is at `at`.
    fn string(&mut self) {
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    /// Moves past the value at `at` without looking inside it.
    fn skip(&mut self) {
        match self.bytes.get(self.at) {
            Some(b'"') => self.string(),
            Some(b'{') | Some(b'[') => {
                let mut depth = 0usize;
                while let Some(&b) = self.bytes.get(self.at) {
                    match b {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            Some(_) => {
                while self.bytes.get(self.at).is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.at += 1;
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, pointer: &str) -> Option<&'t str> {
        locate(text, &[tokens(pointer)])[0].map(|(s, e)| &text[s..e])
    }

    #[test]
    fn finds_values_by_pointer() {
        let text = r#"{ "a": [1, {"b": "x\"y"}, [2, 3]], "c~/d": {"e": null}, "f": {} }"#;
        assert_eq!(at(text, ""), Some(text));
        assert_eq!(at(text, "/a/0"), Some("1"));
        assert_eq!(at(text, "/a/1/b"), Some(r#""x\"y""#));
        assert_eq!(at(text, "/a/2/1"), Some("3"));
        assert_eq!(at(text, "/c~0~1d/e"), Some("null"));
        assert_eq!(at(text, "/f"), Some("{}"));
        assert_eq!(at(text, "/a/9"), None);
        assert_eq!(at(text, "/nope"), None);
    }

    #[test]
    fn escaped_keys_and_many_pointers_in_one_pass() {
        let text = "{\"k\\u0065y\": [ {\"x\": 1}, {\"x\": 2} ]}";
        let found = locate(
            text,
            &[tokens("/key/1/x"), tokens("/key/0/x"), tokens("/key")],
        );
        let slices: Vec<_> = found.iter().map(|f| f.map(|(s, e)| &text[s..e])).collect();
        assert_eq!(
            slices,
            [Some("2"), Some("1"), Some("[ {\"x\": 1}, {\"x\": 2} ]")]
        );
    }
}

//! Conversions between byte offsets and line/column positions.

/// The start offset of every line of a text, for position lookups in O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes a text.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line that holds a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte offset where a 0-based line starts (the text's length past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset of a 1-based line and 1-based character column, clamped to the text.
    pub fn offset(&self, text: &str, line: u32, column: u32) -> usize {
        let line = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let line_text = text.get(start..end).unwrap_or("");
        let col = column.max(1) as usize - 1;
        let within = line_text
            .char_indices()
            .nth(col)
            .map(|(i, _)| i)
            .unwrap_or(line_text.len());
        start + within
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line as u32 + 1, column as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Offsets and positions convert both ways, counting columns in characters.
    #[test]
    fn round_trips() {
        let text = "a: 1\nbé: x\n";
        let index = LineIndex::new(text);
        let off = index.offset(text, 2, 5);
        assert_eq!(&text[off..off + 1], "x");
        assert_eq!(index.position(text, off), (2, 5));
        assert_eq!(index.position(text, 0), (1, 1));
    }
}

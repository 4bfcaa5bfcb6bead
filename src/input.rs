//! Reading page files: decoding, BOM, line endings, and the errors that name
//! the file and the byte offset. Owns nothing about page structure.
//!
//! Every later stage works on [`Source::text`], whose byte offsets are offsets
//! into the original file: a UTF-8 BOM stays in the text (as U+FEFF) rather
//! than being stripped, so no offset ever needs shifting.

use std::path::{Path, PathBuf};

/// One input file, decoded.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or `-` for standard input).
    pub path: PathBuf,
    /// The decoded text; byte offsets are offsets into the original file.
    pub text: String,
    /// The line ending the file mostly uses, kept for `fix` output.
    pub line_ending: LineEnding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }

    fn detect(text: &str) -> Self {
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count();
        if crlf * 2 > lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        }
    }
}

/// Why a file could not be read as a page.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: not valid UTF-8 at byte {offset} (the file is left untouched)")]
    Encoding { path: PathBuf, offset: usize },
    #[error("{path}: looks like a binary file (NUL byte at {offset}); skipped")]
    Binary { path: PathBuf, offset: usize },
}

impl Source {
    /// Decode bytes read from `path`. Rejects binary data and invalid UTF-8
    /// with the offset of the first bad byte; nothing is replaced silently.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Self, InputError> {
        let path = path.into();
        // Binary sniff on the first 8 KiB, as git and ripgrep do.
        if let Some(offset) = bytes.iter().take(8192).position(|&b| b == 0) {
            return Err(InputError::Binary { path, offset });
        }
        let text = String::from_utf8(bytes).map_err(|e| InputError::Encoding {
            path: path.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        let line_ending = LineEnding::detect(&text);
        Ok(Source { path, text, line_ending })
    }

    /// Read a file, or standard input for `-`.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let bytes = if path == Path::new("-") {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
            buf
        } else {
            std::fs::read(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?
        };
        Self::from_bytes(path, bytes)
    }

    /// The file name used in output records (`p01.md`), or `-`.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    /// Has a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.text.starts_with('\u{feff}')
    }
}

/// Converts byte offsets to 1-based line and character column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based (line, column in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = text[self.starts[line]..offset].chars().count();
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_offset() {
        let mut bytes = "党的力量".as_bytes().to_vec();
        bytes.extend([0xB5, 0xB3]); // GBK bytes inside UTF-8 text
        let err = Source::from_bytes("p01.md", bytes).unwrap_err();
        assert!(matches!(err, InputError::Encoding { offset: 12, .. }), "{err}");
        assert!(err.to_string().contains("p01.md"));
    }

    #[test]
    fn binary_is_rejected() {
        let err = Source::from_bytes("x.md", vec![b'a', 0, b'b']).unwrap_err();
        assert!(matches!(err, InputError::Binary { offset: 1, .. }));
    }

    #[test]
    fn bom_and_crlf_are_kept() {
        let s = Source::from_bytes("p.md", "\u{feff}# 标题\r\n\r\n正文。\r\n".as_bytes().to_vec()).unwrap();
        assert!(s.has_bom());
        assert_eq!(s.line_ending, LineEnding::CrLf);
    }

    #[test]
    fn columns_count_characters() {
        let text = "第一行\n走到基层一线，通\n";
        let idx = LineIndex::new(text);
        let off = text.find('通').unwrap();
        assert_eq!(idx.line_col(text, off), (2, 8));
    }
}

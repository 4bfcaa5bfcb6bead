//! Reading page files: decoding, BOM, line endings, and the errors that name
//! the file and the byte offset. Owns nothing about page structure.
//!
//! Every later stage works on [`Source::text`]. For a UTF-8 file its byte
//! offsets are offsets into the original file: a BOM stays in the text (as
//! U+FEFF) rather than being stripped. A GB18030 or Big5 file is decoded, and
//! [`Source::original_offset`] maps an offset in the text back to the file's
//! bytes for reports; `fix` writes the file back in its own encoding.

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
    /// The encoding the file was read in.
    pub encoding: Encoding,
    /// For a file not in UTF-8: `(offset in text, offset in file)` at each
    /// character, ascending, so reports can name the file's own bytes.
    offsets: Option<Vec<(u32, u32)>>,
    /// For a part of a large file read in chunks ([`ChunkReader`]): where the
    /// part starts in the file (bytes) and the number of lines before it.
    pub base: usize,
    pub lines_before: usize,
    /// For an OCR document (hOCR, ALTO, PaddleOCR JSON): the document, whose
    /// text view is `text` and to which a repair is written back.
    pub document: Option<std::sync::Arc<crate::ocr::OcrDocument>>,
}

/// Encodings jiaodui reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GB18030, which includes GBK and GB2312.
    Gb18030,
    /// Big5 (traditional Chinese).
    Big5,
}

impl Encoding {
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(Encoding::Gb18030),
            "big5" | "cp950" => Some(Encoding::Big5),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Big5 => "big5",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Big5 => encoding_rs::BIG5,
        }
    }

    /// Encode text for writing; a character the encoding cannot hold is an
    /// error naming it, never a silent replacement.
    pub fn encode(self, text: &str) -> Result<Vec<u8>, char> {
        if self == Encoding::Utf8 {
            return Ok(text.as_bytes().to_vec());
        }
        let (bytes, _, unmappable) = self.codec().encode(text);
        if unmappable {
            let bad = text.chars().find(|c| self.codec().encode(&c.to_string()).2).unwrap_or('?');
            return Err(bad);
        }
        Ok(bytes.into_owned())
    }
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
        let bytes = text.as_bytes();
        let (mut lf, mut crlf) = (0usize, 0usize);
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                lf += 1;
                crlf += usize::from(i > 0 && bytes[i - 1] == b'\r');
            }
        }
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
    #[error("{path}: not valid {encoding} at byte {offset} (the file is left untouched)")]
    Encoding { path: PathBuf, encoding: &'static str, offset: usize },
    #[error("{path}: ‘{character}’ cannot be written in {encoding}; the file is left untouched")]
    Unencodable { path: PathBuf, encoding: &'static str, character: char },
    #[error("{path}: looks like a binary file (NUL byte at {offset}); skipped")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: {encoding} text is not supported; convert it to UTF-8 (for example `iconv -f {encoding} -t UTF-8`); the file is left untouched")]
    Unsupported { path: PathBuf, encoding: &'static str },
    #[error("{path}: lines end in a bare CR (old Mac text), which jiaodui does not read; convert them to LF or CRLF; the file is left untouched")]
    BareCr { path: PathBuf },
    #[error("{path}: not a regular file; skipped")]
    NotAFile { path: PathBuf },
    #[error("{path}: not a well-formed {format} file at byte {offset}: {message}; skipped")]
    Malformed { path: PathBuf, format: &'static str, offset: usize, message: String },
    #[error("{path}: {message}; the file is left untouched")]
    NotWritable { path: PathBuf, message: String },
}

impl Source {
    /// Decode bytes read from `path`: UTF-8 if they are valid UTF-8, else
    /// GB18030 or Big5, whichever decodes and reads as more common Chinese.
    /// Binary data and bytes no encoding accepts are errors naming the
    /// offset; nothing is replaced silently.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Self, InputError> {
        Self::decode(path, bytes, None)
    }

    /// Decode in a given encoding (`None`: detect).
    pub fn decode(path: impl Into<PathBuf>, bytes: Vec<u8>, encoding: Option<Encoding>) -> Result<Self, InputError> {
        let path = path.into();
        if let Some(format) = crate::ocr::detect(&bytes) {
            return Self::ocr_document(path, bytes, format);
        }
        if let Some(encoding) = utf16(&bytes) {
            return Err(InputError::Unsupported { path, encoding });
        }
        // A NUL anywhere: binary data, never a page to rewrite.
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(InputError::Binary { path, offset });
        }
        if bare_cr(&bytes) {
            return Err(InputError::BareCr { path });
        }
        let utf8_error = match (encoding, std::str::from_utf8(&bytes)) {
            (None | Some(Encoding::Utf8), Ok(_)) => {
                let text = String::from_utf8(bytes).expect("checked");
                return Ok(Source { path, line_ending: LineEnding::detect(&text), text, encoding: Encoding::Utf8, offsets: None, base: 0, lines_before: 0, document: None });
            }
            (None | Some(Encoding::Utf8), Err(e)) => e.valid_up_to(),
            (Some(_), _) => 0,
        };
        let candidates: Vec<Encoding> = match encoding {
            Some(Encoding::Utf8) => vec![],
            Some(e) => vec![e],
            None => vec![Encoding::Gb18030, Encoding::Big5],
        };
        let decoded: Vec<(Encoding, String)> = candidates
            .into_iter()
            .filter_map(|e| {
                let text = e.codec().decode_without_bom_handling_and_without_replacement(&bytes)?;
                Some((e, text.into_owned()))
            })
            .collect();
        let best = decoded.into_iter().max_by_key(|(_, t)| common_han_share(t));
        let Some((encoding_used, text)) = best else {
            let (name, offset) = match encoding {
                Some(e) if e != Encoding::Utf8 => (e.name(), first_undecodable(e, &bytes)),
                Some(_) => ("utf-8", utf8_error),
                // Detection failed. Text that is UTF-8 up to the bad byte
                // (with Chinese in it) is a UTF-8 file with a bad byte; else
                // name the legacy encoding the file reads furthest in.
                None if bytes[..utf8_error].iter().any(|&b| b >= 0x80) => ("utf-8", utf8_error),
                None => {
                    let (gb, big5) = (first_undecodable(Encoding::Gb18030, &bytes), first_undecodable(Encoding::Big5, &bytes));
                    if big5 > gb {
                        (Encoding::Big5.name(), big5)
                    } else {
                        (Encoding::Gb18030.name(), gb)
                    }
                }
            };
            return Err(InputError::Encoding { path, encoding: name, offset });
        };
        let offsets = Some(offset_map(encoding_used, &text));
        Ok(Source { path, line_ending: LineEnding::detect(&text), text, encoding: encoding_used, offsets, base: 0, lines_before: 0, document: None })
    }

    /// An hOCR, ALTO or PaddleOCR JSON file: its text view, with every
    /// character's offset in the file.
    fn ocr_document(path: PathBuf, bytes: Vec<u8>, format: crate::ocr::OcrFormat) -> Result<Self, InputError> {
        let file = String::from_utf8(bytes).map_err(|e| InputError::Encoding { path: path.clone(), encoding: "utf-8", offset: e.utf8_error().valid_up_to() })?;
        let doc = crate::ocr::read(format, file).map_err(|e| InputError::Malformed { path: path.clone(), format: format.name(), offset: e.offset, message: e.message })?;
        let offsets = Some(doc.offsets());
        let text = doc.view.clone();
        Ok(Source { path, line_ending: LineEnding::Lf, text, encoding: Encoding::Utf8, offsets, base: 0, lines_before: 0, document: Some(std::sync::Arc::new(doc)) })
    }

    /// The same file with other text (a repaired version of it): its path,
    /// encoding and place in the file are kept, its line ending detected again.
    pub fn with_text(&self, text: String) -> Source {
        // An OCR document's repaired view has no place in the file yet: its
        // offsets are the view's own.
        let offsets = self.offsets.as_ref().filter(|_| self.document.is_none()).map(|_| offset_map(self.encoding, &text));
        Source { path: self.path.clone(), line_ending: LineEnding::detect(&text), text, encoding: self.encoding, offsets, base: self.base, lines_before: self.lines_before, document: self.document.clone() }
    }

    /// The offset in the original file of an offset in [`Source::text`].
    pub fn original_offset(&self, offset: usize) -> usize {
        self.base + self.offset_in_part(offset)
    }

    /// The offset in the original file of the end of a span that ends at
    /// `offset` in [`Source::text`] (in an OCR document, right after the
    /// span's last character, not at the next word).
    pub fn original_end(&self, offset: usize) -> usize {
        match self.document.as_ref().and_then(|d| d.file_end(offset)) {
            Some(end) => self.base + end,
            None => self.original_offset(offset),
        }
    }

    fn offset_in_part(&self, offset: usize) -> usize {
        match &self.offsets {
            None => offset,
            Some(map) => {
                let i = map.partition_point(|&(t, _)| (t as usize) <= offset);
                if i == 0 {
                    return offset;
                }
                let (t, f) = map[i - 1];
                f as usize + (offset - t as usize)
            }
        }
    }

    /// The text encoded for writing back in the file's own encoding (or `to`).
    pub fn encode(&self, text: &str, to: Option<Encoding>) -> Result<Vec<u8>, InputError> {
        if let Some(doc) = &self.document {
            return doc.write_back(text).map(String::into_bytes).map_err(|message| InputError::NotWritable { path: self.path.clone(), message });
        }
        let encoding = to.unwrap_or(self.encoding);
        encoding.encode(text).map_err(|c| InputError::Unencodable { path: self.path.clone(), encoding: encoding.name(), character: c })
    }

    /// Read a file, or standard input for `-`.
    ///
    /// Only a regular file is read (a FIFO or a device would block or never
    /// end); standard input is read whole here, and in parts by
    /// [`ChunkReader::stdin`].
    pub fn read(path: &Path) -> Result<Self, InputError> {
        Self::read_as(path, None)
    }

    /// Read in a given encoding (`None`: detect).
    pub fn read_as(path: &Path, encoding: Option<Encoding>) -> Result<Self, InputError> {
        let bytes = if path == Path::new("-") {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
            buf
        } else {
            read_regular(path, u64::MAX).map_err(|e| match e {
                ReadError::NotAFile => InputError::NotAFile { path: path.to_path_buf() },
                ReadError::Io(source) | ReadError::TooLarge(_, source) => InputError::Io { path: path.to_path_buf(), source },
            })?
        };
        Self::decode(path, bytes, encoding)
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

/// Why [`read_regular`] failed.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, a device, a socket or a directory.
    NotAFile,
    /// Larger than the limit (the limit, and an error to chain).
    TooLarge(u64, std::io::Error),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile => f.write_str("not a regular file"),
            ReadError::TooLarge(limit, _) => write!(f, "larger than {} MiB, the limit for this kind of file", limit >> 20),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// The bytes of a regular file (following links) of at most `limit` bytes.
/// Reading stops at the limit, so `/dev/zero` or a huge file cannot
/// exhaust memory, and a FIFO is refused before it can block.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit, std::io::Error::other("file too large")));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit, std::io::Error::other("file too large")));
    }
    Ok(bytes)
}

/// Common simplified and traditional characters: the decoding that yields
/// more of them is the right one.
const COMMON_HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

fn common_han_share(text: &str) -> usize {
    text.chars().filter(|c| COMMON_HAN.contains(*c)).count()
}

/// UTF-16 text: a byte-order mark, or NULs at every other byte of the start
/// (Latin or CJK text without a mark).
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    // A page of Chinese in UTF-16 has few zero bytes; ASCII-heavy text has them on one side.
    if zeros(1) * 2 > pairs && zeros(0) == 0 {
        Some("UTF-16LE")
    } else if zeros(0) * 2 > pairs && zeros(1) == 0 {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// Line ends that are bare CRs: no LF at all, and a CR with text after it.
fn bare_cr(bytes: &[u8]) -> bool {
    !bytes.contains(&b'\n') && bytes.iter().position(|&b| b == b'\r').is_some_and(|i| i + 1 < bytes.len())
}

/// `(offset in text, offset in file)` at every character of a decoded text.
fn offset_map(encoding: Encoding, text: &str) -> Vec<(u32, u32)> {
    let mut map = Vec::with_capacity(text.len() / 2);
    let mut file = 0usize;
    let mut buf = [0u8; 4];
    for (t, c) in text.char_indices() {
        map.push((t as u32, file as u32));
        let (bytes, _, _) = encoding.codec().encode(c.encode_utf8(&mut buf));
        file += bytes.len();
    }
    map
}

/// The offset of the first byte sequence `encoding` cannot decode.
fn first_undecodable(encoding: Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.codec().new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 2);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(len, _) => read.saturating_sub(len as usize),
        _ => read,
    }
}

/// Reads a large file in parts that end before an article title, so that
/// memory stays bounded however large the file is. Each part is a
/// [`Source`] whose offsets and line numbers are those of the whole file.
pub struct ChunkReader {
    path: PathBuf,
    reader: Box<dyn std::io::BufRead + Send>,
    /// Parts are at least this large (`usize::MAX`: the input is one part).
    target: Option<usize>,
    encoding: Option<Encoding>,
    /// The first line of the next part, already read.
    pending: Vec<u8>,
    offset: usize,
    lines: usize,
    done: bool,
}

impl ChunkReader {
    pub fn open(path: &Path, encoding: Option<Encoding>) -> Result<Self, InputError> {
        let io = |source| InputError::Io { path: path.to_path_buf(), source };
        if !std::fs::metadata(path).map_err(io)?.is_file() {
            return Err(InputError::NotAFile { path: path.to_path_buf() });
        }
        let file = std::fs::File::open(path).map_err(io)?;
        Ok(Self::new(path, Box::new(std::io::BufReader::new(file)), encoding, None))
    }

    /// Standard input, read like a file: whole when it holds at most
    /// `threshold` bytes, else in parts, so memory stays bounded however
    /// much is piped in.
    pub fn stdin(threshold: usize, encoding: Option<Encoding>) -> Result<Self, InputError> {
        use std::io::Read;
        let path = Path::new("-");
        let mut head = Vec::new();
        let mut stdin = std::io::stdin();
        (&mut stdin).take(threshold as u64 + 1).read_to_end(&mut head).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
        let whole = head.len() <= threshold;
        let reader = std::io::BufReader::new(std::io::Cursor::new(head).chain(stdin));
        Ok(Self::new(path, Box::new(reader), encoding, whole.then_some(usize::MAX)))
    }

    fn new(path: &Path, reader: Box<dyn std::io::BufRead + Send>, encoding: Option<Encoding>, target: Option<usize>) -> Self {
        ChunkReader { path: path.to_path_buf(), reader, target, encoding, pending: Vec::new(), offset: 0, lines: 0, done: false }
    }

    /// The next part of at least `target` bytes (unless the file ends),
    /// cut before a `#` title that follows a blank line, or at any blank
    /// line once it has grown to four times `target`.
    pub fn next_part(&mut self, target: usize) -> Option<Result<Source, InputError>> {
        if self.done {
            return None;
        }
        let target = self.target.unwrap_or(target);
        let mut bytes = std::mem::take(&mut self.pending);
        let mut lines = usize::from(!bytes.is_empty());
        let mut prev_blank = false;
        let mut prev_finished = false;
        loop {
            let mut line = Vec::new();
            match self.reader.read_until(b'\n', &mut line) {
                Err(source) => return Some(Err(InputError::Io { path: self.path.clone(), source })),
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(_) => {}
            }
            let blank = line.iter().all(|b| b.is_ascii_whitespace());
            let title = line.starts_with(b"# ") || line.starts_with(b"## ");
            let big = bytes.len() >= target;
            // Cut before a title; failing that, after a finished paragraph
            // (a part never ends on a fragment whose continuation the next
            // part holds, so where the cut falls does not change what is
            // joined); failing that, at any blank line.
            let fallback = bytes.len() >= target.saturating_mul(4) && (prev_finished || bytes.len() >= target.saturating_mul(16));
            if big && prev_blank && (title || fallback) {
                self.pending = line;
                break;
            }
            if !blank {
                prev_finished = ends_sentence(&line);
            }
            prev_blank = blank;
            bytes.extend_from_slice(&line);
            lines += 1;
        }
        if bytes.is_empty() {
            return None;
        }
        let base = self.offset;
        let lines_before = self.lines;
        self.offset += bytes.len();
        self.lines += lines;
        Some(Source::decode(self.path.clone(), bytes, self.encoding).map(|mut s| {
            // Later parts keep the encoding the first one was read in.
            self.encoding = Some(s.encoding);
            s.base = base;
            s.lines_before = lines_before;
            s
        }))
    }
}

/// Whether a line's bytes end with a mark that finishes a paragraph
/// (`。！？”』」`), in any of the encodings read.
fn ends_sentence(line: &[u8]) -> bool {
    static ENDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    let ends = ENDS.get_or_init(|| {
        let mut v = Vec::new();
        for c in ["。", "！", "？", "”", "』", "」", "…"] {
            for e in [Encoding::Utf8, Encoding::Gb18030, Encoding::Big5] {
                if let Ok(b) = e.encode(c) {
                    v.push(b);
                }
            }
        }
        v
    });
    let end = line.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let line = &line[..end];
    ends.iter().any(|e| line.ends_with(e))
}

/// Converts byte offsets to 1-based line and character column numbers.
///
/// Besides each line's start it keeps a checkpoint every few KiB inside long
/// lines, so a column costs a short count however long the line is (a page
/// of one 10 MB line has as many findings as any other).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// (byte offset, line index, characters before it on its line), ascending.
    marks: Vec<(usize, usize, usize)>,
}

/// Bytes between checkpoints inside a line.
const LINE_CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut marks = vec![(0, 0, 0)];
        let mut start = 0;
        for (line, end) in text.match_indices('\n').map(|(i, _)| i).chain([text.len()]).enumerate() {
            // Checkpoints inside a long line only.
            if end - start > LINE_CHECKPOINT {
                let (mut col, mut since) = (0, 0);
                for (i, c) in text[start..end].char_indices() {
                    if since >= LINE_CHECKPOINT {
                        marks.push((start + i, line, col));
                        since = 0;
                    }
                    col += 1;
                    since += c.len_utf8();
                }
            }
            if end < text.len() {
                marks.push((end + 1, line + 1, 0));
            }
            start = end + 1;
        }
        LineIndex { marks }
    }

    /// 1-based column in bytes (UTF-8) of a byte offset on its line.
    pub fn byte_col(&self, text: &str, offset: usize) -> usize {
        let k = self.marks.partition_point(|&(b, _, _)| b <= offset) - 1;
        let (mut at, line, _) = self.marks[k];
        // Back to the start of the line (checkpoints inside a line share its number).
        let mut j = k;
        while j > 0 && self.marks[j - 1].1 == line {
            j -= 1;
            at = self.marks[j].0;
        }
        let _ = text;
        offset - at + 1
    }

    /// 1-based (line, column in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let k = self.marks.partition_point(|&(b, _, _)| b <= offset) - 1;
        let (at, line, col) = self.marks[k];
        (line + 1, col + text[at..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_offset() {
        let mut bytes = "党的力量".as_bytes().to_vec();
        bytes.extend([0xB5, 0xB3]); // GBK bytes inside UTF-8 text
        bytes.extend([0xFF, 0xFF, 0xFF]); // and then bytes no encoding takes
        let err = Source::from_bytes("p01.md", bytes).unwrap_err();
        assert!(matches!(err, InputError::Encoding { offset: 12, .. }), "{err}");
        assert!(err.to_string().contains("p01.md"));
    }

    #[test]
    fn detection_errors_name_the_encoding_and_byte() {
        // A GB18030 page with one bad byte at offset 200.
        let text = "走到基层一线，通过对接工作。".repeat(10);
        let mut bytes = encoding_rs::GB18030.encode(&text).0.into_owned();
        bytes.truncate(200);
        bytes.extend([0xFF, 0xB5, 0xB3]);
        let err = Source::from_bytes("p.txt", bytes).unwrap_err();
        assert!(matches!(err, InputError::Encoding { encoding: "gb18030", offset: 200, .. }), "{err}");
        // A NUL past the first 8 KiB.
        let mut bytes = "走到基层一线。".repeat(1000).into_bytes();
        bytes.push(0);
        assert!(matches!(Source::from_bytes("p.md", bytes).unwrap_err(), InputError::Binary { offset: 21000, .. }));
        // UTF-16, with and without a byte-order mark.
        let mut le = vec![0xFF, 0xFE];
        le.extend("走到基层一线".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(Source::from_bytes("p.md", le).unwrap_err(), InputError::Unsupported { encoding: "UTF-16LE", .. }));
        let ascii: Vec<u8> = "# Title\n\nSome text here.\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(matches!(Source::from_bytes("p.md", ascii).unwrap_err(), InputError::Unsupported { encoding: "UTF-16BE", .. }));
        // Bare CR line ends are said, not read as one line.
        assert!(matches!(Source::from_bytes("p.md", "# 标题\r\r正文。\r".as_bytes().to_vec()).unwrap_err(), InputError::BareCr { .. }));
        assert!(Source::from_bytes("p.md", "正文。\r".as_bytes().to_vec()).is_ok());
    }

    #[test]
    fn gb18030_round_trips_with_original_offsets() {
        let text = "# 标题\r\n\r\n走到基层一线，通过对接工作。\r\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let s = Source::from_bytes("p.txt", bytes.to_vec()).unwrap();
        assert_eq!(s.encoding, Encoding::Gb18030);
        assert_eq!(s.text, text);
        let off = s.text.find('通').unwrap();
        let file_off = s.original_offset(off);
        assert_eq!(&bytes[file_off..file_off + 2], &encoding_rs::GB18030.encode("通").0[..]);
        assert_eq!(s.encode(&s.text, None).unwrap(), bytes.to_vec());
        assert!(Encoding::Big5.encode("这个").is_err(), "simplified characters Big5 lacks are an error");
    }

    #[test]
    fn big5_is_detected() {
        let text = "中華民國的報紙。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let s = Source::from_bytes("p.txt", bytes.to_vec()).unwrap();
        assert_eq!((s.encoding, s.text.as_str()), (Encoding::Big5, text));
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
        // Past checkpoints inside a long line.
        let long = format!("标题\n{}通", "字".repeat(5000));
        let idx = LineIndex::new(&long);
        assert_eq!(idx.line_col(&long, long.find('通').unwrap()), (2, 5001));
        assert_eq!(idx.line_col(&long, long.len()), (2, 5002));
    }
}

//! Settings: `jiaodui.toml` files, found by searching upward from an
//! issue's directory (or named with `--config`), merged with command-line
//! flags (flags win). Owns parsing and validation only; what the settings do
//! is up to the stages.
//!
//! ```toml
//! # jiaodui.toml
//! checks = ["rejoin", "jumps", "typos"]   # which repairs run
//! min-confidence = 0.9                    # fix applies character edits at or above this
//! lexicon = ["names.tsv"]                 # extra word lists (paths relative to this file)
//! allow = ["allow.tsv"]                   # words never flagged, one per line
//! page-pattern = '_s(\d+)_'               # page numbers from file stems
//! include = ["**/*.md", "**/*.txt"]       # which files a directory walk takes
//! exclude = ["drafts/**"]
//! encoding = "gb18030"                    # input encoding (default: detect)
//! output-encoding = "utf-8"               # write repaired files in this encoding
//! ```

use crate::input::Encoding;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The name of the settings file.
pub const FILE_NAME: &str = "jiaodui.toml";

/// A repair that can be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// Join fragments and move interleaved continuations.
    Rejoin,
    /// Link articles continued across pages.
    Jumps,
    /// Flag and fix character errors.
    Typos,
}

/// The contents of a `jiaodui.toml`. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileSettings {
    pub checks: Option<Vec<Check>>,
    pub min_confidence: Option<f64>,
    pub lexicon: Option<Vec<PathBuf>>,
    pub allow: Option<Vec<PathBuf>>,
    pub page_pattern: Option<String>,
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub encoding: Option<String>,
    pub output_encoding: Option<String>,
    /// Findings reviewed and kept as printed: a finding's stable id
    /// (`jiaodui check` shows it), or a text that covers the finding.
    pub keep: Option<Vec<String>>,
}

/// The effective settings for one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Settings {
    /// The settings file these came from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_file: Option<PathBuf>,
    pub checks: Vec<Check>,
    pub min_confidence: f64,
    pub lexicon: Vec<PathBuf>,
    pub allow: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_pattern: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_encoding: Option<Encoding>,
    pub keep: Vec<String>,
}

impl Settings {
    /// Every setting as `jiaodui.toml` lines, those at their defaults
    /// included (a default with no value to write is a comment saying so).
    pub fn to_toml(&self) -> String {
        let list = |v: &[String]| format!("[{}]", v.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "));
        let paths = |v: &[PathBuf]| list(&v.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
        let checks: Vec<String> = self.checks.iter().map(|c| format!("{c:?}").to_lowercase()).collect();
        let mut out = String::new();
        out.push_str(&format!("checks = {}\n", list(&checks)));
        out.push_str(&format!("min-confidence = {}\n", self.min_confidence));
        out.push_str(&format!("lexicon = {}\n", paths(&self.lexicon)));
        out.push_str(&format!("allow = {}\n", paths(&self.allow)));
        match &self.page_pattern {
            Some(p) => out.push_str(&format!("page-pattern = '{p}'\n")),
            None => out.push_str("# page-pattern: default (the last number of at most three digits in the file name)\n"),
        }
        let include = if self.include.is_empty() { vec!["**/*.md".to_string(), "**/*.txt".to_string()] } else { self.include.clone() };
        out.push_str(&format!("include = {}\n", list(&include)));
        out.push_str(&format!("exclude = {}\n", list(&self.exclude)));
        match self.encoding {
            Some(e) => out.push_str(&format!("encoding = \"{}\"\n", e.name())),
            None => out.push_str("# encoding: default (detect: UTF-8, else GB18030 or Big5)\n"),
        }
        match self.output_encoding {
            Some(e) => out.push_str(&format!("output-encoding = \"{}\"\n", e.name())),
            None => out.push_str("# output-encoding: default (each file's own)\n"),
        }
        out.push_str(&format!("keep = {}\n", list(&self.keep)));
        out
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config_file: None,
            checks: vec![Check::Rejoin, Check::Jumps, Check::Typos],
            min_confidence: crate::edit::confidence::APPLIES,
            lexicon: Vec::new(),
            allow: Vec::new(),
            page_pattern: None,
            include: Vec::new(),
            exclude: Vec::new(),
            encoding: None,
            output_encoding: None,
            keep: Vec::new(),
        }
    }
}

impl Settings {
    pub fn enabled(&self, check: Check) -> bool {
        self.checks.contains(&check)
    }
}

/// A settings file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}: {message}")]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Parse a settings file's text. Unknown keys and bad values are errors
/// naming the file, the line and the key.
pub fn parse(path: &Path, text: &str) -> Result<FileSettings, ConfigError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    // The key a line sets (`min-confidence = …`), to name it in a message.
    let key_on = |line: usize| {
        let l = text.lines().nth(line - 1)?;
        let key = l.split('=').next()?.trim();
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then(|| key.to_string())
    };
    let settings: FileSettings = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(s.start));
        let message = e.message().trim().to_string();
        let message = match key_on(line) {
            Some(key) if !message.contains(&key) => format!("`{key}`: {message}"),
            _ => message,
        };
        ConfigError::Invalid { path: path.to_path_buf(), line, message }
    })?;
    let invalid = |key: &str, message: String| {
        // The line that sets the key, not the first mention of its name.
        let line = (1..=text.lines().count()).find(|&l| key_on(l).as_deref() == Some(key)).unwrap_or(1);
        ConfigError::Invalid { path: path.to_path_buf(), line, message: format!("`{key}`: {message}") }
    };
    if settings.checks.as_ref().is_some_and(Vec::is_empty) {
        return Err(invalid("checks", "names no check; list at least one of \"rejoin\", \"jumps\", \"typos\"".into()));
    }
    if let Some(c) = settings.min_confidence {
        confidence(c).map_err(|e| invalid("min-confidence", e))?;
    }
    for (key, value) in [("encoding", &settings.encoding), ("output-encoding", &settings.output_encoding)] {
        if let Some(v) = value {
            if Encoding::parse(v).is_none() {
                return Err(invalid(key, format!("unknown encoding {v:?} (utf-8, gb18030, gbk, gb2312, big5)")));
            }
        }
    }
    if let Some(p) = &settings.page_pattern {
        page_pattern(p).map_err(|e| invalid("page-pattern", e))?;
    }
    for key in ["include", "exclude"] {
        let globs = if key == "include" { &settings.include } else { &settings.exclude };
        for g in globs.iter().flatten() {
            if let Err(e) = globset::Glob::new(g) {
                return Err(invalid(key, e.to_string()));
            }
        }
    }
    Ok(settings)
}

/// A page-number pattern compiled: a regex whose first capture group is the
/// page number (the same rule for the settings file and the command line).
pub fn page_pattern(p: &str) -> Result<regex::Regex, String> {
    let re = regex::Regex::new(p).map_err(|e| e.to_string())?;
    if re.captures_len() < 2 {
        return Err("needs a capture group for the page number".into());
    }
    Ok(re)
}

/// Whether a confidence is between 0 and 1 (the same rule for the settings
/// file and the command line).
pub fn confidence(c: f64) -> Result<f64, String> {
    if (0.0..=1.0).contains(&c) {
        Ok(c)
    } else {
        Err(format!("{c} is not between 0 and 1"))
    }
}

/// Read and parse a settings file.
pub fn load(path: &Path) -> Result<FileSettings, ConfigError> {
    let bytes = crate::input::read_regular(path, MAX_SETTINGS_BYTES).map_err(|e| ConfigError::Io { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ConfigError::Invalid { path: path.to_path_buf(), line: valid.iter().filter(|&&b| b == b'\n').count() + 1, message: "not valid UTF-8".into() }
    })?;
    // An editor may save it with a byte-order mark.
    parse(path, text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// A settings file is a few lines; anything larger is not one.
const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// The nearest `jiaodui.toml` in `dir` or above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let abs = std::fs::canonicalize(start).ok()?;
    abs.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// Effective settings from a file (paths made relative to it), or defaults.
pub fn settings(file: Option<&Path>) -> Result<Settings, ConfigError> {
    let mut s = Settings::default();
    let Some(path) = file else { return Ok(s) };
    let f = load(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    s.config_file = Some(path.to_path_buf());
    if let Some(c) = f.checks {
        s.checks = c;
    }
    if let Some(c) = f.min_confidence {
        s.min_confidence = c;
    }
    s.lexicon = f.lexicon.unwrap_or_default().into_iter().map(|p| base.join(p)).collect();
    s.allow = f.allow.unwrap_or_default().into_iter().map(|p| base.join(p)).collect();
    s.page_pattern = f.page_pattern;
    s.include = f.include.unwrap_or_default();
    s.exclude = f.exclude.unwrap_or_default();
    s.encoding = f.encoding.as_deref().and_then(Encoding::parse);
    s.output_encoding = f.output_encoding.as_deref().and_then(Encoding::parse);
    s.keep = f.keep.unwrap_or_default();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_name_file_line_and_key() {
        let p = Path::new("archive/jiaodui.toml");
        let err = parse(p, "min-confidence = 0.8\nchecks = [\"rejoin\"]\nmin-confidance = 0.9\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("archive/jiaodui.toml:3: "), "{msg}");
        assert!(msg.contains("min-confidance"), "{msg}");
        let msg = parse(p, "\nmin-confidence = 3\n").unwrap_err().to_string();
        assert!(msg.starts_with("archive/jiaodui.toml:2: `min-confidence`"), "{msg}");
        let msg = parse(p, "checks = [\"spelling\"]\n").unwrap_err().to_string();
        assert!(msg.starts_with("archive/jiaodui.toml:1: ") && msg.contains("spelling"), "{msg}");
        let msg = parse(p, "output-encoding = \"latin1\"\n").unwrap_err().to_string();
        assert!(msg.contains("`output-encoding`"), "{msg}");
        let msg = parse(p, "page-pattern = '\\d+'\n").unwrap_err().to_string();
        assert!(msg.contains("capture group"), "{msg}");
        // The line of the key, not of an earlier key whose name contains it.
        let msg = parse(p, "output-encoding = \"utf-8\"\nencoding = \"latin1\"\n").unwrap_err().to_string();
        assert!(msg.starts_with("archive/jiaodui.toml:2: `encoding`"), "{msg}");
        // A type error names its key.
        let msg = parse(p, "\nlexicon = \"names.tsv\"\n").unwrap_err().to_string();
        assert!(msg.starts_with("archive/jiaodui.toml:2: `lexicon`"), "{msg}");
        let msg = parse(p, "checks = []\n").unwrap_err().to_string();
        assert!(msg.contains("`checks`"), "{msg}");
    }

    #[test]
    fn full_file_parses() {
        let text = "checks = [\"rejoin\", \"typos\"]\nmin-confidence = 0.95\nlexicon = [\"names.tsv\"]\nallow = [\"allow.tsv\"]\npage-pattern = '_s(\\d+)_'\ninclude = [\"**/*.md\"]\nexclude = [\"drafts/**\"]\nencoding = \"gbk\"\noutput-encoding = \"utf-8\"\n";
        let f = parse(Path::new("jiaodui.toml"), text).unwrap();
        assert_eq!(f.checks, Some(vec![Check::Rejoin, Check::Typos]));
        assert_eq!(f.min_confidence, Some(0.95));
    }
}

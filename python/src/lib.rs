//! The `jiaodui._native` extension module: the library's issue → analysis →
//! repair, for Python. The `jiaodui` package (`python/jiaodui/__init__.py`)
//! wraps it in plain Python objects.
//!
//! Analysis runs with the GIL released, so threads of one Python process can
//! repair issues in parallel. Errors become exceptions carrying the messages
//! the command line prints.

use jiaodui::{Check, Encoding, Issue, Proofreader, Settings};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use std::path::PathBuf;

pyo3::create_exception!(_native, JiaoduiError, PyException, "An error from jiaodui; the message is the one the command line prints.");
pyo3::create_exception!(_native, InputError, JiaoduiError, "A page that cannot be read as text (binary data, bytes no encoding accepts, a character the output encoding cannot write).");
pyo3::create_exception!(_native, SettingsError, JiaoduiError, "Settings that cannot be used: a bad value, an unreadable jiaodui.toml, a word list that is missing or malformed.");

/// A page as given: its name, and its text, its bytes, or nothing (read it
/// from the file of that name).
enum PageInput {
    Text(PathBuf, String),
    Bytes(PathBuf, Vec<u8>),
    File(PathBuf),
}

fn page_input(item: &Bound<'_, PyAny>) -> PyResult<PageInput> {
    if let Ok(pair) = item.cast::<PyTuple>() {
        if pair.len() != 2 {
            return Err(pyo3::exceptions::PyTypeError::new_err("a page is a (name, text or bytes) pair, or a path"));
        }
        let name: PathBuf = pair.get_item(0)?.extract()?;
        let content = pair.get_item(1)?;
        if let Ok(text) = content.cast::<PyString>() {
            return Ok(PageInput::Text(name, text.extract::<String>()?));
        }
        if let Ok(bytes) = content.cast::<PyBytes>() {
            return Ok(PageInput::Bytes(name, bytes.as_bytes().to_vec()));
        }
        return Err(pyo3::exceptions::PyTypeError::new_err(format!("{}: a page's content is str or bytes", name.display())));
    }
    Ok(PageInput::File(item.extract()?))
}

/// Pages as a dict `{name: text or bytes}`, or an iterable of
/// `(name, text or bytes)` pairs and paths.
fn page_inputs(pages: &Bound<'_, PyAny>) -> PyResult<Vec<PageInput>> {
    if let Ok(dict) = pages.cast::<PyDict>() {
        return dict.items().iter().map(|item| page_input(&item)).collect();
    }
    if pages.is_instance_of::<PyString>() || pages.is_instance_of::<PyBytes>() {
        return Err(pyo3::exceptions::PyTypeError::new_err("pages are a dict {name: text}, or a list of (name, text) pairs or paths, not one string"));
    }
    pages.try_iter()?.map(|item| page_input(&item?)).collect()
}

fn input_error(e: jiaodui::InputError) -> PyErr {
    InputError::new_err(e.to_string())
}

/// Settings and a lexicon, made once and used for many issues.
#[pyclass(name = "Proofreader", module = "jiaodui._native", frozen)]
struct PyProofreader {
    inner: Proofreader,
}

#[pymethods]
impl PyProofreader {
    /// `config`: a `jiaodui.toml` to start from; the keyword arguments are
    /// on top of it, as the command line's flags are.
    #[new]
    #[pyo3(signature = (*, config = None, min_confidence = None, checks = None, lexicon = Vec::new(), allow = Vec::new(), output_encoding = None, keep = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        config: Option<PathBuf>,
        min_confidence: Option<f64>,
        checks: Option<Vec<String>>,
        lexicon: Vec<PathBuf>,
        allow: Vec<PathBuf>,
        output_encoding: Option<String>,
        keep: Vec<String>,
    ) -> PyResult<Self> {
        let mut settings = match &config {
            Some(path) => jiaodui::config::settings(Some(path)).map_err(|e| SettingsError::new_err(e.to_string()))?,
            None => Settings::default(),
        };
        if let Some(c) = min_confidence {
            settings.min_confidence = jiaodui::config::confidence(c).map_err(|e| SettingsError::new_err(format!("min_confidence: {e}")))?;
        }
        if let Some(names) = checks {
            settings.checks = names
                .iter()
                .map(|n| match n.as_str() {
                    "rejoin" => Ok(Check::Rejoin),
                    "jumps" => Ok(Check::Jumps),
                    "typos" => Ok(Check::Typos),
                    other => Err(SettingsError::new_err(format!("checks: unknown check {other:?} (rejoin, jumps, typos)"))),
                })
                .collect::<PyResult<_>>()?;
        }
        settings.lexicon.extend(lexicon);
        settings.allow.extend(allow);
        if let Some(name) = output_encoding {
            settings.output_encoding = Some(Encoding::parse(&name).ok_or_else(|| SettingsError::new_err(format!("output_encoding: unknown encoding {name:?} (utf-8, gb18030, gbk, gb2312, big5)")))?);
        }
        settings.keep.extend(keep);
        let inner = py.detach(|| Proofreader::with_settings(settings)).map_err(|e| SettingsError::new_err(e.to_string()))?;
        Ok(PyProofreader { inner })
    }

    /// Analyse and repair one issue. Returns `(json, page_bytes)`: the
    /// findings, articles and repaired pages as JSON, and each repaired
    /// page's bytes in its own encoding. `repair=False` leaves the repaired
    /// pages out (findings and articles only: the repair's further rounds
    /// of analysis are not run).
    #[pyo3(signature = (pages, *, encoding = None, repair = true))]
    fn repair_issue<'py>(&self, py: Python<'py>, pages: &Bound<'py, PyAny>, encoding: Option<String>, repair: bool) -> PyResult<(String, Vec<Bound<'py, PyBytes>>)> {
        let encoding = match encoding {
            Some(name) => Some(Encoding::parse(&name).ok_or_else(|| SettingsError::new_err(format!("encoding: unknown encoding {name:?} (utf-8, gb18030, gbk, gb2312, big5)")))?),
            None => None,
        };
        let inputs = page_inputs(pages)?;
        let proofreader = &self.inner;
        let (json, bytes) = py.detach(|| -> Result<(String, Vec<Vec<u8>>), jiaodui::InputError> {
            let mut issue = Issue::new();
            for input in inputs {
                match input {
                    PageInput::Text(name, text) => issue.add_text(name, text)?,
                    PageInput::Bytes(name, bytes) => issue.add_bytes(name, bytes, encoding)?,
                    PageInput::File(path) => issue.add_file(path, encoding)?,
                };
            }
            let analysis = proofreader.analyze(issue);
            let repaired = if repair { proofreader.repair(&analysis) } else { jiaodui::Repaired { pages: Vec::new(), later: Vec::new(), settled: true } };
            let bytes = repaired.pages.iter().map(|p| p.bytes()).collect::<Result<Vec<_>, _>>()?;
            let pages: Vec<serde_json::Value> = repaired
                .pages
                .iter()
                .map(|p| serde_json::json!({"path": p.path.display().to_string(), "text": p.text, "encoding": p.encoding.name(), "changed": p.changed}))
                .collect();
            let later: Vec<serde_json::Value> = repaired.later.iter().map(|r| serde_json::json!({"path": r.path.display().to_string(), "round": r.round, "kinds": r.kinds})).collect();
            let doc = serde_json::json!({
                "findings": proofreader.findings(&analysis),
                "articles": proofreader.articles(&analysis),
                "pages": pages,
                "later": later,
                "settled": repaired.settled,
            });
            Ok((doc.to_string(), bytes))
        })
        .map_err(input_error)?;
        Ok((json, bytes.into_iter().map(|b| PyBytes::new(py, &b)).collect()))
    }
}

/// The issues under `paths` (files and directories), grouped and ordered as
/// the command line groups them: `[(issue directory, [page paths])]`. The
/// settings files found on the way apply their include and exclude globs.
#[pyfunction]
fn find_issues(py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<Vec<(String, Vec<String>)>> {
    let plan = py
        .detach(|| jiaodui::batch::Plan::discover(&paths, &jiaodui::batch::Overrides::default(), false, None))
        .map_err(|e| SettingsError::new_err(e.to_string()))?;
    let missing = plan.missing.join("; ");
    if !missing.is_empty() {
        return Err(InputError::new_err(missing));
    }
    Ok(plan
        .jobs
        .iter()
        .map(|job| (job.files.dir.display().to_string(), job.files.pages.iter().map(|p| p.display().to_string()).collect()))
        .collect())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyProofreader>()?;
    m.add_function(wrap_pyfunction!(find_issues, m)?)?;
    m.add("JiaoduiError", m.py().get_type::<JiaoduiError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("SettingsError", m.py().get_type::<SettingsError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

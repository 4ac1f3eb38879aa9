//! `ocrclean._ocrclean`: the compiled half of the Python package `ocrclean`.
//!
//! The Python half (`ocrclean/__init__.py`) normalizes the arguments (str → UTF-8 bytes,
//! `(source, data)` pairs) and turns each JSON text into a dict with `json.loads`, so the
//! dict equals `json.loads` of the CLI's `--jsonl` line (floats included: `body_width` is an
//! `f32` whose shortest decimal form is what the JSON carries).
//!
//! Everything that touches the `ocrclean` library API is in [`api`]; the rest is PyO3
//! plumbing and the thread pool.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

create_exception!(
    ocrclean,
    ConvertError,
    PyValueError,
    "A page could not be converted: empty input, binary junk, bytes that are not text in \
any supported encoding, or no page body. `str(e)` is the message the CLI prints for the file."
);

/// The only code that calls the `ocrclean` library: adapt here when its API changes.
mod api {
    use ocrclean::Options;

    /// Why the arguments themselves are wrong (a `ValueError` in Python, before any page).
    pub struct BadOption(pub String);

    /// The conversion settings from the Python keywords. `layout` is reserved: only `None`.
    pub fn options(encoding: Option<&str>, layout: Option<&str>) -> Result<Options, BadOption> {
        if let Some(layout) = layout {
            return Err(BadOption(format!(
                "layout={layout:?} is not supported yet (the keyword is reserved; pass None)"
            )));
        }
        // The library's own label parser, as the CLI's `--encoding NAME` uses it, so both
        // accept the same labels and say the same thing about unknown ones.
        match encoding {
            None => Ok(Options::new()),
            Some(label) => Options::new()
                .encoding(label)
                .map_err(|e| BadOption(e.to_string())),
        }
    }

    /// One page to its JSON document (one `--jsonl` line without the newline), or the
    /// error message the CLI would print after `path: `.
    pub fn convert_json(source: &str, bytes: &[u8], options: &Options) -> Result<String, String> {
        // `convert` catches a panic of its own (`ConvertError::Internal`).
        let doc = ocrclean::convert(source, bytes, options).map_err(|e| e.to_string())?;
        serde_json::to_string(&doc)
            .map_err(|e| format!("internal error: the document did not serialize: {e}"))
    }
}

fn options(encoding: Option<&str>, layout: Option<&str>) -> PyResult<ocrclean::Options> {
    api::options(encoding, layout).map_err(|api::BadOption(message)| PyValueError::new_err(message))
}

/// convert_json(data, source, encoding=None, layout=None) -> str
///
/// One page to its JSON document (a str); raises ConvertError when it cannot be converted.
/// The GIL is released while converting.
#[pyfunction]
#[pyo3(signature = (data, source, encoding=None, layout=None))]
fn convert_json(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    source: &str,
    encoding: Option<&str>,
    layout: Option<&str>,
) -> PyResult<String> {
    let options = options(encoding, layout)?;
    let bytes = data.as_bytes();
    py.detach(|| api::convert_json(source, bytes, &options))
        .map_err(ConvertError::new_err)
}

/// convert_many_json(items, jobs=None, encoding=None, layout=None) -> list[tuple[bool, str]]
///
/// Each `(source, data)` to `(True, json)` or `(False, error message)`, in input order.
/// The GIL is released for the whole batch; pages run on rayon's global pool (all cores)
/// or, with `jobs`, on a pool of that many threads (`jobs=1`: in the calling thread).
#[pyfunction]
#[pyo3(signature = (items, jobs=None, encoding=None, layout=None))]
fn convert_many_json(
    py: Python<'_>,
    items: Vec<(String, Bound<'_, PyBytes>)>,
    jobs: Option<usize>,
    encoding: Option<&str>,
    layout: Option<&str>,
) -> PyResult<Vec<(bool, String)>> {
    let options = options(encoding, layout)?;
    if jobs == Some(0) {
        return Err(PyValueError::new_err(
            "jobs must be at least 1 (or None: all cores)",
        ));
    }
    // Borrowed, not copied: `bytes` objects are immutable and `items` keeps them alive
    // until the batch is done.
    let pages: Vec<(&str, &[u8])> = items
        .iter()
        .map(|(s, b)| (s.as_str(), b.as_bytes()))
        .collect();
    let convert_all = || -> Vec<Result<String, String>> {
        pages
            .par_iter()
            .map(|(source, bytes)| api::convert_json(source, bytes, &options))
            .collect()
    };
    let results = py.detach(|| match jobs {
        None => Ok(convert_all()),
        Some(1) => Ok(pages
            .iter()
            .map(|(source, bytes)| api::convert_json(source, bytes, &options))
            .collect()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("ocrclean-{i}"))
            .build()
            .map(|pool| pool.install(convert_all))
            .map_err(|e| e.to_string()),
    });
    let results = results.map_err(|e| {
        PyValueError::new_err(format!("cannot start {} threads: {e}", jobs.unwrap_or(0)))
    })?;
    Ok(results
        .into_iter()
        .map(|r| match r {
            Ok(json) => (true, json),
            Err(message) => (false, message),
        })
        .collect())
}

#[pymodule]
fn _ocrclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ConvertError", m.py().get_type::<ConvertError>())?;
    m.add_function(wrap_pyfunction!(convert_json, m)?)?;
    m.add_function(wrap_pyfunction!(convert_many_json, m)?)?;
    Ok(())
}

//! Comparing one output of a page with its expected file: the JSON as values (`source`
//! set aside, differences listed by field path), text and CSV byte for byte (an expected
//! CSV must still parse as a table), an expected file that cannot be read named as such.
//!
//! Apart from `mod.rs` (which files to check) because this is what one check does; the
//! character diff it prints with is in `diff.rs`.

use super::diff::{char_diff, describe, describe_hunk};
use super::MAX_HUNKS;
use std::fs;
use std::path::Path;

/// Compares the page's JSON with the expected JSON as values, `source` normalized. An
/// expected file that is not UTF-8, not JSON, or not a JSON object (a document) is named
/// as such: the page's JSON is then not compared.
pub(super) fn compare_json(path: &Path, actual: &str, source: &str) -> Option<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return Some(problem),
    };
    let unchecked = "the page's JSON is not compared";
    let normalize = |text: &str| -> Result<serde_json::Value, String> {
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let kind = match &value {
            serde_json::Value::Object(_) => "",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Null => "null",
        };
        if !kind.is_empty() {
            return Err(format!(
                "not a JSON document: {kind}, where an object ({{\"source\": …}}) is expected"
            ));
        }
        if let Some(map) = value.as_object_mut() {
            map.insert("source".into(), serde_json::Value::String(source.into()));
        }
        Ok(value)
    };
    let expected = match normalize(&expected) {
        Ok(value) => value,
        Err(e) => return Some(format!("{}: {e}; {unchecked}", path.display())),
    };
    let actual = match normalize(actual) {
        Ok(value) => value,
        Err(e) => return Some(format!("the page's JSON: {e}")),
    };
    if expected == actual {
        return None;
    }
    let mut differences = Vec::new();
    json_diff("", &expected, &actual, &mut differences);
    let mut text = format!(
        "{}: {} difference(s) between expected and actual (compared as JSON values; `source` ignored)\n",
        path.display(),
        differences.len()
    );
    for difference in differences.iter().take(MAX_HUNKS) {
        text.push_str(difference);
    }
    if differences.len() > MAX_HUNKS {
        text.push_str(&format!("  … and {} more\n", differences.len() - MAX_HUNKS));
    }
    Some(text)
}

/// An expected file's text, or the problem naming it (unreadable, not UTF-8).
fn read_utf8(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))
}

/// Compares a table's CSV with its expected file exactly, first checking that the expected
/// file still parses as a table (UTF-8 CSV, every row as wide as the first).
pub(super) fn compare_csv(path: &Path, actual: &str) -> Vec<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(expected.as_bytes());
    if let Some(Err(e)) = reader.records().find(Result::is_err) {
        problems.push(format!("{}: not a valid CSV table: {e}", path.display()));
    }
    if expected != actual {
        problems.push(describe(&path.display().to_string(), &expected, actual));
    }
    problems
}

/// Walks two JSON values side by side and describes each differing field by its path
/// (`tables[0].rows[2][1]`): strings get a character diff, arrays of different lengths
/// say so and then compare item by item, other values are shown whole (shortened).
fn json_diff(
    path: &str,
    expected: &serde_json::Value,
    actual: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    let name = if path.is_empty() { "(document)" } else { path };
    match (expected, actual) {
        _ if expected == actual => {}
        (Value::Object(e), Value::Object(a)) => {
            let keys: std::collections::BTreeSet<&String> = e.keys().chain(a.keys()).collect();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => json_diff(&sub, ev, av, out),
                    (Some(ev), None) => {
                        out.push(format!("  {sub}: only in expected: {}\n", short(ev)))
                    }
                    (None, Some(av)) => {
                        out.push(format!("  {sub}: only in actual: {}\n", short(av)))
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "  {name}: expected {} item(s), actual {}\n",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                json_diff(&format!("{path}[{i}]"), ev, av, out);
            }
            for (i, ev) in e.iter().enumerate().skip(a.len()) {
                out.push(format!("  {path}[{i}]: only in expected: {}\n", short(ev)));
            }
            for (i, av) in a.iter().enumerate().skip(e.len()) {
                out.push(format!("  {path}[{i}]: only in actual: {}\n", short(av)));
            }
        }
        (Value::String(e), Value::String(a)) => {
            let exp: Vec<char> = e.chars().collect();
            let act: Vec<char> = a.chars().collect();
            let mut text = format!("  {name}:\n");
            for hunk in char_diff(e, a).iter().take(MAX_HUNKS) {
                for line in describe_hunk(&exp, &act, hunk).lines() {
                    text.push_str("  ");
                    text.push_str(line);
                    text.push('\n');
                }
            }
            out.push(text);
        }
        _ => out.push(format!(
            "  {name}: expected {}, actual {}\n",
            short(expected),
            short(actual)
        )),
    }
}

/// A JSON value in one line, at most 80 characters.
fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        text
    } else {
        text.chars().take(79).chain(['…']).collect()
    }
}

/// Compares a text output with its expected file exactly.
pub(super) fn compare_text(path: &Path, actual: &str) -> Option<String> {
    let expected = match read_utf8(path) {
        Ok(text) => text,
        Err(problem) => return Some(problem),
    };
    (expected != actual).then(|| describe(&path.display().to_string(), &expected, actual))
}

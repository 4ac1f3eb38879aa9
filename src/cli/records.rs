//! `--records`: pages as a stream of JSON Lines on stdin, one JSON document per record on
//! stdout, in order. What `parallel --pipe`, Hadoop Streaming and Spark's `RDD.pipe` need:
//! any number of pages through one process, memory bounded by one chunk of records.
//!
//! A record is `{"id": …, "text": "…"}` or `{"id": …, "base64": "…"}` (the page's bytes,
//! in any encoding the converter detects); its other fields are passed through. Each
//! output line is the page's document with `id` first and the passed-through fields after
//! it; `source` is the id (a string id as is, any other id as its JSON). A record that
//! cannot be read or converted becomes `{"id": …, "error": "…"}` and the stream goes on.

use super::errors::io_message;
use base64::Engine as _;
use ocrclean::Options;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io::{self, BufRead, Write};

/// What a records run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RecordsSummary {
    pub records: usize,
    pub failed: usize,
    /// Stdout was closed by its reader: the run ended early and quietly.
    pub broken_pipe: bool,
}

/// Lines read before converting them together: enough for every core, few enough to
/// keep memory flat.
const CHUNK: usize = 256;

/// Converts every record of `input` onto `output`, `jobs` at a time, in input order.
pub fn run(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    options: &Options,
    jobs: usize,
) -> io::Result<RecordsSummary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| io::Error::other(format!("cannot start {jobs} worker threads: {e}")))?;
    let mut summary = RecordsSummary::default();
    let mut lines = input.lines();
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for line in lines.by_ref() {
            let line = line.map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot read the records: {}", io_message(&e)),
                )
            })?;
            if !line.trim().is_empty() {
                chunk.push(line);
            }
            if chunk.len() == CHUNK {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let converted: Vec<(String, bool)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|line| convert_record(line, options))
                .collect()
        });
        for (line, ok) in converted {
            summary.records += 1;
            summary.failed += usize::from(!ok);
            let written = output
                .write_all(line.as_bytes())
                .and_then(|()| output.write_all(b"\n"));
            if let Err(e) = written {
                if e.kind() == io::ErrorKind::BrokenPipe {
                    summary.broken_pipe = true;
                    return Ok(summary);
                }
                return Err(e);
            }
        }
        if let Err(e) = output.flush() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                summary.broken_pipe = true;
                return Ok(summary);
            }
            return Err(e);
        }
    }
    Ok(summary)
}

/// One record line to its output line, and whether it converted.
fn convert_record(line: &str, options: &Options) -> (String, bool) {
    let mut record: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(record)) => record,
        Ok(_) => {
            return (
                error_line(Value::Null, "a record must be a JSON object"),
                false,
            )
        }
        Err(e) => {
            return (
                error_line(Value::Null, &format!("not a JSON record: {e}")),
                false,
            )
        }
    };
    let id = record.remove("id").unwrap_or(Value::Null);
    match convert_fields(&id, &mut record, options) {
        Ok(line) => (line, true),
        Err(message) => (error_line(id, &message), false),
    }
}

fn convert_fields(
    id: &Value,
    record: &mut Map<String, Value>,
    options: &Options,
) -> Result<String, String> {
    if id.is_null() {
        return Err("the record has no \"id\"".into());
    }
    let bytes = match (record.remove("text"), record.remove("base64")) {
        (Some(Value::String(text)), None) => text.into_bytes(),
        (None, Some(Value::String(b64))) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| format!("\"base64\" is not base64: {e}"))?,
        (Some(_), Some(_)) => return Err("the record has both \"text\" and \"base64\"".into()),
        (None, None) => return Err("the record has neither \"text\" nor \"base64\"".into()),
        _ => return Err("\"text\" and \"base64\" must be strings".into()),
    };
    let source = match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let doc = ocrclean::convert(&source, &bytes, options).map_err(|e| e.to_string())?;
    let Value::Object(fields) = serde_json::to_value(&doc).map_err(|e| e.to_string())? else {
        return Err("internal error: the document is not a JSON object".into());
    };
    let mut out = Map::new();
    out.insert("id".into(), id.clone());
    for (key, value) in std::mem::take(record) {
        if fields.contains_key(&key) {
            return Err(format!(
                "the record's field {key:?} has the name of a document field; rename it"
            ));
        }
        out.insert(key, value);
    }
    out.extend(fields);
    serde_json::to_string(&Value::Object(out)).map_err(|e| e.to_string())
}

fn error_line(id: Value, message: &str) -> String {
    let mut out = Map::new();
    out.insert("id".into(), id);
    out.insert("error".into(), Value::String(message.to_string()));
    Value::Object(out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lines(input: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let summary = run(&mut input.as_bytes(), &mut out, &Options::new(), 2).unwrap();
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(summary.records, lines.len());
        lines
    }

    #[test]
    fn records_convert_in_order_and_bad_ones_become_error_lines() {
        let page = "正文第一行，继续。 -3- 正文第二行。";
        let b64 = base64::engine::general_purpose::STANDARD.encode(page);
        let input = format!(
            "{{\"id\": \"a\", \"text\": \"{page}\", \"lang\": \"zh\"}}\n\
             not json\n\
             {{\"id\": 7, \"base64\": \"{b64}\"}}\n\
             \n\
             {{\"id\": \"c\"}}\n\
             {{\"id\": \"d\", \"base64\": \"%%%\"}}\n\
             {{\"id\": \"e\", \"text\": \"{page}\", \"paragraphs\": 1}}\n"
        );
        let lines = run_lines(&input);
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["lang"], "zh");
        assert_eq!(lines[0]["source"], "a");
        assert_eq!(lines[0]["page_numbers"][0]["number"], "3");
        assert!(lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON record"));
        assert_eq!(lines[2]["id"], 7);
        assert_eq!(lines[2]["source"], "7");
        assert_eq!(lines[2]["paragraphs"], lines[0]["paragraphs"]);
        assert!(lines[3]["error"].as_str().unwrap().contains("neither"));
        assert!(lines[4]["error"].as_str().unwrap().contains("not base64"));
        assert!(lines[5]["error"]
            .as_str()
            .unwrap()
            .contains("\"paragraphs\""));
    }
}

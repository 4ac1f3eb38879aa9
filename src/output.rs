//! Stage 7, output: the document as JSON, clean text, Markdown and CSV.

use crate::model::Document;

pub fn to_json(doc: &Document) -> String {
    serde_json::to_string_pretty(doc).expect("a Document always serializes")
}

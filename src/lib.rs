//! ocrclean: scraped and OCR-scanned pages of Chinese journal articles in, clean text and
//! real tables out.
//!
//! The library reads as the pipeline it runs over each page:
//!
//! `decode → furniture → passes → spacing → blocks → tables → output`
//!
//! Each stage is a module with one public entry point, a pure function over the shared
//! [`model`]; each records what it changed in the [`model::Document`], so the JSON explains
//! the output. [`convert`] runs them all on one page; [`batch`] runs many pages in parallel.

pub mod batch;
pub mod blocks;
pub mod decode;
pub mod furniture;
pub mod model;
pub mod output;
pub mod passes;
pub mod spacing;
pub mod tables;
pub mod verify;

use model::Document;
use std::fmt;

/// Settings for converting one page.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Why a page could not be converted. The message names what is wrong; callers add the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertError {
    /// The input is not text in any supported encoding (or is empty).
    Decode(decode::DecodeError),
    /// The input decoded, but no page body was found in it.
    NoBody,
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::Decode(e) => write!(f, "{e}"),
            ConvertError::NoBody => {
                write!(f, "no page body found (only site furniture, or no text)")
            }
        }
    }
}

impl std::error::Error for ConvertError {}

/// Converts one page: bytes in, the clean document out.
///
/// `source` is recorded as given (it names the page in the JSON and in errors).
pub fn convert(source: &str, bytes: &[u8], options: &Options) -> Result<Document, ConvertError> {
    let decoded = decode::decode(bytes, options.encoding).map_err(ConvertError::Decode)?;
    let mut doc = Document {
        source: source.to_string(),
        encoding: decoded.encoding.clone(),
        replacement_chars: decoded.replacement_chars,
        decode_fixes: decoded
            .fixes
            .iter()
            .map(|f| model::DecodeFix {
                name: f.name.to_string(),
                count: f.count,
            })
            .collect(),
        ..Document::default()
    };
    let stripped = furniture::strip(&decoded.text);
    if stripped.is_empty() {
        return Err(ConvertError::NoBody);
    }
    let reading = passes::reconcile(&stripped, &mut doc);
    let page_blocks = blocks::segment(&reading, &mut doc);
    for (source, &position) in page_blocks.tables.iter().zip(&page_blocks.positions) {
        let (mut table, disagreements) = tables::rebuild(source);
        table.position = position;
        doc.tables.push(table);
        doc.disagreements.extend(disagreements);
    }
    doc.disagreements.sort_by_key(|d| d.offset);
    Ok(doc)
}

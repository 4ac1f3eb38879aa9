//! The shared document model: what every stage reads and what it records.
//!
//! `Document` is the JSON contract (field names are fixed: scripts rely on them).
//! The intermediate types (`Line`, `TableSource`, …) are what one stage hands the next.

use serde::{Deserialize, Serialize};

/// One converted page: the clean content plus the log of what each stage did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The input path exactly as given (`-` for stdin).
    pub source: String,
    /// The encoding the bytes were decoded with (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: String,
    /// How many U+FFFD replacement characters decoding had to insert.
    pub replacement_chars: usize,
    /// The repairs decoding made (`mangled_copyright_sign`, `line_ends`, `nfc`, …).
    #[serde(default)]
    pub decode_fixes: Vec<DecodeFix>,
    /// The running title, if the page carries one.
    pub title: Option<String>,
    /// Every printed page number found, with the pass it came from.
    pub page_numbers: Vec<PageNumber>,
    /// The renderings found in the body, in the order they appear in the file.
    pub passes: Vec<PassInfo>,
    /// The estimated body width in CJK character units (see `spacing::char_width`).
    pub body_width: Option<f32>,
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<Footnote>,
    pub tables: Vec<Table>,
    /// Everything the furniture stage took out, with its kind.
    pub removed: Vec<Removal>,
    /// Every place where the OCR pass and the text layer disagree.
    pub disagreements: Vec<Disagreement>,
    /// How many letter-spacing spaces were removed inside printed lines (line-end spaces
    /// are not counted: every line has one).
    pub spaces_removed: usize,
}

/// One repair or normalization the decode stage applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodeFix {
    pub name: String,
    /// How many places it changed.
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageNumber {
    /// The number as printed, digits only (`47`).
    pub number: String,
    /// The whole printed form (`-47-`, `— 74 —`).
    pub text: String,
    /// `ocr`, `text` or `single` (a page with one rendering).
    pub pass: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassKind {
    /// A reading of the page image: one space at each printed line end, OCR errors.
    Ocr,
    /// The PDF text layer: exact characters, letter-spacing artifacts, cell-by-cell tables.
    Text,
}

impl PassKind {
    pub fn name(self) -> &'static str {
        match self {
            PassKind::Ocr => "ocr",
            PassKind::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassInfo {
    pub kind: PassKind,
    /// Non-whitespace characters in the pass (after furniture removal).
    pub chars: usize,
    /// How the kind was decided (`watermark`, `letter-spacing`, `markers`, `position`, `single`).
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// The footnote's mark as printed (`①`).
    pub mark: String,
    pub text: String,
}

/// How firmly the input determines a table's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Both reading orders agree on one grid only.
    Determined,
    /// Both orders allow several column counts; the count was chosen from cell content.
    Content,
    /// Only one rendering: the grid is a best guess from line widths. Check it.
    Guessed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// `表1`
    pub label: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The note printed under the table (`(资料来源:…)`), if any.
    pub note: Option<String>,
    pub confidence: Confidence,
    /// A sentence saying how the grid was determined (and what was uncertain).
    pub method: String,
    /// How many of the page's paragraphs come before the table (where it is printed).
    #[serde(default)]
    pub position: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// `widget`, `site_footer`, `watermark`, `page_number`, `running_title`.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The OCR pass's reading (may be empty: the OCR lost characters).
    pub ocr: String,
    /// The text layer's reading (may be empty: the OCR added characters).
    pub text: String,
    /// Character offset of the text-layer reading in the decoded input text
    /// (`decoded.chars().skip(offset)` starts with `text`).
    pub offset: usize,
}

/// The OCR reading of one table: its fragments (one per printed cell line) in OCR order,
/// and the text layer's rendering of the same table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSource {
    pub label: String,
    pub caption: String,
    pub note: Option<String>,
    /// The table body as the text layer has it (cell by cell, layout spaces included),
    /// or None on a page with only the OCR pass.
    pub text_layer: Option<String>,
    /// Char offset of `text_layer` in the decoded input (for disagreement offsets).
    pub text_offset: usize,
    /// OCR fragments in OCR (visual) order, or empty on a text-layer-only page.
    pub ocr_fragments: Vec<String>,
    /// Estimated body width in CJK units.
    pub body_width: f32,
}

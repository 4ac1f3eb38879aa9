//! The shared document model: what every stage reads and what it records.
//!
//! `Document` is the JSON contract (field names are fixed: scripts rely on them). The
//! types are `#[non_exhaustive]`: fields may be added, so build them with `Default` and
//! field assignment, never with a struct literal. What one stage hands the next lives in
//! the crate's private `handoff` module, not here.

use serde::{Deserialize, Serialize};

/// One converted page: the clean content plus the log of what each stage did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    /// Where the input's characters went: nothing may be `unaccounted`.
    #[serde(default)]
    pub accounting: Accounting,
    /// What kind of input this was (the input-kind stage's finding) and why.
    #[serde(default)]
    pub layout: Layout,
    /// The printed pages a whole-article input was split into (empty for one-page scrapes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<Page>,
    /// Front matter found on the first page (title, authors, abstract, DOI, ...).
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// The reference list, one entry per string, kept out of the paragraphs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Places inside a paragraph where the input does not tell whether a new paragraph
    /// starts: a full line ending a sentence before a full line, in text that shows no
    /// first-line indent. The paragraph is kept whole and the place named here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks_undecided: Vec<UndecidedBreak>,
}

/// A place where a paragraph may end that the input leaves undecided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UndecidedBreak {
    /// The paragraph (index into `paragraphs`).
    pub paragraph: usize,
    /// Where in it, in characters: the next paragraph would start here.
    pub offset: usize,
}

impl UndecidedBreak {
    pub fn new(paragraph: usize, offset: usize) -> Self {
        Self { paragraph, offset }
    }
}

/// Where the non-whitespace characters of the input went. With two renderings each output
/// character stands for one character of each (see `ocrclean::convert`), so
/// `input_chars = removed_chars + passes × output_chars ± the disagreements' two sides +
/// unaccounted` (as multisets of characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Accounting {
    /// Non-whitespace characters of the decoded input.
    pub input_chars: usize,
    /// Characters of the content: paragraphs, footnotes (marks included), tables (label,
    /// caption, cells, note).
    pub output_chars: usize,
    /// Characters of the furniture removed (`removed`).
    pub removed_chars: usize,
    /// Characters of the OCR side of the disagreements.
    pub disagreement_chars: usize,
    /// Input characters found in none of these places: text lost. Always 0 unless a bug.
    pub unaccounted: usize,
}

/// One repair or normalization the decode stage applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DecodeFix {
    pub name: FixKind,
    /// How many places it changed.
    pub count: usize,
}

/// The repairs and normalizations of the decode stage (`decode_fixes[].name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FixKind {
    /// `\r\n` and lone `\r` line ends made `\n`.
    LineEnds,
    /// The text brought to Unicode normalization form C.
    Nfc,
    /// `?1994-2018 China Academic…`: a copyright sign lost to `?` restored.
    MangledCopyrightSign,
    /// `Â©`: a copyright sign read as Latin-1 restored.
    Latin1CopyrightSign,
    /// U+FEFF inside the text removed.
    StrayByteOrderMarks,
}

impl FixKind {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            FixKind::LineEnds => "line_ends",
            FixKind::Nfc => "nfc",
            FixKind::MangledCopyrightSign => "mangled_copyright_sign",
            FixKind::Latin1CopyrightSign => "latin1_copyright_sign",
            FixKind::StrayByteOrderMarks => "stray_byte_order_marks",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageNumber {
    /// The number as printed, digits only (`47`).
    pub number: String,
    /// The whole printed form (`-47-`, `— 74 —`).
    pub text: String,
    /// The rendering it was printed in.
    pub pass: NumberPass,
}

impl PageNumber {
    pub fn new(number: impl Into<String>, text: impl Into<String>, pass: NumberPass) -> Self {
        PageNumber {
            number: number.into(),
            text: text.into(),
            pass,
        }
    }
}

/// Which rendering a page number was found in (`page_numbers[].pass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum NumberPass {
    Ocr,
    Text,
    /// The page has one rendering.
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct PassInfo {
    pub kind: PassKind,
    /// Non-whitespace characters in the pass (after furniture removal).
    pub chars: usize,
    /// How the kind was decided (`watermark`, `letter-spacing`, `markers`, `position`, `single`).
    pub evidence: String,
    /// With two renderings: the share of their characters that agree once aligned (the
    /// rest are `disagreements` outside tables), to four decimals. Two readings of one page
    /// agree but for OCR errors; a page that merely repeats a passage does not, and is
    /// read as one rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Footnote {
    /// The footnote's mark as printed (`①`).
    pub mark: String,
    pub text: String,
    /// The page (index into `pages`) the footnote is printed on, in whole articles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

impl Footnote {
    pub fn new(mark: impl Into<String>, text: impl Into<String>) -> Self {
        Footnote {
            mark: mark.into(),
            text: text.into(),
            page: None,
        }
    }
}

/// How firmly the input determines a table's grid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Confidence {
    /// Both reading orders agree on one grid only.
    Determined,
    /// Both orders allow several column counts; the count was chosen from cell content.
    Content,
    /// Only one rendering: the grid is a best guess from line widths. Check it.
    #[default]
    Guessed,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
#[non_exhaustive]
pub struct Removal {
    pub kind: RemovalKind,
    pub text: String,
    /// The rule that removed it, where a named rule did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Removal {
    pub fn new(kind: RemovalKind, text: impl Into<String>) -> Self {
        Removal {
            kind,
            text: text.into(),
            rule: None,
        }
    }

    /// The same removal, naming the rule that made it.
    pub fn by_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }
}

/// What a removed piece of the page was (`removed[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemovalKind {
    /// A viewer widget of the mirror site (`目录`, `下载`, zoom buttons, …).
    Widget,
    /// The site's footer (copyright, contact lines).
    SiteFooter,
    /// The CNKI watermark line.
    Watermark,
    /// A printed page number.
    PageNumber,
    /// The running title printed at the top or bottom of the page.
    RunningTitle,
    /// A running head or foot of a whole article (found by repetition).
    RunningHead,
    /// A page marker an exporter put in (`<!-- source_page: 3 -->`, a form feed line).
    PageMarker,
    /// An exporter's header (`# Extracted Paper`, a comment block naming the source PDF).
    ExportHeader,
    /// A short line that is not text: logo and stamp residue read by an OCR engine.
    Noise,
    /// A journal header line (name, volume and issue, ISSN) printed on the first page.
    JournalHeader,
    /// A continuation note: `(下转74页)`.
    ContinuationNote,
    /// A front-matter label (`摘要：`, `关键词：`), the brackets around a field, or the
    /// separators between keywords: printed, but not part of the field's value.
    FieldLabel,
    /// A hyphen that broke a Latin word at a printed line end (`an-` + `alytics`).
    LineEndHyphen,
    /// Markup an exporter wrote around content: HTML table tags, Markdown image links.
    Markup,
}

impl RemovalKind {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            RemovalKind::Widget => "widget",
            RemovalKind::SiteFooter => "site_footer",
            RemovalKind::Watermark => "watermark",
            RemovalKind::PageNumber => "page_number",
            RemovalKind::RunningTitle => "running_title",
            RemovalKind::RunningHead => "running_head",
            RemovalKind::PageMarker => "page_marker",
            RemovalKind::ExportHeader => "export_header",
            RemovalKind::Noise => "noise",
            RemovalKind::JournalHeader => "journal_header",
            RemovalKind::ContinuationNote => "continuation_note",
            RemovalKind::FieldLabel => "field_label",
            RemovalKind::LineEndHyphen => "line_end_hyphen",
            RemovalKind::Markup => "markup",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Disagreement {
    /// The OCR pass's reading (may be empty: the OCR lost characters).
    pub ocr: String,
    /// The text layer's reading (may be empty: the OCR added characters).
    pub text: String,
    /// Character offset of the text-layer reading in the decoded input text
    /// (`decoded.chars().skip(offset)` starts with `text`).
    pub offset: usize,
}

/// The input's kind as the input-kind stage recognised it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Layout {
    pub kind: LayoutKind,
    pub evidence: String,
}

impl Layout {
    pub fn new(kind: LayoutKind, evidence: impl Into<String>) -> Self {
        Layout {
            kind,
            evidence: evidence.into(),
        }
    }
}

/// The kinds of input the tool takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LayoutKind {
    /// A mirror-site scrape: one page, whitespace collapsed, spaces at printed line ends,
    /// the OCR reading and the text layer one after the other (or one of them).
    #[default]
    Scrape,
    /// A text layer with its line structure: each newline a printed line end.
    TextLines,
    /// A text layer without line structure: a paragraph per line.
    TextFlow,
    /// OCR-engine output: words separated by spaces, one printed line per newline.
    OcrEngine,
}

impl LayoutKind {
    pub const ALL: [LayoutKind; 4] = [
        LayoutKind::Scrape,
        LayoutKind::TextLines,
        LayoutKind::TextFlow,
        LayoutKind::OcrEngine,
    ];

    pub fn name(self) -> &'static str {
        match self {
            LayoutKind::Scrape => "scrape",
            LayoutKind::TextLines => "text_lines",
            LayoutKind::TextFlow => "text_flow",
            LayoutKind::OcrEngine => "ocr_engine",
        }
    }

    /// The kind named `name` (as `name()` spells it), for `--layout`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One printed page of a whole-article input.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page {
    pub index: usize,
    /// The page number printed on the page, when one was found.
    pub printed_number: Option<String>,
    /// What ended the page in the input (`marker`, `form_feed`, `watermark`, `end`).
    pub boundary: String,
    /// Input lines on the page, furniture included.
    pub lines: usize,
    /// OCR-engine output only: the share of the page's text characters (furniture
    /// removed) in tokens no text holds (letters mixed with ideographs, stray symbols,
    /// short mixed-case Latin fragments). 0 is clean; pages above 0.1 deserve review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_quality: Option<f64>,
    /// How the page's reading order was decided: the extractor's kept, or restored from
    /// a gutter or by continuity, with what was measured (every page of a whole-article
    /// input; none on pages assembled from files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading_order: Option<ReadingOrder>,
}

/// How a page's reading order was decided, and on what evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadingOrder {
    pub method: ReadingMethod,
    /// What was measured: the gutter's column and the share of lines holding it, the
    /// blocks re-chained, or why the extractor's order was kept.
    pub evidence: String,
    /// The page looked like it might be out of order (two columns' blocks) but no order
    /// read better: the extractor's order was kept and wants review.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flagged: bool,
}

impl ReadingOrder {
    pub fn new(method: ReadingMethod, evidence: impl Into<String>) -> Self {
        ReadingOrder {
            method,
            evidence: evidence.into(),
            flagged: false,
        }
    }

    /// The extractor's order kept, with why.
    pub fn extractor(evidence: impl Into<String>) -> Self {
        Self::new(ReadingMethod::Extractor, evidence)
    }

    /// The extractor's order kept because no other read better: flagged for review.
    pub fn undecided(evidence: impl Into<String>) -> Self {
        ReadingOrder {
            flagged: true,
            ..Self::extractor(evidence)
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a page's reading order was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReadingMethod {
    /// The order the extractor (or OCR engine) wrote the lines in.
    Extractor,
    /// Two columns side by side on each line, split at the gutter: left column, then right.
    Gutter,
    /// Interleaved column blocks re-chained where the text runs on across them.
    Continuity,
}

/// Front and back matter, as far as the pages show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliations: Option<String>,
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub abstract_: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english_authors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english_affiliations: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english_abstract: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english_keywords: Option<String>,
    /// `fund` is a copy of a starred footnote's text (the footnote holds the characters).
    #[serde(skip)]
    pub fund_copied: bool,
}

impl Metadata {
    pub fn is_empty(&self) -> bool {
        self == &Metadata::default()
    }

    /// Every field's text that holds input characters of its own, for accounting.
    /// `journal`, `year` and `issue` are read from the journal header and running heads
    /// (which stay in `removed`), and a copied `fund` from its footnote: copies, not
    /// counted twice.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let fund = if self.fund_copied { &None } else { &self.fund };
        [
            &self.title,
            &self.authors,
            &self.affiliations,
            &self.abstract_,
            &self.doi,
            &self.received,
            &self.revised,
            fund,
            &self.author_notes,
            &self.clc,
            &self.document_code,
            &self.article_id,
            &self.citation,
            &self.english_title,
            &self.english_authors,
            &self.english_affiliations,
            &self.english_abstract,
            &self.english_keywords,
        ]
        .into_iter()
        .filter_map(|f| f.as_deref())
        .chain(self.keywords.iter().map(String::as_str))
    }
}

//! ocrclean-synth: scraped-CNKI-like pages generated from known random content, with their
//! exact truth — the evaluation set for the `ocrclean` pipeline.
//!
//! A page is a pure function of its seed ([`generate`]) or of a [`PageSpec`]
//! ([`generate_with`]): the PRNG is a hand-written splitmix64, so a seed names the same page
//! forever. Each [`GeneratedPage`] carries the file's bytes, the [`Truth`] the pipeline
//! should recover, and the [`Features`] the page exercises.
//!
//! ```
//! let page = ocrclean_synth::generate(17);
//! assert!(page.text().starts_with(['正', '图', '\u{feff}']));
//! assert!(!page.truth.paragraphs.is_empty());
//! ```
//!
//! # The page, as printed
//! A body of width **W** (36..=48 CJK units) holds, top to bottom: paragraphs (the first
//! may continue from the previous page, the last may run on), 0..=2 tables between
//! paragraphs (`表N` + caption, header, 2..=8 rows of 2..=6 columns, an optional note),
//! and footnotes. Lines wrap greedily ([`width::wrap`]); table cells wrap at their
//! column's width and are centred vertically in their row.
//!
//! # The file
//! A viewer widget line, then the body — an OCR reading of the page immediately followed by
//! the PDF text layer (sometimes the other way round, sometimes the text layer alone) — then
//! the page-turn widget and the site footer. [`PageSpec`] lists every knob and its default.
//!
//! Where the contract left room, the generator decided:
//! - letter-spacing inserts a space only between two adjacent *ideographs* of the chosen
//!   stretch (punctuation and ASCII runs stay attached: `数 据 赋 能,履 职`, `政 府3.0模 式`),
//!   as in the sample page;
//! - a footnote's first line holds its mark and a space (1.5 units), so its text wraps at
//!   W − 1.5 there, at W after;
//! - every paragraph has ≥ 2 lines except a continued first one, and ASCII runs are ≤ 4
//!   chars, so a paragraph's indented first line (≤ W−2) is always narrower than any inner
//!   line (> W−2);
//! - paragraphs before a table may refer to it (`如表1所示`), as in the sample;
//! - every printed line of a table is unique within the table, and OCR substitutions never
//!   make two equal;
//! - the body line has no trailing space (the sample's does not).
//!
//! # Reproducing a page
//! `ocrclean_synth::generate(seed).bytes` is the file; from the shell,
//! `cargo run -p ocrclean-synth --bin gen_pages -- DIR 1 SEED --truth` writes it as
//! `DIR/page_00000.txt` with its truth and features in `DIR/page_00000.truth.json`.
//!
//! # Tables are recoverable by construction
//! Every table is checked with a reference reader ([`grid::readings`]): with both
//! renderings, the truth must be the only grid consistent with the two reading orders, the
//! layout rules and the content rules that needs no more OCR swaps than the truth does.
//! Tables failing that are redrawn (see [`grid`] for the rules).
//!
//! # The varied model
//! [`PageSpec::varied`] ([`generate_varied`]) draws, per page, what the default model fixes
//! and the pipeline's rules assume: the printed width of ASCII `,:;()`, the first-line
//! indent, the share of letter-spaced lines, repeated sentences and paragraph openings, two
//! tables and tables without notes, OCR misreads anywhere (cells and captions included) and
//! marks read as `0`, `O`, `@` or lost ([`Variety`] lists the knobs). The truth stays exact:
//! it is what was printed, and misreads touch only the OCR rendering. Its tables pass the
//! same reference reader, measured with the page's own widths
//! ([`width::Typesetting`]); a table it cannot prove unambiguous is redrawn, and only if 60
//! drafts fail is one kept and counted in [`Features::ambiguous_tables`] (tests list such
//! pages apart). Default pages are untouched: every seed of [`generate`] is the same page.

pub mod adversarial;
pub mod article;
pub mod grid;
mod page;
pub mod rng;
pub mod table;
pub mod width;
pub mod words;

#[cfg(test)]
mod tests;

pub use width::char_width;

use serde::Serialize;

/// The knobs of the generator. `PageSpec::default()` (seed 0) and [`PageSpec::new`] give the
/// default mix; [`PageSpec::clean`] a page without OCR errors or letter-spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSpec {
    pub seed: u64,
    /// Body width W in CJK units, inclusive range (default 36..=48).
    pub width_range: (u32, u32),
    /// Pages with only the text-layer rendering (default 0.2).
    pub p_text_only: f64,
    /// Of the pages with both renderings, those with the text layer first (default 0.1).
    pub p_text_first: f64,
    /// OCR passes ending with the CNKI watermark (default 0.8).
    pub p_watermark: f64,
    /// Bodies split over several lines at random spaces (default 0.1).
    pub p_split_body: f64,
    /// Files with CRLF line ends (default 0.1).
    pub p_crlf: f64,
    /// Files starting with a UTF-8 BOM (default 0.05).
    pub p_bom: f64,
    /// Pages with ASCII `,:;()` (like the sample) rather than full-width (default 0.5).
    pub p_ascii_punct: f64,
    /// Weights of 0, 1, 2 tables on a page (default 30/45/25).
    pub table_count_weights: [u32; 3],
    /// Weights of text / numeric / all-one-line tables (default 50/30/20).
    pub table_kind_weights: [u32; 3],
    /// Tables with a `(资料来源:…)` note (default 0.6).
    pub p_table_note: f64,
    /// Paragraphs before a table that refer to it with `如表N所示` (default 0.3).
    pub p_table_ref: f64,
    /// At most this many paragraphs (default 5; at least one more than tables).
    pub max_paragraphs: usize,
    /// The first paragraph continues from the previous page (default 0.5).
    pub p_continued_first: f64,
    /// The last paragraph runs on to the next page (default 0.5).
    pub p_runs_on: f64,
    /// A complete paragraph ends with a footnote marker (default 0.3).
    pub p_footnote_marker: f64,
    /// At most this many footnotes (default 3).
    pub max_footnotes: usize,
    /// Text-layer paragraph and cell lines that are letter-spaced (default 0.15).
    pub p_letter_spaced: f64,
    /// OCR char substitutions per page: uniform in 0..=this (default 3).
    pub max_ocr_substitutions: usize,
    /// Each `;` read as `:` by the OCR (default 0.5).
    pub p_semicolon_error: f64,
    /// Each footnote `———` read as `一` by the OCR (default 0.7).
    pub p_dash_error: f64,
    /// Each marker (inline or footnote) read as `0` by the OCR (default 0.15).
    pub p_marker_zero: f64,
    /// Each marker lost by the OCR (default 0.1).
    pub p_marker_lost: f64,
    /// OCR swaps of table fragments half a line apart (default 0.25).
    pub p_ocr_swap: f64,
    /// The OCR pass prints another page number than the text layer (default 0.5).
    pub p_page_numbers_differ: f64,
    /// Page length multiplier (default 1): the body is drawn as `scale` sections, each
    /// with its own paragraphs and tables in the default mix, so a page holds about
    /// `scale`× the text and tables of a default page (for measuring how cost grows with
    /// page length). Footnotes (at most 10 marks) and OCR substitutions scale along.
    /// With 1 (or 0) the page is exactly the unscaled one: seeds keep their pages.
    pub scale: u32,
    /// The varied page model ([`PageSpec::varied`]): typesetting, repetition and OCR
    /// misreads drawn per page. `None` (the default) is the default model.
    pub variety: Option<Variety>,
}

/// The knobs of the varied page model: what [`PageSpec::varied`] draws per page, on top of
/// (and partly instead of) the default mix. Defaults in brackets.
///
/// Per page, the generator draws:
/// - **punctuation width**: on pages with ASCII `,:;()`, those five are printed at half
///   width with probability `p_half_width_punct` [0.5] (else full width, the pipeline's
///   rule) — see [`width::Typesetting`];
/// - **indent** of a paragraph's first line: none with probability `p_no_indent` [0.25],
///   else uniform in `indents` [3..=6 half units, 1.5–3 units];
/// - **justification**: the share of text-layer lines that are letter-spaced, uniform in
///   0..`max_letter_spacing` [0.4] (replaces `p_letter_spaced`);
/// - **repetition**: one sentence printed again later on the page with probability
///   `p_repeat_sentence` [0.3]; a later paragraph opening with an earlier paragraph's
///   first sentence (or its first few characters) with probability `p_repeat_opening`
///   [0.25];
/// - **tables**: count weights `table_count_weights` [15/40/45 for 0/1/2], a note with a
///   probability uniform in 0..=1 per page (so many tables end without a note and the next
///   paragraph follows directly);
/// - **OCR misreads**: a per-character rate uniform in 0..`max_ocr_rate` [0.02], applied
///   to the OCR pass's paragraph lines, captions (not their `表N` label), table cells, notes
///   and footnotes: an ideograph becomes a visually similar one (`务→各`, `治→冶`, `人→入`,
///   `制→判`…) with probability `p_similar` [0.6] when there is one, else any ideograph of
///   the vocabulary; a digit or letter its look-alike (`0↔O`, `1↔l`, `5↔S`, `8↔B`, `2↔Z`).
///   These replace the default model's few substitutions (`max_ocr_substitutions`);
/// - **footnote marks** (inline and at the footnote) read as `0`, `O` or `@` with a
///   probability uniform in 0..`max_marker_misread` [0.3], lost with one uniform in
///   0..`max_marker_lost` [0.2].
///
/// The truth is what was printed; misreads only touch the OCR rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Variety {
    pub p_half_width_punct: f64,
    pub p_no_indent: f64,
    /// First-line indents in half units, inclusive range.
    pub indents: (u32, u32),
    pub max_letter_spacing: f64,
    pub p_repeat_sentence: f64,
    pub p_repeat_opening: f64,
    pub table_count_weights: [u32; 3],
    pub max_ocr_rate: f64,
    pub p_similar: f64,
    pub max_marker_misread: f64,
    pub max_marker_lost: f64,
}

impl Default for Variety {
    fn default() -> Variety {
        Variety {
            p_half_width_punct: 0.5,
            p_no_indent: 0.25,
            indents: (3, 6),
            max_letter_spacing: 0.4,
            p_repeat_sentence: 0.3,
            p_repeat_opening: 0.25,
            table_count_weights: [15, 40, 45],
            max_ocr_rate: 0.02,
            p_similar: 0.6,
            max_marker_misread: 0.3,
            max_marker_lost: 0.2,
        }
    }
}

impl Default for PageSpec {
    fn default() -> PageSpec {
        PageSpec {
            seed: 0,
            width_range: (36, 48),
            p_text_only: 0.2,
            p_text_first: 0.1,
            p_watermark: 0.8,
            p_split_body: 0.1,
            p_crlf: 0.1,
            p_bom: 0.05,
            p_ascii_punct: 0.5,
            table_count_weights: [30, 45, 25],
            table_kind_weights: [50, 30, 20],
            p_table_note: 0.6,
            p_table_ref: 0.3,
            max_paragraphs: 5,
            p_continued_first: 0.5,
            p_runs_on: 0.5,
            p_footnote_marker: 0.3,
            max_footnotes: 3,
            p_letter_spaced: 0.15,
            max_ocr_substitutions: 3,
            p_semicolon_error: 0.5,
            p_dash_error: 0.7,
            p_marker_zero: 0.15,
            p_marker_lost: 0.1,
            p_ocr_swap: 0.25,
            p_page_numbers_differ: 0.5,
            scale: 1,
            variety: None,
        }
    }
}

impl PageSpec {
    /// The default mix for `seed`.
    pub fn new(seed: u64) -> PageSpec {
        PageSpec {
            seed,
            ..PageSpec::default()
        }
    }

    /// The default mix for `seed`, `scale` times as long (see [`PageSpec::scale`]).
    ///
    /// ```
    /// use ocrclean_synth::{generate, generate_with, PageSpec};
    /// assert_eq!(generate_with(&PageSpec::scaled(5, 1)).bytes, generate(5).bytes);
    /// let long = generate_with(&PageSpec::scaled(5, 16));
    /// assert!(long.bytes.len() > 8 * generate(5).bytes.len());
    /// assert!(long.truth.paragraphs.len() >= 16);
    /// ```
    pub fn scaled(seed: u64, scale: u32) -> PageSpec {
        PageSpec {
            seed,
            scale,
            ..PageSpec::default()
        }
    }

    /// The varied page model for `seed` (see [`Variety`]): a page whose typesetting,
    /// repetitions and OCR misreads the pipeline's assumptions do not fit. Its seeds name
    /// other pages than [`PageSpec::new`]'s.
    ///
    /// ```
    /// use ocrclean_synth::{generate_varied, generate_with, PageSpec};
    /// let page = generate_varied(5);
    /// assert_eq!(generate_with(&PageSpec::varied(5)).bytes, page.bytes);
    /// assert!(page.features.varied);
    /// ```
    pub fn varied(seed: u64) -> PageSpec {
        PageSpec {
            seed,
            variety: Some(Variety::default()),
            ..PageSpec::default()
        }
    }

    /// Both renderings, no OCR errors, no letter-spacing, no lost markers, no swaps, plain
    /// LF file: only the layout is left to recover.
    pub fn clean(seed: u64) -> PageSpec {
        PageSpec {
            seed,
            p_text_only: 0.0,
            p_split_body: 0.0,
            p_crlf: 0.0,
            p_bom: 0.0,
            p_letter_spaced: 0.0,
            max_ocr_substitutions: 0,
            p_semicolon_error: 0.0,
            p_dash_error: 0.0,
            p_marker_zero: 0.0,
            p_marker_lost: 0.0,
            p_ocr_swap: 0.0,
            ..PageSpec::default()
        }
    }
}

/// A generated page: the file, what it says, what it exercises.
#[derive(Debug, Clone)]
pub struct GeneratedPage {
    pub seed: u64,
    /// The file as a user would have it (UTF-8, maybe BOM/CRLF).
    pub bytes: Vec<u8>,
    pub truth: Truth,
    pub features: Features,
}

impl GeneratedPage {
    /// The file as text (always valid UTF-8; BOM included if there is one).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("generated pages are UTF-8")
    }
}

/// What the pipeline should recover from the page, character for character (the text
/// layer's characters: no OCR errors, no layout spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truth {
    pub title: String,
    /// Including a partial first paragraph (continued from the previous page) and a partial
    /// last one (running on); inline footnote markers stay in.
    pub paragraphs: Vec<String>,
    /// (mark, text): the text without the mark and without the space after it.
    pub footnotes: Vec<(String, String)>,
    pub tables: Vec<TruthTable>,
    /// The distinct printed page numbers (digits), in file order.
    pub page_numbers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TruthTable {
    /// `表1`
    pub label: String,
    pub caption: String,
    pub header: Vec<String>,
    /// Cells' wrapped lines joined without spaces.
    pub rows: Vec<Vec<String>>,
    /// With its parentheses.
    pub note: Option<String>,
}

/// What a page exercises (for filtering, for scores per feature, for failure reports).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Features {
    /// Body width W in CJK units.
    pub width: u32,
    /// ASCII `,:;()` (else full-width).
    pub ascii_punct: bool,
    /// OCR pass and text layer (else the text layer only).
    pub both_passes: bool,
    /// The text layer comes first in the body.
    pub text_first: bool,
    /// The OCR pass carries the CNKI watermark.
    pub watermark: bool,
    pub bom: bool,
    pub crlf: bool,
    /// The body is split over several lines.
    pub split_body: bool,
    pub paragraphs: usize,
    pub continued_first: bool,
    pub runs_on: bool,
    pub footnotes: usize,
    pub tables: usize,
    pub text_tables: usize,
    /// Tables with numeric columns (one-line ones included).
    pub numeric_tables: usize,
    /// Tables whose every cell is one line (both orders identical).
    pub one_line_tables: usize,
    pub table_notes: usize,
    /// `如表N所示` references in paragraphs.
    pub table_refs: usize,
    /// Tables the reference reader could not prove unambiguous (should be 0; the generator
    /// redraws such tables and keeps one only after 60 failed drafts).
    pub ambiguous_tables: usize,
    /// OCR swaps of table fragments half a line apart (both-pass pages only).
    pub ocr_swaps: usize,
    /// Text-layer lines with letter-spacing.
    pub letter_spaced_lines: usize,
    /// OCR character errors: substitutions, `;`→`:`, `———`→`一`.
    pub ocr_errors: usize,
    /// Markers (inline or footnote) the OCR read as `0`.
    pub zero_markers: usize,
    /// Markers (inline or footnote) the OCR lost.
    pub lost_markers: usize,
    /// The two passes print different page numbers.
    pub page_numbers_differ: bool,
    // The varied model only (absent from the JSON of default pages, which stays as it was).
    /// A varied page ([`PageSpec::varied`]).
    #[serde(skip_serializing_if = "is_false")]
    pub varied: bool,
    /// ASCII `,:;()` printed at half width.
    #[serde(skip_serializing_if = "is_false")]
    pub half_width_punct: bool,
    /// First-line indent in half units (varied pages; default pages indent by 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indent: Option<u32>,
    /// Share of text-layer lines drawn for letter-spacing, in thousandths.
    #[serde(skip_serializing_if = "is_zero")]
    pub letter_spacing_permille: u32,
    /// The OCR misread rate per character, in units of 1/10,000.
    #[serde(skip_serializing_if = "is_zero")]
    pub ocr_rate_bp: u32,
    /// OCR misreads in paragraph lines, captions, cells, notes and footnotes (also counted
    /// in `ocr_errors`).
    #[serde(skip_serializing_if = "is_zero")]
    pub ocr_misreads: usize,
    /// Of them, in table cells.
    #[serde(skip_serializing_if = "is_zero")]
    pub cell_misreads: usize,
    /// Of them, in captions.
    #[serde(skip_serializing_if = "is_zero")]
    pub caption_misreads: usize,
    /// Markers the OCR read as `O` or `@` (those read as `0` are `zero_markers`).
    #[serde(skip_serializing_if = "is_zero")]
    pub misread_markers: usize,
    /// Sentences printed a second time on the page.
    #[serde(skip_serializing_if = "is_zero")]
    pub repeated_sentences: usize,
    /// Paragraphs opening like an earlier one.
    #[serde(skip_serializing_if = "is_zero")]
    pub repeated_openings: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

/// The page for `seed` in the default mix.
pub fn generate(seed: u64) -> GeneratedPage {
    generate_with(&PageSpec::new(seed))
}

/// The page for `seed` in the varied model ([`PageSpec::varied`]).
pub fn generate_varied(seed: u64) -> GeneratedPage {
    generate_with(&PageSpec::varied(seed))
}

/// The page described by `spec`.
pub fn generate_with(spec: &PageSpec) -> GeneratedPage {
    page::build(spec)
}

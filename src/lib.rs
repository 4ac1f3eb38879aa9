//! ocrclean: scraped and OCR-scanned pages of Chinese journal articles in, clean text and
//! real tables out.
//!
//! ```
//! let page = "正文第一行，继续。 -12- 正文第二行。";
//! let doc = ocrclean::convert_str("page.txt", page, &ocrclean::Options::new()).unwrap();
//! assert_eq!(doc.page_numbers[0].number, "12");
//! assert!(doc.paragraphs.concat().contains("正文第二行"));
//! ```
//!
//! The public API is [`convert`] and [`convert_str`] with their [`Options`], the
//! [`model`] of the converted document (the JSON the command prints), the furniture
//! [`rules`] users extend, and the errors ([`ConvertError`], [`OptionsError`]). The document renders itself as JSON, text,
//! Markdown and CSV ([`model::Document::to_json`] and its siblings).
//!
//! Inside, [`convert`] runs the pipeline, one module per stage, each a function over the
//! previous stage's result (see `ARCHITECTURE.md`):
//!
//! `decode → furniture → passes → blocks → tables`, then `output` renders the document.
//!
//! The stage modules are public only for the project's benchmarks, examples and tests
//! (hidden from the documentation): they are not a stable API.

#[doc(hidden)]
pub mod accounting;
#[doc(hidden)]
pub mod article;
mod assemble;
#[doc(hidden)]
pub mod blocks;
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod furniture;
#[doc(hidden)]
pub mod handoff;
#[doc(hidden)]
pub mod layout;
pub mod model;
#[doc(hidden)]
pub mod output;
#[doc(hidden)]
pub mod page_matter;
#[doc(hidden)]
pub mod passes;
pub mod rules;
#[doc(hidden)]
pub mod spacing;
#[doc(hidden)]
pub mod tables;
#[doc(hidden)]
pub mod work;

pub use assemble::assemble;
pub use decode::DecodeError;
use model::Document;
use std::fmt;
use std::sync::Arc;

/// Settings for converting one page.
///
/// ```
/// let options = ocrclean::Options::new().encoding("gbk").unwrap();
/// assert_eq!(options.encoding_name(), Some("GBK"));
/// assert!(ocrclean::Options::new().encoding("klingon").is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    encoding: Option<&'static encoding_rs::Encoding>,
    allow_non_cjk: bool,
    /// A page's work budget in operations, replacing [`work::budget`] (tests only).
    work_budget: Option<u64>,
    /// The layout kind forced with `--layout` (else recognised per input).
    layout: Option<model::LayoutKind>,
    /// The furniture line rules: `None` for the built-in ones.
    rules: Option<Arc<rules::RuleSet>>,
}

impl Options {
    /// Detect the encoding of each page (a BOM, else valid UTF-8, else GB18030/GBK/Big5…).
    pub fn new() -> Self {
        Options::default()
    }

    /// Decode with the encoding of this WHATWG label (`gbk`, `gb18030`, `big5`, `utf-8`,
    /// `utf-16le`, …) instead of detecting one.
    pub fn encoding(mut self, label: &str) -> Result<Self, OptionsError> {
        self.encoding = Some(
            decode::encoding_for_label(label)
                .ok_or_else(|| OptionsError::UnknownEncoding(label.to_string()))?,
        );
        Ok(self)
    }

    /// Convert a page that decodes to text with no Chinese (CJK) character at all, instead
    /// of refusing it ([`ConvertError::NotChinese`]): such a file is most often one read in
    /// the wrong encoding, or not a journal page.
    /// Forces the input's layout kind instead of recognising it (`--layout`).
    pub fn layout(mut self, kind: Option<model::LayoutKind>) -> Self {
        self.layout = kind;
        self
    }

    pub fn allow_non_cjk(mut self, allow: bool) -> Self {
        self.allow_non_cjk = allow;
        self
    }

    /// Add these furniture rules to the ones in use (at first the built-in ones,
    /// [`rules::RuleSet::builtin`]): a rule named like one in use replaces it, a new one is
    /// tried after them, and the built-in rules that `user` disables are turned off. Each
    /// removal a rule makes names it in `removed[].rule`.
    ///
    /// ```
    /// let user = ocrclean::rules::RuleSet::from_toml_str(r#"
    ///     [[rule]]
    ///     name = "share-bar"
    ///     kind = "widget"
    ///     pattern = '分享到[:：]?\s*(?:微信|微博|QQ)(?:\s*(?:微信|微博|QQ))*'
    /// "#).unwrap();
    /// let options = ocrclean::Options::new().rules(user);
    /// assert!(options.rule_set().get("share-bar").is_some());
    /// assert!(options.rule_set().get("app-download").is_some()); // the built-in ones stay
    /// ```
    pub fn rules(mut self, user: rules::RuleSet) -> Self {
        self.rules = Some(Arc::new(self.rule_set().extend(&user)));
        self
    }

    /// The furniture rules in use.
    pub fn rule_set(&self) -> &rules::RuleSet {
        self.rules
            .as_deref()
            .unwrap_or_else(|| rules::RuleSet::builtin())
    }

    /// For tests only (hidden from the documentation, not a stable API): give every page a
    /// budget of `operations` instead of the default, which grows with the page's length
    /// ([`work::budget`]) and which no ordinary page comes near. A small budget makes an
    /// ordinary page fail with [`ConvertError::TooComplex`], so the refusal can be tested.
    #[doc(hidden)]
    pub fn work_budget(mut self, operations: u64) -> Self {
        self.work_budget = Some(operations);
        self
    }

    /// The forced encoding's canonical name, if one was set.
    pub fn encoding_name(&self) -> Option<&'static str> {
        self.encoding.map(|e| e.name())
    }
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionsError {
    /// No encoding has this label.
    UnknownEncoding(String),
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::UnknownEncoding(label) => write!(
                f,
                "unknown encoding {label:?} (try gbk, gb18030, big5, utf-8, utf-16le, utf-16be)"
            ),
        }
    }
}

impl std::error::Error for OptionsError {}

/// Why a page could not be converted. The message names what is wrong; callers add the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConvertError {
    /// The input is not text in any supported encoding (or is empty).
    Decode(DecodeError),
    /// The input decoded, but no page body was found in it.
    NoBody,
    /// The page would take more work than its budget allows (see `work`): it is refused
    /// rather than left to run for minutes. The message says at which stage.
    TooComplex(String),
    /// The encoding forced by [`Options::encoding`] does not fit the bytes: decoding had
    /// to replace more than a few characters (the message says how many).
    WrongEncoding(String),
    /// The page decodes to text with no Chinese character: not a CNKI page (or one read in
    /// the wrong encoding). [`Options::allow_non_cjk`] converts it anyway.
    NotChinese,
    /// A bug: the converter panicked on this page. The panic is caught so that one page
    /// cannot take a batch (or a Python process) down; please report the page.
    Internal(String),
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::Decode(e) => write!(f, "{e}"),
            ConvertError::NoBody => {
                write!(f, "no page body found (only site furniture, or no text)")
            }
            ConvertError::TooComplex(what) => write!(f, "page too complex: {what}"),
            ConvertError::WrongEncoding(what) => write!(f, "wrong encoding: {what}"),
            ConvertError::NotChinese => write!(
                f,
                "not a CNKI page: no Chinese text (wrong encoding? --allow-non-cjk converts it anyway)"
            ),
            ConvertError::Internal(what) => write!(
                f,
                "internal error: the converter panicked ({what}); please report this page"
            ),
        }
    }
}

impl std::error::Error for ConvertError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConvertError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

/// A forced encoding fails the page when decoding replaced more than this many characters
/// and more than one in [`FORCED_REPLACEMENT_RATIO`] (a detected one is refused at one in
/// 20: the detector already chose the best fit).
const FORCED_MAX_REPLACEMENTS: usize = 2;
const FORCED_REPLACEMENT_RATIO: usize = 200;

/// Converts one page: bytes in any supported encoding in, the clean document out.
///
/// `source` is recorded as given (it names the page in the JSON and in errors).
///
/// A panic inside the converter (a bug) is caught and returned as
/// [`ConvertError::Internal`], so that one page cannot stop a batch.
pub fn convert(source: &str, bytes: &[u8], options: &Options) -> Result<Document, ConvertError> {
    let run = std::panic::AssertUnwindSafe(|| convert_unguarded(source, bytes, options));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ConvertError::Internal(what))
    })
}

fn convert_unguarded(
    source: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Document, ConvertError> {
    work::reset();
    let budget = options
        .work_budget
        .unwrap_or_else(|| work::budget(bytes.len()));
    let check = |stage: &str| {
        let spent = work::spent();
        if spent > budget {
            Err(ConvertError::TooComplex(format!(
                "{stage} spent {spent} operations, over the budget of {budget} for {} bytes",
                bytes.len()
            )))
        } else {
            Ok(())
        }
    };
    work::spend(bytes.len());
    let decoded = decode::decode(bytes, options.encoding).map_err(ConvertError::Decode)?;
    if let Some(forced) = options.encoding {
        let chars = decoded.text.chars().count();
        if decoded.replacement_chars > FORCED_MAX_REPLACEMENTS
            && decoded.replacement_chars * FORCED_REPLACEMENT_RATIO > chars
        {
            return Err(ConvertError::WrongEncoding(format!(
                "{} of {chars} characters are not valid {} (the encoding forced with --encoding); \
                 try another encoding or let it be detected",
                decoded.replacement_chars,
                forced.name()
            )));
        }
    }
    let not_chinese = !options.allow_non_cjk && !decoded.text.chars().any(ocrclean_text::is_cjk);
    let layout = match options.layout {
        Some(kind) => layout::forced(&decoded.text, kind),
        None => layout::recognise(&decoded.text),
    };
    if layout.kind != model::LayoutKind::Scrape {
        if not_chinese {
            return Err(ConvertError::NotChinese);
        }
        let found = article::convert(&decoded.text, layout.kind, options.rule_set());
        check("the article's pages")?;
        if found.paragraphs.is_empty() && found.tables.is_empty() && found.metadata.is_empty() {
            return Err(ConvertError::NoBody);
        }
        let mut doc = Document {
            source: source.to_string(),
            encoding: decoded.encoding,
            replacement_chars: decoded.replacement_chars,
            decode_fixes: decoded.fixes,
            title: found.metadata.title.clone(),
            page_numbers: found.page_numbers,
            passes: Vec::new(),
            body_width: found.body_width,
            paragraphs: found.paragraphs,
            footnotes: found.footnotes,
            tables: found.tables,
            removed: found.removed,
            disagreements: Vec::new(),
            spaces_removed: found.spaces_removed,
            accounting: Default::default(),
            layout,
            pages: found.pages,
            metadata: found.metadata,
            references: found.references,
            breaks_undecided: found.breaks_undecided,
        };
        doc.accounting = accounting::account(&decoded.text, &doc);
        return Ok(doc);
    }
    let stripped = furniture::strip_with(&decoded.text, options.rule_set());
    if stripped.is_empty() {
        return Err(ConvertError::NoBody);
    }
    if not_chinese {
        return Err(ConvertError::NotChinese);
    }
    check("furniture")?;
    let mut found = passes::reconcile(&stripped);
    check("the renderings' alignment")?;
    let matter = page_matter::take(&mut found.reading);
    let blocks = blocks::segment(&found.reading);
    check("paragraphs and tables")?;
    let mut doc = Document {
        source: source.to_string(),
        encoding: decoded.encoding,
        replacement_chars: decoded.replacement_chars,
        decode_fixes: decoded.fixes,
        title: found.title,
        page_numbers: found.page_numbers,
        passes: found.passes,
        body_width: (found.reading.body_width > 0.0).then_some(found.reading.body_width),
        paragraphs: blocks.paragraphs,
        footnotes: blocks.footnotes,
        tables: Vec::with_capacity(blocks.tables.len()),
        removed: found.removed,
        disagreements: found.disagreements,
        spaces_removed: found.spaces_removed,
        accounting: Default::default(),
        layout,
        pages: Vec::new(),
        metadata: matter.metadata,
        references: matter.references,
        // (A scrape's page is read by its geometry, which decides every break.)
        breaks_undecided: Vec::new(),
    };
    // Labels are printed in each rendering.
    for removal in &matter.removed {
        for _ in 0..doc.passes.len().max(1) {
            doc.removed.push(removal.clone());
        }
    }
    for (field, label, text) in &blocks.first_page_notes {
        use article::labels::Field;
        // The label is printed in each rendering; the text goes once, as content does.
        for _ in 0..doc.passes.len().max(1) {
            doc.removed.push(
                model::Removal::new(model::RemovalKind::FieldLabel, label.as_str())
                    .by_rule("front_matter_label"),
            );
        }
        let slot = match field {
            Field::Received => &mut doc.metadata.received,
            Field::Fund => &mut doc.metadata.fund,
            _ => &mut doc.metadata.author_notes,
        };
        match slot {
            Some(value) => ocrclean_text::space::append_line(value, text),
            None => *slot = Some(text.clone()),
        }
    }
    for placed in &blocks.tables {
        check("the tables")?;
        let (mut table, disagreements) = tables::rebuild(&placed.source);
        table.position = placed.position;
        doc.tables.push(table);
        doc.disagreements.extend(disagreements);
    }
    check("the tables")?;
    doc.disagreements.sort_by_key(|d| d.offset);
    doc.accounting = accounting::account(&decoded.text, &doc);
    Ok(doc)
}

/// Converts one page that is already text (UTF-8): the same as [`convert`] on its bytes
/// with the encoding forced to UTF-8.
pub fn convert_str(source: &str, text: &str, options: &Options) -> Result<Document, ConvertError> {
    let mut options = options.clone();
    options.encoding = Some(encoding_rs::UTF_8);
    convert(source, text.as_bytes(), &options)
}

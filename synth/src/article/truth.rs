//! The exact truth of a rendering, built from the article's content and the pages it was
//! typeset into (never from a reading of the rendering).

use super::content::{Article, Block};
use super::typeset::{Printed, Role};
use super::Placed;
use serde::Serialize;

/// The whitespace normal form of the truth (and of the comparisons in
/// `tests/synth_articles.rs`): whitespace runs (spaces, U+3000, tabs, newlines, form feeds)
/// are removed, except that one space is kept where an ASCII letter or one of `,.;:!?)`
/// precedes and an ASCII letter follows (`big data`, `Beijing, fly`). So `在 2013 年` is
/// `在2013年`, `2 534 份` is `2534份`, `1 引言` is `1引言`, and spaces between CJK
/// characters never survive.
///
/// ```
/// use ocrclean_synth::article::normal_form;
/// assert_eq!(normal_form(" 共 2 534 份 big  data ，ICT 应用"), "共2534份big data，ICT应用");
/// assert_eq!(normal_form("Beijing,\u{3000}fly"), "Beijing, fly");
/// ```
pub fn normal_form(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            if let Some(p) = out.chars().last() {
                if (p.is_ascii_alphabetic() || ",.;:!?)".contains(p)) && c.is_ascii_alphabetic() {
                    out.push(' ');
                }
            }
            gap = false;
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TruthFootnote {
    pub mark: String,
    pub text: String,
    /// Index of the page it is printed on (0-based, as `model::Footnote::page`).
    pub page: usize,
}

/// Named as `model::Metadata`'s fields. Values carry no label (`DOI:`, `基金项目：`,
/// `摘要：`); `authors` are the names without affiliation marks joined by `，`;
/// `affiliations` is the text inside the printed parentheses (`1.某大学某学院,某省某市
/// 100000；2.…`); `year` and `issue` are digits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TruthMetadata {
    pub title: Option<String>,
    pub authors: Option<String>,
    pub affiliations: Option<String>,
    #[serde(rename = "abstract")]
    pub abstract_: Option<String>,
    pub keywords: Vec<String>,
    pub doi: Option<String>,
    pub received: Option<String>,
    pub fund: Option<String>,
    pub author_notes: Option<String>,
    pub clc: Option<String>,
    pub document_code: Option<String>,
    pub article_id: Option<String>,
    pub journal: Option<String>,
    pub year: Option<String>,
    pub issue: Option<String>,
    pub english_title: Option<String>,
    pub english_abstract: Option<String>,
    pub english_keywords: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TruthTable {
    /// `表1`, `表2-1` (normal form of the printed label).
    pub label: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// With its `注：` / `资料来源：` label.
    pub note: Option<String>,
    /// The page its caption is printed on; a table continued under `续表` is one table.
    pub page: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TruthPages {
    pub count: usize,
    /// The number printed on each page (digits), `None` where none is printed.
    pub numbers: Vec<Option<String>>,
    /// The body (column) width in CJK units, the columns, and body lines per page.
    pub width: u32,
    pub columns: u32,
    pub lines_per_page: usize,
    /// The paragraph indent in CJK units (0: paragraphs set flush, so a full line ending a
    /// sentence before a full line is ambiguous to any reader of the text).
    pub indent: u32,
}

/// What a perfect conversion of one rendering gives. Text fields are in [`normal_form`];
/// `furniture` holds each furniture string exactly as placed in the rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleTruth {
    /// `text_lines`, `text_flow` or `ocr_engine` (as `model::LayoutKind::name`).
    pub layout: String,
    /// Headings, paragraphs and figure captions in reading order, whole across page
    /// breaks; footnote marks and citations stay in.
    pub paragraphs: Vec<String>,
    /// The body's footnotes, and a fund note printed with `*` (mark `*`, page 0).
    pub footnotes: Vec<TruthFootnote>,
    pub metadata: TruthMetadata,
    /// Entries with their `[N]`.
    pub references: Vec<String>,
    pub tables: Vec<TruthTable>,
    pub furniture: Vec<Placed>,
    pub pages: TruthPages,
}

pub(crate) fn build(
    a: &Article,
    p: &Printed,
    layout: &str,
    furniture: Vec<Placed>,
) -> ArticleTruth {
    let nf = |s: &str| normal_form(s);
    let page_of = |pred: &dyn Fn(&Role) -> bool| {
        p.pages
            .iter()
            .position(|pg| pg.lines.iter().any(|l| pred(&l.role)))
            .unwrap_or(0)
    };
    let mut paragraphs = Vec::new();
    let mut tables = Vec::new();
    for (bi, b) in a.blocks.iter().enumerate() {
        match b {
            Block::Heading(t) | Block::Para(t) | Block::Figure(t) => paragraphs.push(nf(t)),
            Block::Table(t) => tables.push(TruthTable {
                label: nf(&t.label),
                caption: nf(&t.caption),
                header: t.header.iter().map(|c| nf(c)).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| nf(c)).collect())
                    .collect(),
                note: t.note.as_deref().map(nf),
                page: page_of(&|r| matches!(r, Role::Table { block, cont: false } if *block == bi)),
            }),
        }
    }
    let mut footnotes = Vec::new();
    if let Some((f, true)) = &a.fund {
        footnotes.push(TruthFootnote {
            mark: "*".into(),
            text: nf(f),
            page: 0,
        });
    }
    for (i, f) in a.footnotes.iter().enumerate() {
        footnotes.push(TruthFootnote {
            mark: f.mark.clone(),
            text: nf(&f.text),
            page: page_of(&|r| *r == Role::Foot { idx: i }),
        });
    }
    let j = &a.journal;
    let metadata = TruthMetadata {
        title: Some(nf(&a.title)),
        authors: Some(a.authors.join("，")),
        affiliations: Some(nf(&a
            .affiliations
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if a.affiliations.len() == 1 && !a.author_marks[0].starts_with('1') {
                    s.clone()
                } else {
                    format!("{}.{s}", i + 1)
                }
            })
            .collect::<Vec<_>>()
            .join("；"))),
        abstract_: Some(nf(&a.abstract_)),
        keywords: a.keywords.iter().map(|k| nf(k)).collect(),
        doi: a.doi.clone(),
        received: Some(nf(&a.received)),
        fund: a.fund.as_ref().map(|f| nf(&f.0)),
        author_notes: a.author_note.as_deref().map(nf),
        clc: Some(a.clc.clone()),
        document_code: Some(a.document_code.clone()),
        article_id: Some(a.article_id.clone()),
        journal: Some(j.name.clone()),
        year: Some(j.year.to_string()),
        issue: Some(j.issue.to_string()),
        english_title: a.english.as_ref().map(|e| nf(&e.title)),
        english_abstract: a.english.as_ref().map(|e| nf(&e.abstract_)),
        english_keywords: a.english.as_ref().map(|e| nf(&e.keywords)),
    };
    ArticleTruth {
        layout: layout.to_string(),
        paragraphs,
        footnotes,
        metadata,
        references: a.references.iter().map(|r| nf(r)).collect(),
        tables,
        furniture,
        pages: TruthPages {
            count: p.pages.len(),
            numbers: p
                .pages
                .iter()
                .map(|pg| pg.numbered.then(|| pg.number.to_string()))
                .collect(),
            width: p.width / 2,
            columns: p.columns,
            lines_per_page: p.height,
            indent: p.indent / 2,
        },
    }
}

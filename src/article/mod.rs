//! Whole articles: text-layer exports and OCR-engine output, one printed line per line
//! (or a paragraph per line), many pages.
//!
//! The scrape path (`furniture → passes → blocks → tables`) reads one page whose body is
//! collapsed onto a line. Everything else users hold keeps the printed lines and spans
//! pages, so it takes this path, a stage per file:
//!
//! `pages` (split at form feeds and markers) → `interleave` (plain-text two-column pages:
//! blocks dealt back into columns) → `columns` (`-layout` two columns) → `furniture` (watermark in any corrupted
//! form, running heads and page numbers by recurrence, journal header, noise) → `lines`
//! (spaces inside printed lines: CJK gaps go, Latin word spaces stay) → `matter` (front
//! matter into fields, first-page notes, footnotes at page feet, references) → `tables`
//! (`表N` captions with the rows under them; `floats` first moves a figure or table at a
//! page's foot after the paragraph it split) → `paragraphs` (printed lines rejoined from
//! their own geometry, across page breaks).

pub mod cell_lines;
pub mod columns;
pub mod feet;
pub mod fields;
pub mod floats;
pub mod furniture;
pub mod heads;
pub mod inline;
pub mod inline_heads;
pub mod inline_pieces;
pub mod interleave;
pub mod labels;
pub mod latin;
pub mod lexicon;
pub mod lines;
pub mod matter;
pub mod pages;
pub mod paragraphs;
pub mod pieces;
pub mod quality;
pub mod tables;
pub mod unpaged;
pub mod watermark;
pub mod wrapped;

use crate::model::{
    Footnote, LayoutKind, Metadata, Page, PageNumber, ReadingOrder, Removal, Table, UndecidedBreak,
};

/// One input line as the exporter wrote it, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    /// Its line number in the input (0-based), for ordering and debugging.
    pub input_line: usize,
    /// A piece of a flowed line after furniture set inside it: it continues the text
    /// before the furniture (see `inline`).
    pub continues: bool,
}

impl Line {
    pub fn new(text: impl Into<String>, input_line: usize) -> Self {
        Line {
            text: text.into(),
            input_line,
            continues: false,
        }
    }

    #[cfg(test)]
    pub(crate) fn raw(text: &str) -> Self {
        Line::new(text, 0)
    }
}

/// What the article path found: the document's content and what it removed.
#[derive(Debug, Default)]
pub struct Article {
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<Footnote>,
    pub tables: Vec<Table>,
    pub metadata: Metadata,
    pub references: Vec<String>,
    pub removed: Vec<Removal>,
    pub page_numbers: Vec<PageNumber>,
    pub pages: Vec<Page>,
    pub spaces_removed: usize,
    pub body_width: Option<f32>,
    pub breaks_undecided: Vec<UndecidedBreak>,
}

/// The undecided joins as places in the final paragraphs: where the joined line's text
/// starts, found after the paragraph's previous one (the rejoining of Latin words may
/// have moved it, never reordered it).
fn undecided_offsets(paragraphs: &[String], joins: &[(usize, String)]) -> Vec<UndecidedBreak> {
    let mut out: Vec<UndecidedBreak> = Vec::new();
    let mut from = (usize::MAX, 0);
    for (p, line) in joins {
        let Some(text) = paragraphs.get(*p) else {
            continue;
        };
        let start = if from.0 == *p { from.1 } else { 0 };
        let key: String = line.trim().chars().take(8).collect();
        let Some(at) = text.get(start..).and_then(|rest| rest.find(&key)) else {
            continue;
        };
        let byte = start + at;
        from = (*p, byte + key.len());
        out.push(UndecidedBreak::new(*p, text[..byte].chars().count()));
    }
    out
}

/// Converts a whole article of the given layout kind (anything but a scrape).
pub fn convert(text: &str, kind: LayoutKind, rules: &crate::rules::RuleSet) -> Article {
    let mut split = pages::split(text);
    if kind != LayoutKind::TextFlow {
        // Flowed text prints the watermark inside the paragraph it interrupts.
        pages::split_at_watermarks(&mut split);
    }
    let mut article = Article {
        removed: split.removed,
        ..Article::default()
    };
    // Plain text exports of two-column pages interleave the columns' blocks, which only
    // the blank lines between them delimit: read before the blank lines go.
    let mut split_pages = split.pages;
    let interleaved = if kind == LayoutKind::TextLines {
        interleave::read(&mut split_pages)
    } else {
        let why = match kind {
            LayoutKind::TextFlow => "a flowed export (a paragraph per line): the extractor's order",
            _ => "OCR-engine output: the engine's reading order (it segments columns itself)",
        };
        vec![ReadingOrder::extractor(why); split_pages.len()]
    };
    let mut pages: Vec<Vec<Line>> = split_pages
        .into_iter()
        .map(|p| {
            p.into_iter()
                .filter(|l| !l.text.trim().is_empty())
                .collect()
        })
        .collect();
    crate::work::spend(text.len());
    let mut orders: Vec<ReadingOrder> = if kind == LayoutKind::TextLines {
        columns::read(&mut pages)
            .into_iter()
            .zip(interleaved)
            .map(|(side_by_side, interleaved)| side_by_side.unwrap_or(interleaved))
            .collect()
    } else {
        interleaved
    };
    if kind == LayoutKind::TextFlow {
        inline::cut(&mut pages);
    }
    let found = furniture::strip(&mut pages, kind, rules);
    let mut boundaries = split.boundaries;
    if pages.len() > boundaries.len() {
        // Page ends put back where heads and page numbers were found.
        boundaries = vec!["page_furniture"; pages.len() - 1];
        boundaries.push("end");
    }
    // Pages cut out of one input page (its page ends put back) were read with it.
    while orders.len() < pages.len() {
        let last = orders.last().cloned();
        orders.push(last.unwrap_or_else(|| ReadingOrder::extractor("the extractor's order")));
    }
    article.removed.extend(found.removed);
    article.page_numbers = found.page_numbers;
    article.pages = pages
        .iter()
        .zip(found.printed)
        .zip(boundaries)
        .zip(orders)
        .enumerate()
        .map(
            |(index, (((lines, printed), boundary), reading_order))| Page {
                index,
                printed_number: printed,
                boundary: boundary.to_string(),
                lines: lines.len(),
                ocr_quality: (kind == LayoutKind::OcrEngine)
                    .then(|| quality::implausible_share(lines)),
                reading_order: Some(reading_order),
            },
        )
        .collect();
    let (mut printed, spaces) = lines::normalise(&pages, kind);
    article.spaces_removed = spaces;
    if kind == LayoutKind::TextLines {
        // `pdftotext -raw` cuts printed lines at wide gaps: the pieces put back.
        printed = pieces::rejoin(printed);
    }
    let mut sorted = matter::sort(printed, kind);
    fields::journal_info(&mut sorted.metadata, &article.removed);
    unpaged::strip_named(
        &mut sorted.body,
        &sorted.metadata,
        &mut article.removed,
        &mut article.page_numbers,
    );
    article.removed.append(&mut sorted.removed);
    article.metadata = sorted.metadata;
    article.references = sorted.references;
    article.footnotes = sorted.footnotes;
    if kind != LayoutKind::TextFlow {
        // A figure or table floated to a page's foot splits the paragraph running on at
        // the next page's top: moved after it (a flowed export has no page geometry).
        floats::move_after_paragraphs(&mut sorted.body);
    }
    let (tables, markup) = tables::build(&mut sorted.body);
    article.tables = tables;
    article.removed.extend(markup);
    let body_width = paragraphs::body_width(&sorted.body);
    article.body_width = (body_width > 0).then_some(body_width as f32 / 2.0);
    let paragraphs::Joined {
        paragraphs,
        hyphens,
        undecided,
    } = paragraphs::join(&sorted.body, kind);
    // Latin words split by the OCR engine or a line end, rejoined where the article
    // prints the whole word elsewhere.
    let vocabulary = latin::Vocabulary::from_texts(
        paragraphs
            .iter()
            .chain(&article.references)
            .map(String::as_str)
            .chain(article.footnotes.iter().map(|f| f.text.as_str()))
            .chain(article.metadata.texts()),
    );
    let mut line_end_hyphens = 0;
    let mut rejoin = |p: &str| {
        let (mut text, _, hyphens) = vocabulary.rejoin(p);
        if kind == LayoutKind::OcrEngine {
            text = latin::join_fragments(&text).0;
            text = latin::join_split_words(&text).0;
        }
        line_end_hyphens += hyphens;
        text
    };
    article.paragraphs = paragraphs.iter().map(|p| rejoin(p)).collect();
    article.breaks_undecided = undecided_offsets(&article.paragraphs, &undecided);
    // The English title and abstract are Latin text wrapped like any paragraph.
    let meta = &mut article.metadata;
    for field in [
        &mut meta.english_title,
        &mut meta.english_abstract,
        &mut meta.english_affiliations,
    ] {
        if let Some(text) = field.as_mut() {
            *text = rejoin(text);
        }
    }
    for _ in 0..line_end_hyphens {
        article.removed.push(
            crate::model::Removal::new(crate::model::RemovalKind::LineEndHyphen, "-")
                .by_rule("line_end_hyphen"),
        );
    }
    article.removed.extend(hyphens);
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undecided_joins_are_placed_in_order_in_the_final_paragraphs() {
        let paragraphs = ["甲乙。丙丁。丙丁。".to_string(), "戊己。".to_string()];
        let joins = [
            (0, "丙丁。".to_string()),
            (0, "丙丁。".to_string()),
            (1, "无".to_string()),
        ];
        let places = undecided_offsets(&paragraphs, &joins);
        assert_eq!(
            places,
            [UndecidedBreak::new(0, 3), UndecidedBreak::new(0, 6)]
        );
    }
}

//! What one stage hands the next: the intermediate types between the stages of
//! [`crate::convert`], beside the public [`crate::model`]. None of them reaches the JSON.
//!
//! `furniture` → [`Stripped`] → `passes` → [`Reconciled`] (a [`Reading`] of [`Item`]s) →
//! `blocks` → [`PageBlocks`] (with a [`TableSource`] per table) → `tables`.

use crate::model::{Disagreement, Footnote, PageNumber, PassInfo, Removal};

/// The decoded text with every furniture character blanked to a space.
#[derive(Debug, Clone, Default)]
pub struct Stripped {
    /// Same length as the decoded text in chars; newlines and furniture are spaces.
    pub chars: Vec<char>,
    /// What was removed, with the char index where it started, in text order.
    pub removed: Vec<(Removal, usize)>,
}

impl Stripped {
    /// True when nothing but whitespace is left: the file held no page body.
    pub fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }
}

/// One printed line of running text, with the characters to emit and its printed width.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Clean text: layout spaces removed, characters from the trustworthy pass.
    pub text: String,
    /// Width in CJK units, measured on the pass that shows the line geometry.
    pub width: f32,
    /// Char offset in the decoded input of the line's first character.
    pub offset: usize,
}

impl Line {
    /// The line cut at byte offsets `cuts` (ascending, inside the text) into trimmed,
    /// non-empty pieces, each with its share of the width and its own offset.
    pub fn cut_at(&self, cuts: impl IntoIterator<Item = usize>) -> Vec<Line> {
        let total = self.text.chars().count().max(1) as f32;
        let mut out = Vec::new();
        let mut from = 0;
        for end in cuts.into_iter().chain([self.text.len()]) {
            let text = self.text[from..end].trim().to_string();
            if !text.is_empty() {
                let share = text.chars().count() as f32 / total;
                out.push(Line {
                    text,
                    width: self.width * share,
                    offset: self.offset + self.text[..from].chars().count(),
                });
            }
            from = end;
        }
        out
    }
}

/// One item of the page in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Line(Line),
    /// A table: its caption line and what the table stage needs to rebuild it.
    Table {
        caption: Line,
        source: TableSource,
    },
}

impl Item {
    /// The printed line, when the item is one (not a table).
    pub fn line(&self) -> Option<&Line> {
        match self {
            Item::Line(l) => Some(l),
            Item::Table { .. } => None,
        }
    }
}

/// The page's content in reading order, with the characters of the trustworthy pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub items: Vec<Item>,
    /// The body width in CJK units, measured with the page's width model.
    pub body_width: f32,
    /// The page prints ASCII punctuation at half width (`spacing::WidthModel`): lines'
    /// widths and the body width are measured so.
    pub half_width_punct: bool,
}

/// What the passes stage found: the reading, and what it learnt about the page on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reconciled {
    pub reading: Reading,
    /// The running title, if the page carries one.
    pub title: Option<String>,
    pub page_numbers: Vec<PageNumber>,
    /// The renderings, in file order.
    pub passes: Vec<PassInfo>,
    /// The furniture stage's removals with the running title added, in text order.
    pub removed: Vec<Removal>,
    /// Where the OCR pass and the text layer differ, in the order found.
    pub disagreements: Vec<Disagreement>,
    /// Letter-spacing spaces removed inside printed lines.
    pub spaces_removed: usize,
}

/// What the blocks stage found: running text, footnotes, and the tables still to rebuild.
#[derive(Debug, Clone, Default)]
pub struct PageBlocks {
    pub paragraphs: Vec<String>,
    pub footnotes: Vec<Footnote>,
    /// The first page's labelled notes (`［收稿日期］2016-06-18`): field, label, text.
    pub first_page_notes: Vec<(crate::article::labels::Field, String, String)>,
    /// One per table, in page order.
    pub tables: Vec<PlacedTable>,
}

/// A table to rebuild and where it is printed.
#[derive(Debug, Clone)]
pub struct PlacedTable {
    pub source: TableSource,
    /// How many paragraphs come before the table.
    pub position: usize,
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
    /// The page prints ASCII punctuation at half width (`spacing::WidthModel`): the
    /// table's line widths are measured so (and `body_width` with them).
    pub half_width_punct: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cut_keeps_offsets_and_shares_its_width() {
        let line = Line {
            text: "正文结束。 收稿日期：2019".to_string(),
            width: 16.0,
            offset: 100,
        };
        let cut = line.cut_at([line.text.find('收').unwrap()]);
        assert_eq!(cut.len(), 2);
        assert_eq!((cut[0].text.as_str(), cut[0].offset), ("正文结束。", 100));
        assert_eq!(
            (cut[1].text.as_str(), cut[1].offset),
            ("收稿日期：2019", 106)
        );
        assert!((cut[0].width + cut[1].width - 16.0 * 14.0 / 15.0).abs() < 1e-4);
        // A cut at a space leaves no empty piece.
        assert_eq!(line.cut_at([0]).len(), 1);
    }
}

//! Stage 3, passes: find the two renderings of the printed page in the body, tell which is
//! the OCR reading and which the PDF text layer, align them, and emit one copy.
//!
//! The OCR pass has a space at every printed line end and nowhere else (but between Latin
//! words), so its tokens are the page's printed lines and table fragments: it gives the
//! *geometry*. The text layer's characters are exact: it gives the *characters*. Lines are
//! taken from the OCR pass, and each line's characters from the text layer through a
//! character alignment ([`align`]); every place where the two disagree is reported.
//! A page with one rendering goes through with that rendering alone.

pub mod align;
mod both;
mod heads;
mod measures;
mod one;
mod renderings;
mod reorder;
mod running_title;
mod table_spans;
mod tokens;
mod word_gaps;

use crate::furniture;
use crate::handoff::{Line, Reading, Reconciled, Stripped, TableSource};
use crate::model::{Disagreement, NumberPass, PageNumber, PassInfo, PassKind, RemovalKind};
use crate::spacing;
use both::reconcile_two;
use one::{read_ocr_only, read_text_only};
use renderings::{agreement, single_pass, split_passes, Pass};
use running_title::remove_running_title;
use std::ops::Range;

/// Separates, classifies and reconciles the renderings of one page body.
///
/// Returns the reading (printed lines and tables in reading order) with what was learnt on
/// the way: the renderings, the running title, page numbers, the removals (with the
/// running title added), disagreements and the letter-spacing spaces removed.
pub fn reconcile(stripped: &Stripped) -> Reconciled {
    let (passes, others) = split_passes(&stripped.chars, &stripped.removed);
    let mut found = reconcile_passes(stripped, &passes, LineOrder::Ocr);
    if passes.len() < 2 {
        return found;
    }
    let mut agreement = agreement(&found);
    let mut passes = passes;
    // Other places the second rendering may begin: the one whose alignment agrees best.
    for other_passes in others {
        let other = reconcile_passes(stripped, &other_passes, LineOrder::Ocr);
        let other_agreement = renderings::agreement(&other);
        if other_agreement.share > agreement.share {
            (found, agreement, passes) = (other, other_agreement, other_passes);
        }
    }
    if !agreement.is_plausible() {
        // The engine may have read the page's blocks (columns, a float) in another order
        // than the text layer: align again with the OCR's lines in the text layer's block
        // order. Only then: where the orders agree, the OCR's own order is kept.
        let other = reconcile_passes(stripped, &passes, LineOrder::TextBlocks);
        let other_agreement = renderings::agreement(&other);
        if other_agreement.is_plausible() {
            (found, agreement) = (other, other_agreement);
        }
    }
    if agreement.is_plausible() {
        let mut found = found;
        for p in &mut found.passes {
            p.agreement = Some(agreement.share);
        }
        return found;
    }
    // Two renderings of one page in orders no block move explains (an engine reading two
    // columns line across line): they hold the same text, but the lines cannot be paired.
    // The text layer is read alone, the OCR reading kept as one disagreement.
    if renderings::shared_grams(&stripped.chars, &passes) >= SAME_TEXT {
        let mut found = reconcile_passes(stripped, &passes, LineOrder::TextAlone);
        for p in &mut found.passes {
            p.evidence
                .push_str("; the OCR reading's lines could not be paired with the text layer's");
        }
        return found;
    }
    // The two "renderings" differ more than two readings of one page can: the page merely
    // repeats a passage. Read it as the one rendering it is, so nothing is dropped.
    let whole = passes[0].range.start..passes[passes.len() - 1].range.end;
    let evidence = format!(
        "single: a repeated passage, not two renderings ({:.0}% of the two halves disagree)",
        100.0 * (1.0 - agreement.share)
    );
    let single = single_pass(whole, &stripped.removed, stripped.chars.len(), evidence);
    reconcile_passes(stripped, &[single], LineOrder::Ocr)
}

/// The share of one rendering's grams found in the other, in any order, from which two
/// halves that cannot be aligned are still two renderings of one page (a page repeating a
/// passage shares its grams over that passage only).
const SAME_TEXT: f64 = 0.6;

/// The order the OCR's printed lines are aligned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineOrder {
    /// Not aligned: the text layer read alone, the OCR reading one disagreement.
    TextAlone,
    /// As the engine read them.
    Ocr,
    /// Blocks put in the text layer's order ([`reorder::text_order`]).
    TextBlocks,
}

/// [`reconcile`] with the renderings decided.
fn reconcile_passes(stripped: &Stripped, passes: &[Pass], order: LineOrder) -> Reconciled {
    let mut found = Reconciled::default();
    let mut chars = stripped.chars.clone();
    crate::work::spend(chars.len());
    let mut removed = stripped.removed.clone();

    found.title = remove_running_title(&mut chars, passes, &mut removed);
    heads::remove_issue_heads(&mut chars, passes, &mut removed);
    for (removal, at) in &removed {
        if removal.kind == RemovalKind::PageNumber {
            if let Some(number) = furniture::page_number_digits(&removal.text) {
                let pass = match passes {
                    [_] => NumberPass::Single,
                    _ => passes.iter().find(|p| p.range.contains(at)).map_or(
                        NumberPass::Single,
                        |p| match p.kind {
                            PassKind::Ocr => NumberPass::Ocr,
                            PassKind::Text => NumberPass::Text,
                        },
                    ),
                };
                found.page_numbers.push(PageNumber {
                    number,
                    text: removal.text.clone(),
                    pass,
                });
            }
        }
    }
    found.removed = removed.into_iter().map(|(r, _)| r).collect();
    found.passes = passes
        .iter()
        .map(|p| PassInfo {
            kind: p.kind,
            chars: chars[p.range.clone()]
                .iter()
                .filter(|c| !c.is_whitespace())
                .count(),
            evidence: p.evidence.clone(),
            agreement: p.agreement,
        })
        .collect();

    let ocr = passes.iter().find(|p| p.kind == PassKind::Ocr);
    let text = passes.iter().find(|p| p.kind == PassKind::Text);
    found.reading = match (ocr, text) {
        (Some(ocr), Some(text)) => {
            let (ocr, text) = (ocr.range.clone(), text.range.clone());
            if order == LineOrder::TextAlone {
                let visible = |r: Range<usize>| -> String {
                    chars[r].iter().filter(|c| !c.is_whitespace()).collect()
                };
                found.disagreements.push(Disagreement {
                    ocr: visible(ocr),
                    text: visible(text.clone()),
                    offset: text.start,
                });
                read_text_only(&chars, text)
            } else {
                reconcile_two(&chars, ocr, text, order, &mut found)
            }
        }
        (Some(ocr), None) => read_ocr_only(&chars, ocr.range.clone()),
        (None, Some(text)) => read_text_only(&chars, text.range.clone()),
        (None, None) => Reading::default(),
    };
    found
}

/// A caption printed over two lines (label, then text) read as one line.
pub(super) fn merge_caption(first: Option<Line>, next: Line) -> Line {
    match first {
        None => next,
        Some(mut first) => {
            first.text.push(' ');
            first.text.push_str(&next.text);
            first.width += next.width;
            first
        }
    }
}

pub(super) fn table_source(
    text_layer: Option<String>,
    text_offset: usize,
    ocr_fragments: Vec<String>,
    body_width: f32,
    model: spacing::WidthModel,
) -> TableSource {
    TableSource {
        label: String::new(),
        caption: String::new(),
        note: None,
        text_layer,
        text_offset,
        ocr_fragments,
        body_width,
        half_width_punct: model.half_width_punct,
    }
}

#[cfg(test)]
mod tests;

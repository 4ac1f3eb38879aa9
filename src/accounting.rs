//! Nothing lost: every non-whitespace input character accounted for.
//!
//! A character of the decoded input ends in exactly one of three places: the output
//! (paragraphs, footnotes with their marks, tables with label, caption and note), `removed`
//! (furniture, with its kind) or `disagreements` (the OCR side of a place where the two
//! renderings differ). With two renderings, each output character stands for two input
//! characters, one per rendering, except where they disagree: the text layer's side is in
//! the output, the OCR's side in `disagreements`. So, as multisets of characters,
//!
//! `input = removed + passes × output − disagreements.text + disagreements.ocr`,
//!
//! and whatever of the input the right-hand side does not explain is `unaccounted`: text
//! the pipeline lost. The comparison is by character counts, not positions, so it is
//! linear and cannot be fooled by reordering; it can miss a loss only where the same
//! characters were invented elsewhere, which a reconciling pipeline does not do.

use crate::model::{Accounting, Document};
use ocrclean_text::hash::FxMap;
use std::cell::RefCell;

/// Per-character balances: a table for the Basic Multilingual Plane (where nearly every
/// character of a page is), kept per thread and reset by the entries touched, and a map for
/// the rest. A hash map for everything cost 7% of a page's conversion.
struct Balance {
    bmp: Vec<i32>,
    touched: Vec<u16>,
    astral: FxMap<char, i64>,
}

impl Balance {
    fn add(&mut self, c: char, times: i32) {
        match u16::try_from(c as u32) {
            Ok(i) => {
                let slot = &mut self.bmp[usize::from(i)];
                if *slot == 0 {
                    self.touched.push(i);
                }
                *slot += times;
            }
            Err(_) => *self.astral.entry(c).or_insert(0) += i64::from(times),
        }
    }

    /// The sum of the positive balances (input not explained), resetting the table.
    fn take_unexplained(&mut self) -> usize {
        let mut sum: i64 = 0;
        for i in self.touched.drain(..) {
            let slot = &mut self.bmp[usize::from(i)];
            sum += i64::from((*slot).max(0));
            *slot = 0;
        }
        sum += self.astral.drain().map(|(_, n)| n.max(0)).sum::<i64>();
        sum as usize
    }
}

thread_local! {
    static BALANCE: RefCell<Balance> = RefCell::new(Balance {
        bmp: vec![0; 1 << 16],
        touched: Vec::new(),
        astral: FxMap::default(),
    });
}

/// Counts where the input's characters went (see the module docs).
///
/// ```
/// let doc = ocrclean::convert_str("p", "正文一行。 -3- 正文二行。", &ocrclean::Options::new()).unwrap();
/// assert_eq!(doc.accounting.unaccounted, 0);
/// assert_eq!(doc.accounting.input_chars, 13);
/// assert_eq!(doc.accounting.removed_chars, 3);
/// ```
pub fn account(input: &str, doc: &Document) -> Accounting {
    BALANCE.with(|balance| account_with(&mut balance.borrow_mut(), input, doc))
}

fn account_with(balance: &mut Balance, input: &str, doc: &Document) -> Accounting {
    // A slot touched then brought back to 0 is pushed again when touched anew: harmless
    // (reset twice). The slot is only ever 0 when untouched or balanced.
    let mut add = |text: &str, times: i32| -> usize {
        let mut n = 0;
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            balance.add(c, times);
            n += 1;
        }
        n
    };
    let input_chars = add(input, 1);
    let removed_chars: usize = doc.removed.iter().map(|r| add(&r.text, -1)).sum();
    let passes = doc.passes.len().clamp(1, 2) as i32;
    let mut output_chars = 0;
    for text in output_texts(doc) {
        output_chars += add(text, -passes);
    }
    let mut disagreement_chars = 0;
    if passes > 1 {
        for d in &doc.disagreements {
            add(&d.text, 1);
            disagreement_chars += add(&d.ocr, -1);
        }
    }
    let unaccounted = balance.take_unexplained();
    Accounting {
        input_chars,
        output_chars,
        removed_chars,
        disagreement_chars,
        unaccounted,
    }
}

/// Every string of the document's content.
fn output_texts(doc: &Document) -> impl Iterator<Item = &str> {
    let paragraphs = doc.paragraphs.iter().map(String::as_str);
    let footnotes = doc
        .footnotes
        .iter()
        .flat_map(|f| [f.mark.as_str(), f.text.as_str()]);
    let tables = doc.tables.iter().flat_map(|t| {
        [t.label.as_str(), t.caption.as_str()]
            .into_iter()
            .chain(t.header.iter().map(String::as_str))
            .chain(t.rows.iter().flatten().map(String::as_str))
            .chain(t.note.as_deref())
    });
    let matter = doc
        .metadata
        .texts()
        .chain(doc.references.iter().map(String::as_str));
    paragraphs.chain(footnotes).chain(tables).chain(matter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Disagreement, PassInfo, PassKind, Removal, RemovalKind};

    fn doc(paragraphs: &[&str], removed: &[&str], passes: usize) -> Document {
        Document {
            paragraphs: paragraphs.iter().map(|s| s.to_string()).collect(),
            removed: removed
                .iter()
                .map(|s| Removal::new(RemovalKind::Widget, *s))
                .collect(),
            passes: (0..passes)
                .map(|_| PassInfo {
                    kind: PassKind::Text,
                    chars: 0,
                    evidence: String::new(),
                    agreement: None,
                })
                .collect(),
            ..Document::default()
        }
    }

    #[test]
    fn a_lost_character_is_unaccounted() {
        let d = doc(&["甲乙"], &["页"], 1);
        assert_eq!(account("页 甲乙", &d).unaccounted, 0);
        assert_eq!(account("页 甲乙丙", &d).unaccounted, 1);
    }

    #[test]
    fn two_renderings_count_twice_and_disagreements_bridge_them() {
        let mut d = doc(&["甲①"], &[], 2);
        d.disagreements.push(Disagreement {
            ocr: "0".into(),
            text: "①".into(),
            offset: 0,
        });
        let a = account("甲0 甲①", &d);
        assert_eq!(a.unaccounted, 0);
        assert_eq!(
            (a.input_chars, a.output_chars, a.disagreement_chars),
            (4, 2, 1)
        );
        d.disagreements.clear();
        assert_eq!(account("甲0 甲①", &d).unaccounted, 1);
    }
}

//! The running title: a short line repeated at a rendering's top or bottom, or next to the
//! page number, removed wherever it sits at such a place.

use super::renderings::Pass;
use super::tokens::{first_token, last_token, line_width, printed_lines, token_text, Token};
use crate::model::{PassKind, Removal, RemovalKind};
use ocrclean_text::distance::nearly_equal;
use ocrclean_text::hash::{FxMap, FxSet};
use ocrclean_text::is_footnote_mark;
use ocrclean_text::markers::{caption_parts, is_note_start};

/// Where a running-title candidate sits in its rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    /// Right after a page number.
    AfterNumber,
    /// Right before a page number.
    BeforeNumber,
    First,
    Last,
}

/// Finds the running title — a short line repeated at page top and bottom — and blanks
/// every occurrence at a header/footer position.
///
/// Header/footer positions are a rendering's first and last tokens and the tokens next to
/// a page number. With two renderings, the title is a string seen at two such positions
/// of different kinds (both renderings simply starting with the same line is no title);
/// with one, the title-like token right after the page number.
pub(super) fn remove_running_title(
    chars: &mut [char],
    passes: &[Pass],
    removed: &mut Vec<(Removal, usize)>,
) -> Option<String> {
    let page_numbers: Vec<usize> = removed
        .iter()
        .filter(|(r, _)| r.kind == RemovalKind::PageNumber)
        .map(|(_, at)| *at)
        .collect();
    let mut candidates: Vec<(Token, Slot)> = Vec::new();
    for pass in passes {
        let range = pass.range.clone();
        let (Some(first), Some(last)) = (
            first_token(chars, range.clone()),
            last_token(chars, range.clone()),
        ) else {
            continue;
        };
        candidates.push((first, Slot::First));
        candidates.push((last, Slot::Last));
        for &at in page_numbers.iter().filter(|at| range.contains(at)) {
            if let Some(t) = first_token(chars, at..range.end) {
                candidates.push((t, Slot::AfterNumber));
            }
            if let Some(t) = last_token(chars, range.start..at) {
                candidates.push((t, Slot::BeforeNumber));
            }
        }
    }
    crate::work::spend(candidates.len());
    let titled: Vec<(Token, String, Slot)> = candidates
        .into_iter()
        .map(|(t, slot)| {
            let text = token_text(chars, &t);
            (t, text, slot)
        })
        .filter(|(_, text, _)| is_title_like(text))
        .collect();
    // Each distinct text's slots, sorted and deduplicated (one map, not a scan of every
    // candidate per candidate).
    let mut slots_by_text: FxMap<&str, Vec<Slot>> = FxMap::default();
    for (_, text, slot) in &titled {
        slots_by_text.entry(text.as_str()).or_default().push(*slot);
    }
    for slots in slots_by_text.values_mut() {
        slots.sort_unstable();
        slots.dedup();
    }
    let slots_of = |title: &str| -> &[Slot] { &slots_by_text[title] };
    // Two renderings: which texts seen only after a page number the OCR passes print
    // (one multi-pattern search over the OCR passes, not one scan per candidate).
    let printed_by_ocr: FxSet<&str> = match passes {
        [_] => FxSet::default(),
        _ => {
            let mut wanted: Vec<&str> = slots_by_text
                .iter()
                .filter(|(_, slots)| slots.len() < 2 && slots.contains(&Slot::AfterNumber))
                .map(|(text, _)| *text)
                .collect();
            wanted.sort_unstable();
            let mut found = FxSet::default();
            if !wanted.is_empty() {
                let searcher = aho_corasick::AhoCorasick::new(&wanted)
                    .expect("title candidates are short patterns");
                for pass in passes.iter().filter(|p| p.kind == PassKind::Ocr) {
                    let ocr: String = chars[pass.range.clone()].iter().collect();
                    crate::work::spend(ocr.len());
                    for m in searcher.find_overlapping_iter(&ocr) {
                        found.insert(wanted[m.pattern().as_usize()]);
                    }
                }
            }
            found
        }
    };
    // Two renderings that both open with the same title-like line: the page's running
    // title, printed at the top of the page image and first in its text layer (a page
    // whose number sits at its foot). A section heading opening a page is none.
    let firsts: Vec<String> = passes
        .iter()
        .filter_map(|p| first_token(chars, p.range.clone()))
        .map(|t| token_text(chars, &t))
        .collect();
    let opening = firsts.first().filter(|text| {
        passes.len() >= 2
            && firsts.len() == passes.len()
            && firsts.iter().all(|f| f == *text)
            && is_title_like(text)
            && text.chars().count() >= 6
            && !text.chars().any(|c| c.is_ascii_digit())
            && !crate::article::heads::section_heading(text)
            // A full line of running text without a comma opens a page as well: a head
            // is set short of the body's measure.
            && passes.iter().all(|p| {
                let (_, body) = printed_lines(chars, p.range.clone());
                first_token(chars, p.range.clone())
                    .is_some_and(|t| line_width(chars, &t) < body * 0.8)
            })
    });
    let opens_both = |text: &str| opening.is_some_and(|o| o == text);
    let title = titled
        .iter()
        .filter(|(_, text, _)| match passes {
            // One rendering: the text layer prints the title after the page number; the
            // OCR reads it first, at the top of the page image.
            [single] => {
                let slots = slots_of(text);
                slots.contains(&Slot::AfterNumber)
                    || (single.kind == PassKind::Ocr
                        && slots.contains(&Slot::First)
                        && text.chars().count() <= 30)
            }
            // Two: seen in two kinds of slot; or the text layer has it after the page
            // number and the OCR pass (which has no running title then) never prints it.
            _ => {
                opens_both(text)
                    || slots_of(text).len() >= 2
                    || (slots_of(text).contains(&Slot::AfterNumber)
                        && !printed_by_ocr.contains(text.as_str()))
            }
        })
        .max_by_key(|(_, text, _)| text.chars().count())
        .map(|(_, text, _)| text.clone())?;
    let mut blanked: FxSet<usize> = FxSet::default();
    for (t, text, _) in &titled {
        if *text == title && blanked.insert(t.start) {
            removed.push((
                Removal::new(RemovalKind::RunningTitle, title.clone()),
                t.start,
            ));
            chars[t.clone()].fill(' ');
        }
    }
    // The OCR may misread the title it prints first: a near copy there goes too.
    for pass in passes {
        let Some(first) = first_token(chars, pass.range.clone()) else {
            continue;
        };
        let text = token_text(chars, &first);
        if text != title && nearly_equal(&text, &title) {
            removed.push((Removal::new(RemovalKind::RunningTitle, text), first.start));
            chars[first].fill(' ');
        }
    }
    removed.sort_by_key(|(_, at)| *at);
    Some(title)
}

/// A running title is short and has no sentence punctuation; captions, notes and
/// footnotes are not titles.
fn is_title_like(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !text
            .chars()
            .any(|c| "。，,；;！？!?、".contains(c) || is_footnote_mark(c))
        && caption_parts(text).is_none()
        && !is_note_start(text)
}

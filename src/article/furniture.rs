//! Page furniture of whole articles, found by what it is rather than by a list of strings:
//!
//! - the **watermark** (any corrupted form, see `watermark`), with a page number glued
//!   in front of it recorded as the page's number;
//! - **running heads and feet**: short lines near a page's top or bottom that recur, with
//!   variation, on other pages near the same place. Lines are compared by their CJK
//!   characters only (digits, Latin noise and spacing differ from page to page), with an
//!   edit distance that lets an OCR engine misread a character or two;
//! - **page numbers**: a number alone (or in `·43·`, `— 43 —`, `第43页`) near a page's top
//!   or bottom whose value fits the page's place in the sequence;
//! - **journal header lines** of the first page (`第 11 卷 第 4 期`, `Vol. 11 No. 4`, a
//!   line of capitals naming the journal, `ISSN …`);
//! - **noise**: OCR-engine residue of logos and stamps (`ERi`, `{`, `AAA .`).

use super::heads::{
    candidate, edge_number, head_key, number_line_rule, short_piece, similar_as_read,
    similar_whole, unpaged_key, Found, ZONE,
};
use super::{unpaged, watermark, Line};
use crate::model::{LayoutKind, NumberPass, PageNumber, Removal, RemovalKind};
use crate::rules::{Place, RuleSet};
use ocrclean_text::{is_cjk, is_ideograph};
use regex::Regex;
use std::sync::OnceLock;

/// A single page this long is a whole article whose page ends were not kept.
const UNPAGED_MIN_LINES: usize = 60;
/// Pages either side where a recurrence is looked for (heads alternate odd/even, and a
/// page may lack one where a figure or the article's start takes its place).
const WINDOW: usize = 4;

/// Removes the furniture from `pages` (lines are taken out of the vectors) and reports it.
pub fn strip(pages: &mut Vec<Vec<Line>>, kind: LayoutKind, rules: &RuleSet) -> Found {
    let mut found = Found {
        printed: vec![None; pages.len()],
        ..Found::default()
    };
    strip_by_rules(pages, rules, &mut found);
    strip_watermarks(pages, &mut found);
    strip_continuations(pages, &mut found);
    // Logo residue at a page's top would push the running head out of the zone. Only
    // an OCR engine reads logos and stamps as letters: a text layer's short lines are
    // text (a `]。` wrapped to its own line).
    if kind == LayoutKind::OcrEngine {
        for page in pages.iter_mut() {
            strip_noise(page, kind, &mut found);
        }
    }
    if kind == LayoutKind::OcrEngine {
        super::inline_heads::strip(pages, &mut found);
    }
    // The first page's journal header first: it stands above the page's head and number.
    if let Some(first) = pages.first_mut() {
        strip_journal_header(first, &mut found);
    }
    // Volume-issue heads go wherever they stand: a head at a page's foot would otherwise
    // close the page's footnotes.
    unpaged::strip_volume_lines(pages, &mut found);
    if pages.len() == 1 && (pages[0].len() >= UNPAGED_MIN_LINES || kind == LayoutKind::TextFlow) {
        // One long page: the export kept no page ends, so heads and numbers are found by
        // recurrence through the whole text instead of at page tops and feet.
        unpaged::strip_heads(&mut pages[0], kind, &mut found);
        unpaged::strip_numbers(&mut pages[0], kind, &mut found);
        if kind != LayoutKind::TextFlow {
            let page = std::mem::take(&mut pages[0]);
            *pages = unpaged::split_at_page_ends(page, &mut found.page_ends);
            found.printed = vec![None; pages.len()];
        }
    } else {
        strip_heads(pages, kind, &mut found);
        strip_page_numbers(pages, &mut found);
        for page in pages.iter_mut() {
            unpaged::strip_decorated_numbers(page, &mut found);
        }
    }
    found
}

/// The furniture rules (built in and the user's), each line asked with its place: above
/// the article's first body line (a mirror site's header), below its last, at a page's top
/// or bottom, or inside.
fn strip_by_rules(pages: &mut [Vec<Line>], rules: &RuleSet, found: &mut Found) {
    let body_line = |l: &Line| crate::furniture::is_body_line(&l.text);
    let first = pages
        .iter()
        .enumerate()
        .find_map(|(p, page)| page.iter().position(body_line).map(|i| (p, i)));
    let last = pages
        .iter()
        .enumerate()
        .rev()
        .find_map(|(p, page)| page.iter().rposition(body_line).map(|i| (p, i)));
    for (p, page) in pages.iter_mut().enumerate() {
        let len = page.len();
        let mut i = 0;
        page.retain(|line| {
            let place = match (first, last) {
                (Some(f), _) if (p, i) < f => Place::SiteHeader,
                (_, Some(l)) if (p, i) > l => Place::SiteFooter,
                _ if i < ZONE => Place::PageTop,
                _ if i + ZONE >= len => Place::PageBottom,
                _ => Place::Body,
            };
            i += 1;
            // A site's footer rule names what a site prints, not what an article does: an
            // author's e-mail inside the article is text.
            let rule = rules
                .match_line(&line.text, place)
                .filter(|r| r.kind() != RemovalKind::SiteFooter || place == Place::SiteFooter);
            match rule {
                Some(rule) => {
                    found
                        .removed
                        .push(Removal::new(rule.kind(), line.text.trim()).by_rule(rule.name()));
                    false
                }
                None => true,
            }
        });
    }
}

/// What is left of a watermark when the OCR kept only its years and a few letters:
/// `1994-2006 C A J 1`.
fn watermark_fragment(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(r"^\s*[©?@O]?\s*(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}((?:\s+\S{1,3})*)\s*$")
            .expect("valid watermark-fragment rule")
    });
    rule.captures(text)
        .is_some_and(|c| c[1].chars().all(|ch| ch.is_ascii() || ch.is_whitespace()))
}

fn strip_watermarks(pages: &mut [Vec<Line>], found: &mut Found) {
    for page in pages.iter_mut() {
        page.retain(|line| {
            let fragment = watermark_fragment(&line.text);
            if fragment {
                found.remove(RemovalKind::Watermark, &line.text, "watermark_fragment");
            }
            !fragment
        });
    }
    for (p, page) in pages.iter_mut().enumerate() {
        strip_copyright_signs(page, found);
        for line in page.iter_mut() {
            let spans = watermark::spans(&line.text);
            if spans.is_empty() {
                continue;
            }
            // The watermark closes its page (a flowed export's bare number before it is
            // the page's number).
            found.page_ends.push(line.input_line);
            let mut kept = String::new();
            let mut at = 0;
            for span in &spans {
                let before = &line.text[at..span.start];
                // A number alone right before the watermark is the page's number.
                let trimmed = before.trim();
                if at == 0 && is_page_number_token(trimmed) {
                    found
                        .page_numbers
                        .push(PageNumber::new(trimmed, trimmed, NumberPass::Single));
                    found.printed[p].get_or_insert_with(|| trimmed.to_string());
                    found
                        .removed
                        .push(Removal::new(RemovalKind::PageNumber, trimmed));
                } else {
                    kept.push_str(before);
                }
                found.removed.push(
                    Removal::new(RemovalKind::Watermark, line.text[span.clone()].trim())
                        .by_rule("watermark"),
                );
                at = span.end;
            }
            kept.push_str(&line.text[at..]);
            line.text = kept;
        }
        page.retain(|l| !l.text.trim().is_empty());
    }
}

/// The watermark's `©` read by an OCR engine as a character of its own line (`1`, `O`,
/// `@`) just above a watermark line that opens with its years instead.
fn strip_copyright_signs(page: &mut Vec<Line>, found: &mut Found) {
    let mut i = page.len();
    while i > 1 {
        i -= 1;
        let sign = page[i - 1].text.trim();
        let sign = sign.chars().count() == 1 && "©?@O0oQ1lI|".contains(sign);
        if sign
            && page[i].text.trim_start().starts_with(['1', '2'])
            && watermark::spans(&page[i].text)
                .first()
                .is_some_and(|s| page[i].text[..s.start].trim().is_empty())
        {
            let line = page.remove(i - 1);
            found.remove(RemovalKind::Watermark, &line.text, "watermark_sign");
            i -= 1;
        }
    }
}

fn is_page_number_token(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())
}

/// Indices of the lines in a page's zones (first and last `ZONE` lines).
fn zone(len: usize) -> impl Iterator<Item = usize> {
    let top = 0..len.min(ZONE);
    let bottom = len.saturating_sub(ZONE).max(len.min(ZONE))..len;
    top.chain(bottom)
}

fn strip_heads(pages: &mut [Vec<Line>], kind: LayoutKind, found: &mut Found) {
    if pages.len() < 2 {
        return;
    }
    // An OCR engine's lines are no measure: it runs a head into the line beside it.
    let measure = if kind == LayoutKind::OcrEngine {
        0
    } else {
        super::heads::running_measure(pages)
    };
    let keys: Vec<Vec<(usize, Vec<char>)>> = pages
        .iter()
        .map(|page| {
            zone(page.len())
                .filter(|&i| !super::heads::running_clause(&page[i].text, measure))
                .filter_map(|i| head_key_of(&page[i].text).map(|key| (i, key)))
                .collect()
        })
        .collect();
    let keys_removed_as = |kind: RemovalKind| -> Vec<Vec<char>> {
        found
            .removed
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| head_key_of(&r.text))
            .collect()
    };
    // The first page's header, already removed, is evidence too: journals print their
    // name or the issue's theme (`建模专辑`) again as the later pages' head.
    let header_keys = keys_removed_as(RemovalKind::JournalHeader);
    // Heads already taken by their form (`许军，等：title ·115·`) are evidence for their
    // copy on the first page, printed there without its number.
    let removed_head_keys = keys_removed_as(RemovalKind::RunningHead);
    let ocr = kind == LayoutKind::OcrEngine;
    let first: Vec<&str> = pages[0].iter().map(|l| l.text.as_str()).collect();
    let mut heads: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    for (p, page_keys) in keys.iter().enumerate() {
        let lo = p.saturating_sub(WINDOW);
        let hi = (p + WINDOW + 1).min(pages.len());
        for (i, key) in page_keys {
            crate::work::spend(hi - lo);
            // On the first page the article's title is printed once more inside the heads
            // of the pages after it (`张三，等：title`): there a head must match in length,
            // and the title above its authors' names is none.
            let names_title = p == 0 && names_next_line(&first, *i);
            let title = p == 0 && super::heads::is_title_line(&first, *i) && !names_title;
            let recurs = !title
                && (lo..hi).filter(|&q| q != p).any(|q| {
                    keys[q].iter().any(|(_, other)| {
                        if p > 0 {
                            similar_as_read(key, other, ocr)
                        } else {
                            similar_whole(key, other) && similar_as_read(key, other, ocr)
                        }
                    })
                })
                || (p > 0 && header_keys.iter().any(|h| similar_whole(key, h)))
                || (p == 0 && !title && removed_head_keys.iter().any(|h| similar_whole(key, h)))
                // A head naming the title right above it needs no second printing.
                || names_title;
            if recurs {
                heads[p].push(*i);
            }
        }
    }
    for (p, page) in pages.iter_mut().enumerate() {
        let mut idx = std::mem::take(&mut heads[p]);
        idx.sort_unstable();
        idx.dedup();
        for &i in idx.iter().rev() {
            let line = page.remove(i);
            if let Some(number) = edge_number(&line.text) {
                found.number(Some(p), &number, &line.text);
            }
            found.remove(RemovalKind::RunningHead, &line.text, "recurring_head");
        }
    }
}

/// Whether line `i` is a head naming the line after it, printed above it on the first
/// page (`许军，等：title` above `title`): an author's prefix ending in a colon, then the
/// next line's text. No title prints itself twice, so this is a head even where no other
/// page repeats it.
fn names_next_line(lines: &[&str], i: usize) -> bool {
    use super::inline_pieces::squeeze;
    let (Some(line), Some(next)) = (lines.get(i), lines.get(i + 1)) else {
        return false;
    };
    let (line, next) = (squeeze(line), squeeze(next));
    !next.is_empty()
        && line
            .strip_suffix(next.as_str())
            .is_some_and(|prefix| prefix.ends_with(['：', ':']) && prefix.chars().count() <= 12)
}

/// The key a line is compared by when it may be a running head: a head's characters, or
/// a short piece's; `None` for a line that cannot be a head.
fn head_key_of(text: &str) -> Option<Vec<char>> {
    if candidate(text) {
        Some(head_key(text))
    } else {
        short_piece(text).then(|| unpaged_key(text))
    }
}

/// Continuation notes: `(下转74页)`, `（上接第53页）`.
fn continuation_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^\s*[(（]\s*[上下]\s*[转接]\s*(?:第\s*)?\d{1,4}\s*页\s*[)）]\s*$")
            .expect("valid continuation rule")
    })
}

fn strip_continuations(pages: &mut [Vec<Line>], found: &mut Found) {
    for page in pages.iter_mut() {
        page.retain(|line| {
            if continuation_rule().is_match(&line.text) {
                found.removed.push(
                    Removal::new(RemovalKind::ContinuationNote, line.text.trim())
                        .by_rule("continuation_note"),
                );
                false
            } else {
                true
            }
        });
    }
}

fn strip_page_numbers(pages: &mut [Vec<Line>], found: &mut Found) {
    // Candidates: (page, line index, value).
    let mut candidates: Vec<(usize, usize, i64)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for i in zone(page.len()) {
            if let Some(c) = number_line_rule().captures(&page[i].text) {
                if let Ok(v) = c[1].parse::<i64>() {
                    candidates.push((p, i, v));
                }
            }
        }
    }
    // The offset (printed number minus page index) most candidates agree on.
    // Numbers printed inside the pages' heads vote too: a bare number on the first page
    // fits the sequence the heads of the later pages give.
    let mut offsets: Vec<i64> = candidates
        .iter()
        .map(|&(p, _, v)| v - p as i64)
        .chain(found.printed.iter().enumerate().filter_map(|(p, n)| {
            n.as_deref()
                .and_then(|n| n.parse::<i64>().ok())
                .map(|v| v - p as i64)
        }))
        .collect();
    offsets.sort_unstable();
    let mut best: Option<(i64, usize)> = None;
    let mut k = 0;
    while k < offsets.len() {
        let run = offsets[k..]
            .iter()
            .take_while(|&&o| o == offsets[k])
            .count();
        if best.is_none_or(|(_, n)| run > n) {
            best = Some((offsets[k], run));
        }
        k += run;
    }
    let single_page = pages.len() == 1;
    let Some((offset, support)) = best else {
        return;
    };
    // One page proves nothing by sequence; there a number alone on the last line is the
    // page number only when nothing else on the page says otherwise.
    if support < 2 && !single_page {
        return;
    }
    let mut taken: Vec<(usize, usize)> = candidates
        .into_iter()
        .filter(|&(p, i, v)| v - p as i64 == offset && (!single_page || i + 1 == pages[p].len()))
        .map(|(p, i, _)| (p, i))
        .collect();
    taken.sort_unstable();
    taken.dedup_by_key(|t| t.0);
    let first_new = found.page_numbers.len();
    for &(p, i) in taken.iter().rev() {
        let line = pages[p].remove(i);
        let number = number_line_rule()
            .captures(&line.text)
            .map(|c| c[1].to_string())
            .unwrap_or_default();
        found.number(Some(p), &number, &line.text);
        found.remove(RemovalKind::PageNumber, &line.text, "page_number_sequence");
    }
    // Taken from the last page back: in page order again.
    found.page_numbers[first_new..].reverse();
}

/// Journal header lines of a first page: volume and issue, `Vol. 11 No. 4`, `ISSN`, a line
/// of Latin capitals naming the journal (letter-spaced by OCR engines too).
fn journal_header_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(
            r"(?x)^\s*(?:
                (?:第\s*\d+\s*卷\s*)?第\s*\d+\s*期\s*$
              | 第\s*\d+\s*卷\s*$
              | (?i:vol)\s*\.?\s*[lIO]?\d+[\s,.]*(?i:no)\s*\.?\s*[lIO]?\d.*$
              | (?i:vol)\s*\.?\s*\d+\s*(?i:supp)?l?\.?\s*$
              | .{0,30}第\s*\d+\s*卷.{0,30}(?i:vol)\s*\.?\s*\d+.*$
              | ISSN\s*[\dX-]+.*$
              | CN\s*\d{2}\s*-\s*\d{4}.*$
              | \d{4}\s*年\s*\d{1,2}\s*月\s*$
              | \p{Han}{2,20}\s*[·•]?\s*(?:19|20)\d{2}\s*年\s*第\s*\d{1,2}\s*期\s*$
              | 第\s*\d{1,3}\s*卷\s*第\s*\d{1,2}\s*期.{0,40}$
              | (?:19|20)\d{2}\s*年\s*第\s*\d{1,2}\s*期\s*[·•]?\s*\p{Han}{2,20}\s*$
              | (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d{4}\s*$
            )",
        )
        .expect("valid journal-header rule")
    })
}

fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A line of Latin capitals (a journal's English name, letter-spaced by an OCR engine or
/// with its date beside it: `2002 £02 7 JOURNAL OF ENGINEERIN G MATHEMA TICS Feb 2002`).
fn capitals_line(text: &str) -> bool {
    let upper = text.chars().filter(|c| c.is_ascii_uppercase()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let ideographs = text.chars().filter(|&c| is_ideograph(c)).count();
    if ideographs == 0 && upper >= 12 && upper * 10 >= letters * 8 {
        return true;
    }
    strict_capitals_line(text)
}

/// A line of Latin capitals and spaces only; at least 3 words.
fn strict_capitals_line(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    letters >= 10
        && digits * 5 < letters
        && text.chars().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, ' ' | '&' | ',' | '.')
        })
        && text.split_whitespace().count() >= 3
}

/// A journal header line of a first page: one part of the header
/// (`journal_header_rule`, a line of capitals), or its parts printed side by side on one
/// line (`glued_header`).
pub(super) fn is_journal_header(text: &str) -> bool {
    // Full-width Latin and digits (`ＪＯＵＲＮＡＬ`, `Ｖｏｌ １９`) read as ASCII.
    let text: String = text.trim().chars().map(fold_full_width).collect();
    let packed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    journal_header_rule().is_match(&packed) || capitals_line(&text) || glued_header(&text)
}

/// The parts of a journal header printed on one line, as a flowed export or a text layer
/// joins them (`第30卷第8期  信息资源管理学刊  2009年8月 Vol. 30 No. 8  Aug. 2009`,
/// `教育发展论坛  2016年4月`): dated parts (volume, issue, year and month, `Vol.`,
/// `ISSN`, `CN`), page numbers and the journal's names (a run of Han characters, a run
/// of Latin capitals) with nothing else beside them. A sentence that opens with a date
/// has its punctuation and its words left over (`2019年3月，教育部…`).
fn glued_header(text: &str) -> bool {
    static PARTS: OnceLock<Regex> = OnceLock::new();
    let parts = PARTS.get_or_init(|| {
        Regex::new(
            r"(?x)
              第\s*\d{1,3}\s*卷(?:\s*第\s*\d{1,2}\s*期)?
            | 第\s*\d{1,2}\s*期
            | (?:19|20)\d{2}\s*年\s*(?:第\s*\d{1,2}\s*期|\d{1,2}\s*月)
            | \b(?i:vol)\s*\.?\s*\d{1,4}
            | \b(?i:no)\s*\.?\s*\d{1,3}\b
            | \bISSN\s*[\dX-]+
            | \bCN\s*\d{2}\s*-\s*\d{4}(?:/[A-Z]+)?
            | \b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*(?:19|20)\d{2}\b",
        )
        .expect("valid header-part rule")
    });
    static REST: OnceLock<Regex> = OnceLock::new();
    let rest = REST.get_or_init(|| {
        Regex::new(
            r"(?x)
              [·•\-—–－]\s*\d{1,4}\s*[·•\-—–－]
            | \b\d{1,4}\b
            | \b[A-Z]{2,}(?:[\s&,]+[A-Z]{2,})+\b",
        )
        .expect("valid header-rest rule")
    });
    let dated = parts.find_iter(text).count();
    if dated == 0 {
        return false;
    }
    // Parts become a mark of their own, so that a name glued to one (`2016年4月全国…`,
    // running text) is seen.
    let left = parts.replace_all(text, "\u{1}");
    let left = rest.replace_all(&left, "\u{1}");
    // What is left: the journal's name at most, between spaces and separators.
    let names: Vec<&str> = left
        .split(|c: char| c.is_whitespace() || "·•/".contains(c))
        .filter(|w| w.chars().any(|c| !matches!(c, '\u{1}' | '.' | ',')))
        .collect();
    let han_name = |w: &&str| (2..=20).contains(&w.chars().count()) && w.chars().all(is_ideograph);
    // The name may come twice (the header, and the first page's head beside it).
    let one_name = names.windows(2).all(|w| w[0] == w[1]);
    one_name && names.iter().all(han_name) && (dated >= 2 || !names.is_empty())
}

fn strip_journal_header(page: &mut Vec<Line>, found: &mut Found) {
    // Only the top of the first page, before the article's text starts.
    let limit = page.len().min(12);
    let mut i = 0;
    let mut seen = 0;
    // A number alone among the header's lines, above the title, is the first page's
    // number (below the title, a number alone may be an author's affiliation mark).
    let mut titled = false;
    while i < page.len() && seen < limit {
        seen += 1;
        if !titled {
            if let Some(c) = number_line_rule().captures(&page[i].text) {
                let number = c[1].to_string();
                let line = page.remove(i);
                found.number(Some(0), &number, &line.text);
                found.remove(RemovalKind::PageNumber, &line.text, "first_page_number");
                continue;
            }
        }
        let header = |line: &Line| is_journal_header(&line.text) || digitless_header(&line.text);
        if header(&page[i]) {
            let line = page.remove(i);
            found.removed.push(
                Removal::new(RemovalKind::JournalHeader, line.text.trim())
                    .by_rule("journal_header"),
            );
        } else if !titled && journal_name(&page[i].text) && page.get(i + 1).is_some_and(header) {
            // The journal's name printed above its volume and issue: a title is set below
            // the header, never directly above it.
            let line = page.remove(i);
            found.removed.push(
                Removal::new(RemovalKind::JournalHeader, line.text.trim())
                    .by_rule("journal_name_above_header"),
            );
        } else {
            titled |= page[i].text.chars().filter(|&c| is_ideograph(c)).count() >= 4;
            i += 1;
        }
    }
}

/// What is left of a volume and issue line when the text layer of a scan lost its digits
/// (`第`, `卷第 期`, `年 月`): only the characters around the numbers, at most six.
fn digitless_header(text: &str) -> bool {
    let packed: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    !packed.is_empty()
        && packed.len() <= 6
        && packed
            .iter()
            .all(|c| matches!(c, '第' | '卷' | '期' | '年' | '月'))
}

/// A journal's name as printed in its header: a short run of ideographs (letter-spaced
/// or not) with no digit, Latin letter or punctuation.
fn journal_name(text: &str) -> bool {
    let packed: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    (4..=16).contains(&packed.len()) && packed.iter().all(|&c| is_ideograph(c))
}

fn table_caption_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| Regex::new(r"^续?表\d{1,3}").expect("valid table caption rule"))
}

/// OCR-engine residue: a short line with no word in it.
fn is_noise(text: &str, kind: LayoutKind) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() || chars.len() > 8 {
        return false;
    }
    let ideographs = chars.iter().filter(|&&c| is_ideograph(c)).count();
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    // A sentence's end wrapped to its own line (`]。`, `3]。`) is text, and so is a
    // footnote mark wrapped to its own line (`⑤`).
    if chars.iter().any(|&c| matches!(c, '。' | '！' | '？'))
        || chars.iter().all(|&c| super::labels::is_mark_char(c))
    {
        return false;
    }
    if digits > 0 {
        // A page number or a table's number is digits alone, or digits with CJK words;
        // digits mixed with letters and symbols on a line of their own and no word are a
        // logo's residue (`2XG`, `|>1`, `/i1`), in OCR output only.
        let symbols = chars
            .iter()
            .filter(|&&c| !c.is_ascii_digit() && !is_cjk(c) && !"%.·-—–".contains(c))
            .count();
        return kind == LayoutKind::OcrEngine
            && ideographs <= 1
            && chars.len() <= 4
            && symbols >= 1
            && symbols + ideographs >= digits;
    }
    if ideographs == 0 {
        // A real English word (`analysis`, `Structure`: three letters or more in lower
        // case after an optional capital, with a vowel) is text.
        if text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
            let lower = w.chars().skip(1).all(|c| c.is_ascii_lowercase());
            w.len() >= 3 && lower && w.chars().any(|c| "aeiouAEIOU".contains(c))
        }) {
            return false;
        }
        // Latin or symbols only: a logo read as letters (`ERi`, `TORRENT`, `{`, `AAA .`).
        return !chars.iter().any(|&c| is_cjk(c) && !is_ideograph(c)) || chars.len() <= 2;
    }
    // One or two ideographs alone (a stamp, a logo), in OCR output only: a text layer's
    // short line is the end of a paragraph.
    kind == LayoutKind::OcrEngine
        && ideographs <= 2
        && chars.len() <= 4
        && !chars
            .iter()
            .any(|&c| ocrclean_text::is_terminal(c) || "，,；;：:、".contains(c))
}

/// Removes noise lines, except under a table caption (`表 2 …`): a table read one cell
/// per line is a run of short words (`项目`, `合 计`, `女`) until running text resumes.
fn strip_noise(page: &mut Vec<Line>, kind: LayoutKind, found: &mut Found) {
    let mut in_table = false;
    page.retain(|line| {
        let squeezed: String = line.text.chars().filter(|c| !c.is_whitespace()).collect();
        if table_caption_rule().is_match(&squeezed) {
            in_table = true;
        } else if squeezed.chars().count() > 16 && squeezed.contains(['。', '，']) {
            in_table = false;
        }
        // Under a caption, cells hold a word or a number; residue without either is
        // noise even there (`ERi` below a table at a page's foot).
        let cell_like = squeezed
            .chars()
            .any(|c| is_ideograph(c) || c.is_ascii_digit());
        if !(in_table && cell_like) && is_noise(&line.text, kind) {
            found
                .removed
                .push(Removal::new(RemovalKind::Noise, line.text.trim()).by_rule("noise_line"));
            false
        } else {
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&[&str]]) -> Vec<Vec<Line>> {
        texts
            .iter()
            .map(|p| p.iter().map(|t| Line::raw(t)).collect())
            .collect()
    }

    fn left(pages: &[Vec<Line>]) -> Vec<Vec<&str>> {
        pages
            .iter()
            .map(|p| p.iter().map(|l| l.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_journal_name_above_its_volume_line_is_header_digits_or_not() {
        // A scan's text layer that lost its digits keeps the words around them.
        let mut p = pages(&[&[
            "·",
            "数学 的实践与认 识",
            "第",
            "卷第 期",
            "投资收益与风险的优化模型",
            "某某 某某",
            "正文从这里开始，写到这里。",
        ]]);
        strip_journal_header(&mut p[0], &mut Found::default());
        assert_eq!(
            left(&p)[0],
            [
                "·",
                "投资收益与风险的优化模型",
                "某某 某某",
                "正文从这里开始，写到这里。"
            ]
        );
        // Below the article's first words a short line above a date is text; a name with
        // no header below it stays too.
        let mut p = pages(&[&[
            "第 9 卷 第 3 期",
            "某某学报",
            "投资收益与风险的优化模型",
            "关于收益",
            "2019 年 8 月",
        ]]);
        strip_journal_header(&mut p[0], &mut Found::default());
        assert_eq!(
            left(&p)[0],
            ["某某学报", "投资收益与风险的优化模型", "关于收益"]
        );
    }

    #[test]
    fn misread_heads_recur_and_go_with_their_numbers() {
        let mut p = pages(&[
            &[
                "正文第一行写在这里，",
                "继续写。",
                "99 数学 的 实践 与 认识 1 tien",
            ],
            &["100 数学 的 实战 与 认识", "正文第二页，", "继续。"],
            &["正文第三页，", "继续。", "数学 的 实 上 距 与 认识 101"],
        ]);
        let f = strip(&mut p, LayoutKind::OcrEngine, RuleSet::builtin());
        assert_eq!(
            left(&p),
            vec![
                vec!["正文第一行写在这里，", "继续写。"],
                vec!["正文第二页，", "继续。"],
                vec!["正文第三页，", "继续。"]
            ]
        );
        assert_eq!(
            f.printed,
            [Some("99".into()), Some("100".into()), Some("101".into())]
        );
    }

    #[test]
    fn page_numbers_must_fit_the_sequence() {
        let mut p = pages(&[
            &["正文，", "43"],
            &["正文，", "— 44 —"],
            &["正文，", "2019"],
            &["正文，", "46"],
        ]);
        let f = strip(&mut p, LayoutKind::TextLines, RuleSet::builtin());
        assert_eq!(
            f.printed,
            [
                Some("43".into()),
                Some("44".into()),
                None,
                Some("46".into())
            ]
        );
        assert_eq!(left(&p)[2], ["正文，", "2019"]);
    }

    #[test]
    fn noise_lines_go_words_stay() {
        assert!(is_noise("ERi", LayoutKind::OcrEngine));
        assert!(is_noise("AAA .", LayoutKind::OcrEngine));
        assert!(is_noise("加", LayoutKind::OcrEngine));
        assert!(!is_noise("加", LayoutKind::TextLines));
        assert!(!is_noise("]。", LayoutKind::OcrEngine));
        assert!(!is_noise("展。", LayoutKind::OcrEngine));
        assert!(!is_noise("[1]，一", LayoutKind::TextLines));
        assert!(!is_noise("2013", LayoutKind::OcrEngine));
        assert!(is_noise("2XG", LayoutKind::OcrEngine) && is_noise("|>1", LayoutKind::OcrEngine));
        assert!(!is_noise("2XG", LayoutKind::TextLines));
        for kept in [
            "12.5%",
            "-115-",
            "3 ]。",
            "图2",
            "⑤",
            "➁",
            "analysis",
            "Structure",
        ] {
            assert!(!is_noise(kept, LayoutKind::OcrEngine), "{kept}");
        }
    }

    #[test]
    fn watermark_fragments_and_full_width_headers() {
        assert!(watermark_fragment("1994-2006 C A J 1"));
        assert!(!watermark_fragment("1994-2006 年间的变化"));
        let folded: String = "ＪＯＵ ＲＮＡＬ ＯＦ ＥＮ ＧＩ"
            .chars()
            .map(fold_full_width)
            .collect();
        assert!(capitals_line(&folded));
        assert!(capitals_line(
            "2002 £02 7 JOURNAL OF ENGINEERIN G MATHEMA TICS Feb 2002"
        ));
        assert!(!capitals_line("This paper studies the GDP of China."));
    }

    #[test]
    fn journal_header_lines() {
        for line in [
            "第 11 卷　第 4 期",
            "Vol. 11　No. 4",
            "Vol. 38 No . l2 Dec. 2008",
            "2024 年 7 月",
            "SOUTHERN ENERGY CONSTRUCTION",
            "Jul. 2024",
        ] {
            assert!(
                journal_header_rule().is_match(line) || capitals_line(line),
                "{line}"
            );
        }
        assert!(!journal_header_rule().is_match("第 3 期的数据表明，"));
    }

    #[test]
    fn journal_headers_printed_on_one_line() {
        for line in [
            "第30卷第8期  信息资源管理学刊  2009年8月 Vol. 30 No. 8  Aug. 2009",
            "教育发展论坛  2016年4月",
            "2010年1月 ISSN 1038-9594 Vol. 29 No. 1  Jan. 2010",
            "MODERN MANAGEMENT REVIEW Vol. 27 No. 10  Oct. 2017 ISSN 2486-4781",
            "·138·      工程数学研究 2006年第9期",
            "现代管理评论 2015年第12期 Vol. 23 No. 12 Dec. 2015 现代管理评论 2015年第12期 153",
        ] {
            assert!(is_journal_header(line), "{line}");
        }
        for line in [
            "2019年3月，教育部发布了通知",
            "2016年4月全国高校的数据",
            "乡村振兴对城乡收入差距的影响研究",
            "截至2016年4月 全国 共有",
        ] {
            assert!(!is_journal_header(line), "{line}");
        }
    }
}

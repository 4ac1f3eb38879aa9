//! Stage 2, furniture: remove what the site and the publisher put around the page.
//!
//! The rules describe the *kind* of page, never one page's words:
//! - whole lines that are the viewer's widgets (`正在加载…`, `<<…翻页…>>`, `APP下载`), the
//!   site's footer (a short line carrying `版权所有`, `Copyright`, `©YYYY`, an ICP number or
//!   a domain) or other mirror-site furniture: these are the named line rules of
//!   [`crate::rules`] (`rules/builtin.toml`, which users extend), asked of each line with
//!   its place on the page ([`line_places`]);
//! - inside the body, the CNKI watermark (`©1994-2018 China Academic Journal Electronic
//!   Publishing House. All rights reserved. http://www.cnki.net`, also with its `©` mangled
//!   to `?`) and page numbers in their printed forms (`-47-`, `— 74 —`, `·12·`, `第12页`).
//!
//! The running title needs both renderings to be told from a heading, so the passes stage
//! removes it. Removed characters are blanked to spaces rather than cut out, so a char
//! index into [`Stripped::chars`] is a char index into the decoded text: offsets reported
//! later point into the user's file.

use crate::handoff::Stripped;
use crate::model::{Removal, RemovalKind};
use crate::rules::{Place, RuleSet, DEFAULT_MAX_CHARS};
use regex::Regex;
use std::sync::OnceLock;

struct Rules {
    watermark: Regex,
    page_number: Regex,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules {
        // The CNKI watermark, with its copyright sign intact, mangled to `?` or lost. It is
        // always printed in this casing; matching case keeps `China` a fast literal anchor.
        watermark: Regex::new(
            r"[©?]?\s*\d{4}\s*[-–—]\s*\d{4}\s*China\s*Academic\s*Journal\s*Electronic\s*Publishing\s*House\.?\s*All\s*rights\s*reserved\.?\s*(?:https?://\s*www\.cnki\.net)?",
        )
        .expect("watermark rule compiles"),
        // Page numbers: -47-, — 74 —, ·12·, 第12页 (standing alone between spaces, which
        // `strip` checks: the rule itself starts with its own characters, so it is fast).
        page_number: Regex::new(r"[-–—−]\s?\d{1,4}\s?[-–—−]|[·•・･‧⋅∙]\s?\d{1,4}\s?[·•・･‧⋅∙]|第\s?\d{1,4}\s?页")
        .expect("page number rule compiles"),
    })
}

/// Removes the site's and the publisher's furniture from a decoded page.
///
/// Widget and footer lines go whole; the watermark and page numbers are cut out of the
/// body wherever they sit. Everything removed is listed with its kind, so nothing
/// vanishes unaccounted.
///
/// ```
/// let page = "正在加载图片...\n正文第一行 -12- 正文第二行\n©2008-现在 example.com 版权所有";
/// let stripped = ocrclean::furniture::strip(page);
/// let body: String = stripped.chars.iter().collect();
/// assert_eq!(body.split_whitespace().collect::<Vec<_>>(), ["正文第一行", "正文第二行"]);
/// let kinds: Vec<_> = stripped.removed.iter().map(|(r, _)| r.kind.name()).collect();
/// assert_eq!(kinds, ["widget", "page_number", "site_footer"]);
/// ```
pub fn strip(text: &str) -> Stripped {
    strip_with(text, RuleSet::builtin())
}

/// [`strip`] with these line rules instead of the built-in ones (see [`crate::rules`]):
/// each line is asked of `line_rules` with its place, [`Place::SiteHeader`] before the
/// article body, [`Place::SiteFooter`] after it and [`Place::Body`] inside it (see
/// [`line_places`]). Each removal a rule makes names the rule.
pub fn strip_with(text: &str, line_rules: &RuleSet) -> Stripped {
    let rules = rules();
    crate::work::spend(text.len());
    let mut chars: Vec<char> = Vec::with_capacity(text.len() / 2);
    let mut removed = Vec::new();
    let mut furniture_lines: Vec<std::ops::Range<usize>> = Vec::new(); // byte ranges

    // Whole furniture lines first; the rest of the body is kept line by line.
    let place_of = line_places(text);
    let mut byte = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = chars.len();
        let content = line.trim_end_matches(['\n', '\r']);
        chars.extend(line.chars().map(|c| if c == '\n' { ' ' } else { c }));
        if let Some(rule) = line_rules.match_line(content, place_of(i)) {
            removed.push((
                Removal::new(rule.kind(), content.trim()).by_rule(rule.name()),
                start,
            ));
            chars[start..].fill(' ');
            furniture_lines.push(byte..byte + line.len());
        }
        byte += line.len();
    }

    // Then spans inside the body (searched in the text itself: its newlines are spaces
    // to the rules, and spans inside a removed line are skipped).
    // Both lists are sorted and disjoint: an overlap is found by binary search.
    let in_removed_line = |s: usize, e: usize| overlaps_sorted(&furniture_lines, s, e);
    let mut spans: Vec<(usize, usize, RemovalKind)> = Vec::new();
    for m in rules.watermark.find_iter(text) {
        if !in_removed_line(m.start(), m.end()) {
            spans.push((m.start(), m.end(), RemovalKind::Watermark));
            // The page number printed bare (`47`) right before the watermark.
            let before = text[..m.start()].trim_end();
            let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let start = before.len() - digits;
            if (1..=4).contains(&digits)
                && text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace)
            {
                spans.push((start, before.len(), RemovalKind::PageNumber));
            }
        }
    }
    // The OCR pass reads the watermark with letters dropped, words glued and signs
    // misread (`@1994-2021 China Academic Journal Electronic Publishing House、`): the
    // template's 4-grams find those forms ([`crate::article::watermark::spans`]). Without
    // them the OCR's copy stays in its pass, and the two renderings can no longer be told
    // apart by it.
    // The regex's spans and the template's are joined where they overlap (the OCR's
    // `reserved. http:/www.cnki.net` runs past the regex), and pieces of one misread
    // watermark split by a CJK sign (`House、 All rights`) are one.
    let mut marks: Vec<std::ops::Range<usize>> = spans
        .iter()
        .filter(|&&(_, _, kind)| kind == RemovalKind::Watermark)
        .map(|&(s, e, _)| s..e)
        .collect();
    for r in crate::article::watermark::spans(text) {
        let r = without_leading_numbers(text, r);
        if !r.is_empty() && !in_removed_line(r.start, r.end) {
            marks.push(r);
        }
    }
    marks.sort_unstable_by_key(|r| r.start);
    let mut joined: Vec<std::ops::Range<usize>> = Vec::with_capacity(marks.len());
    for r in marks {
        match joined.last_mut() {
            Some(prev) if r.start <= prev.end || is_sign_gap(&text[prev.end..r.start]) => {
                prev.end = prev.end.max(r.end);
            }
            _ => joined.push(r),
        }
    }
    spans.retain(|&(s, e, kind)| {
        kind != RemovalKind::Watermark && !joined.iter().any(|r| r.start < e && s < r.end)
    });
    spans.extend(
        joined
            .into_iter()
            .map(|r| (r.start, r.end, RemovalKind::Watermark)),
    );
    // A page number printed right after the watermark (`…www.cnki.net・106・`) stands
    // alone all the same.
    let mut after_watermark: Vec<usize> = spans.iter().map(|&(_, e, _)| e).collect();
    after_watermark.sort_unstable();
    let stands_alone = |s: usize, e: usize| {
        (text[..s]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
            || after_watermark.binary_search(&s).is_ok())
            && text[e..].chars().next().is_none_or(char::is_whitespace)
    };
    // The watermark's spans, sorted (page numbers found below never overlap each other).
    let mut taken: Vec<std::ops::Range<usize>> = spans.iter().map(|&(s, e, _)| s..e).collect();
    taken.sort_unstable_by_key(|r| r.start);
    for m in rules.page_number.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if stands_alone(s, e) && !in_removed_line(s, e) && !overlaps_sorted(&taken, s, e) {
            spans.push((s, e, RemovalKind::PageNumber));
        }
    }
    crate::work::spend(spans.len() + furniture_lines.len());
    spans.sort_unstable_by_key(|&(s, e, kind)| (s, e, kind.name()));
    let char_starts = char_indices_of(text, spans.iter().flat_map(|&(s, e, _)| [s, e]));
    for (i, &(s, e, kind)) in spans.iter().enumerate() {
        let (cs, ce) = (char_starts[2 * i], char_starts[2 * i + 1]);
        removed.push((Removal::new(kind, text[s..e].trim()), cs));
        chars[cs..ce].fill(' ');
    }
    removed.sort_by_key(|(_, at)| *at);
    Stripped { chars, removed }
}

/// Whitespace with at most one CJK sign in it (`、`, `，`, `。`): the gap between two pieces
/// of one misread watermark.
fn is_sign_gap(gap: &str) -> bool {
    let mut signs = gap.chars().filter(|c| !c.is_whitespace());
    signs
        .next()
        .is_none_or(|c| matches!(c, '、' | '，' | '。' | '．'))
        && signs.next().is_none()
}

/// `r` (a watermark span of `text`) from its first token holding a four-digit year or a
/// word of the watermark (`@1994-2021`, `-2008`, `China`, `All`), with a lone sign before it
/// (`©`): a reference's page range or stray letters the OCR read just before the
/// watermark (`: 17-139. CD CA ~] @1994-2021 China…`) are the page's.
fn without_leading_numbers(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let span = &text[r.clone()];
    let mut prev: Option<(usize, &str)> = None;
    let mut at = 0;
    for token in span.split_whitespace() {
        let start = at + span[at..].find(token).expect("a token of the span");
        at = start + token.len();
        let year = token
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() == 4)
            && !crate::article::watermark::is_date(token);
        let word = token.split(|c: char| !c.is_ascii_alphabetic()).any(|run| {
            run.len() >= 4 || matches!(run.to_ascii_lowercase().as_str(), "all" | "www" | "net")
        });
        if year || word {
            let from = match prev {
                Some((p, "©" | "?" | "@")) => p,
                _ => start,
            };
            return r.start + from..r.end;
        }
        prev = Some((start, token));
    }
    r
}

/// The digits of a printed page number (`— 74 —` → `74`), if `text` is one.
pub fn page_number_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty() && digits.len() <= 4).then_some(digits)
}

/// Where each line of a scraped page sits: the article body runs from the first to the last
/// line that holds a sentence end (`。！？`) or is too long for furniture
/// ([`crate::rules::DEFAULT_MAX_CHARS`]); lines before it are the site's header, lines after
/// it the site's footer. A page with no such line is all body. Lines are counted as
/// `text.split_inclusive('\n')` yields them.
///
/// ```
/// use ocrclean::rules::Place;
/// let place = ocrclean::furniture::line_places("APP下载\n某某学刊 2016年1期\n正文。\n版权所有");
/// assert_eq!((0..4).map(place).collect::<Vec<_>>(),
///     [Place::SiteHeader, Place::SiteHeader, Place::Body, Place::SiteFooter]);
/// ```
pub fn line_places(text: &str) -> impl Fn(usize) -> Place {
    let mut first = None;
    let mut last = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if is_body_line(line) {
            first.get_or_insert(i);
            last = Some(i);
        }
    }
    move |i| match (first, last) {
        (Some(first), _) if i < first => Place::SiteHeader,
        (_, Some(last)) if i > last => Place::SiteFooter,
        _ => Place::Body,
    }
}

/// A line that only the article body holds: a sentence end, or too long for furniture.
pub(crate) fn is_body_line(line: &str) -> bool {
    let line = line.trim();
    // A char is at most 4 bytes: more bytes than this is more chars than the limit.
    line.len() > 4 * DEFAULT_MAX_CHARS
        || line.contains(['。', '！', '？'])
        || line.chars().count() > DEFAULT_MAX_CHARS
}

/// Whether `s..e` overlaps one of `ranges` (sorted by start, pairwise disjoint, so their
/// ends are sorted too): only the last range starting before `e` can.
fn overlaps_sorted(ranges: &[std::ops::Range<usize>], s: usize, e: usize) -> bool {
    let before_end = ranges.partition_point(|r| r.start < e);
    before_end > 0 && ranges[before_end - 1].end > s
}

/// Char indices of the given byte offsets in `s`, in one pass over the string.
fn char_indices_of(s: &str, byte_offsets: impl Iterator<Item = usize>) -> Vec<usize> {
    let offsets: Vec<usize> = byte_offsets.collect();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut result = vec![0; offsets.len()];
    let mut chars = s.char_indices().map(|(b, _)| b).enumerate();
    let mut at = chars.next();
    // (A plain cursor: `Peekable::next_if` per character was not always inlined.)
    for i in order {
        while let Some((_, b)) = at {
            if b >= offsets[i] {
                break;
            }
            at = chars.next();
        }
        result[i] = at.map_or_else(|| s.chars().count(), |(ci, _)| ci);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(s: &Stripped) -> Vec<String> {
        let text: String = s.chars.iter().collect();
        text.split_whitespace().map(str::to_string).collect()
    }

    fn kinds(s: &Stripped) -> Vec<(RemovalKind, &str)> {
        s.removed
            .iter()
            .map(|(r, _)| (r.kind, r.text.as_str()))
            .collect()
    }

    #[test]
    fn widget_and_footer_lines_go_whole() {
        let s =
            strip("图片加载中...\n甲乙丙丁\n<<上一页 下一页>>\nCopyright © 2010 www.example.cn");
        assert_eq!(body(&s), ["甲乙丙丁"]);
        assert_eq!(
            kinds(&s),
            [
                (RemovalKind::Widget, "图片加载中..."),
                (RemovalKind::Widget, "<<上一页 下一页>>"),
                (RemovalKind::SiteFooter, "Copyright © 2010 www.example.cn")
            ]
        );
    }

    #[test]
    fn watermark_is_cut_out_even_when_glued_to_the_next_pass() {
        let s = strip("甲乙。 ?1994-2019 China Academic Journal Electronic Publishing House.All rights reserved.http://www.cnki.net丙丁");
        assert_eq!(body(&s), ["甲乙。", "丙丁"]);
        assert_eq!(s.removed.len(), 1);
        assert_eq!(s.removed[0].0.kind, RemovalKind::Watermark);
        assert_eq!(s.removed[0].1, 4);
    }

    #[test]
    fn a_watermark_split_over_two_lines_is_cut_and_the_body_kept() {
        let s = strip("甲乙。 ?1994-2011 China Academic Journal Electronic\nPublishing House.All rights reserved.http://www.cnki.net丙丁戊");
        assert_eq!(body(&s), ["甲乙。", "丙丁戊"]);
        assert_eq!(kinds(&s).len(), 1);
        assert_eq!(kinds(&s)[0].0, RemovalKind::Watermark);
    }

    #[test]
    fn the_ocr_reading_of_the_watermark_goes_too_and_a_page_range_before_it_stays() {
        // Both renderings carry the watermark; the OCR misreads its signs and punctuation.
        let s = strip("甲乙：26-151. @1994-2021 China Academic Journal Electronic Publishing House、 All rights reserved. http://www.cnki,net 丙丁。 ©1994-2021 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net");
        assert_eq!(body(&s), ["甲乙：26-151.", "丙丁。"]);
        let marks: Vec<_> = kinds(&s).into_iter().map(|(k, _)| k).collect();
        assert_eq!(marks, [RemovalKind::Watermark; 2]);
        assert!(kinds(&s)[0].1.starts_with("@1994-2021 China"));
        // The regex's span and the template's joined: the OCR's `http:/` runs past the
        // regex; stray letters before the year stay with the page.
        let s = strip("甲乙：17-139. CD ~] @1994-2021 China Academic Journal Electronic Publishing House.Allrights reserved. http:/www.cnki.net丙丁");
        assert_eq!(body(&s), ["甲乙：17-139.", "CD", "~]", "丙丁"]);
        assert_eq!(s.removed.len(), 1);
        // A page number in katakana middle dots glued to the watermark's end.
        let glued = strip("甲乙。 ©1994-2021 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net・106・ 丙丁");
        assert_eq!(body(&glued), ["甲乙。", "丙丁"]);
        assert_eq!(kinds(&glued)[1], (RemovalKind::PageNumber, "・106・"));
        // A sentence of English is no watermark.
        let english =
            strip("甲乙。 This paper examines rural e-commerce and household income in China.");
        assert!(english.removed.is_empty());
    }

    #[test]
    fn a_bare_page_number_before_the_watermark_goes_too() {
        let s = strip("甲乙。 47 ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net丙");
        assert_eq!(body(&s), ["甲乙。", "丙"]);
        assert_eq!(kinds(&s)[0], (RemovalKind::PageNumber, "47"));
        let kept = strip("第2017 ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved.");
        assert_eq!(body(&kept), ["第2017"]);
    }

    #[test]
    fn page_numbers_in_their_forms() {
        let s = strip("甲 -47- 乙 — 74 — 丙 ·3· 丁 第12页 戊");
        assert_eq!(body(&s), ["甲", "乙", "丙", "丁", "戊"]);
        let numbers: Vec<_> = s
            .removed
            .iter()
            .map(|(r, _)| page_number_digits(&r.text).unwrap())
            .collect();
        assert_eq!(numbers, ["47", "74", "3", "12"]);
        assert!(s
            .removed
            .iter()
            .all(|(r, _)| r.kind == RemovalKind::PageNumber));
    }

    #[test]
    fn dashes_and_numbers_inside_text_are_not_page_numbers() {
        let s = strip("治理———基于 2017-2018年 -0.5 3-4 —2—3");
        assert!(s.removed.is_empty(), "{:?}", s.removed);
    }

    #[test]
    fn offsets_are_char_indices_of_the_input() {
        let text = "正在加载图片...\n甲乙 -5- 丙";
        let s = strip(text);
        assert_eq!(s.chars.len(), text.chars().count());
        let (r, at) = &s.removed[1];
        let found: String = text
            .chars()
            .skip(*at)
            .take(r.text.chars().count())
            .collect();
        assert_eq!(found, r.text);
    }

    #[test]
    fn a_long_body_line_mentioning_copyright_is_kept() {
        let long = "版权所有".repeat(50);
        let s = strip(&long);
        assert!(s.removed.is_empty());
    }

    #[test]
    fn line_rules_name_themselves_and_header_rules_keep_to_the_header() {
        let page = "APP下载\n某某学刊 2016年1期\n正文第一句。\n某某学刊 2016年1期\n正文第二句。\n©2010 example.com";
        let s = strip(page);
        assert_eq!(
            body(&s),
            ["正文第一句。", "某某学刊", "2016年1期", "正文第二句。"]
        );
        let named: Vec<_> = s
            .removed
            .iter()
            .map(|(r, _)| (r.kind, r.rule.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                (RemovalKind::Widget, Some("app-download")),
                (RemovalKind::JournalHeader, Some("fx361-journal-issue")),
                (RemovalKind::SiteFooter, Some("site-footer")),
            ]
        );
    }

    #[test]
    fn user_rules_apply_through_strip_with() {
        let user = RuleSet::from_toml_str(
            "[[rule]]\nname = \"mine\"\nkind = \"noise\"\nexact_line_guard = 1\n",
        );
        assert!(user.is_err());
        let user = RuleSet::from_toml_str(
            "disable = [\"viewer-loading\"]\n[[rule]]\nname = \"mine\"\nkind = \"noise\"\npattern = '#{3,}'\n",
        )
        .unwrap();
        let rules = RuleSet::builtin().extend(&user);
        let s = strip_with("正在加载图片...\n###\n正文。", &rules);
        assert_eq!(body(&s), ["正在加载图片...", "正文。"]);
        assert_eq!(s.removed[0].0.rule.as_deref(), Some("mine"));
    }

    #[test]
    fn a_clean_page_passes_through() {
        let s = strip("甲乙丙 丁戊己。");
        assert!(s.removed.is_empty());
        assert_eq!(s.chars.iter().collect::<String>(), "甲乙丙 丁戊己。");
    }
}

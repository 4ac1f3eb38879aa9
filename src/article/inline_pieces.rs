//! A flowed export's line cut into pieces at its CJK-side gaps (see [`super::inline`]):
//! Chinese running text has no spaces, so a space next to a CJK character marks where an
//! insertion of page furniture starts or ends; a gap between two Latin words or numbers
//! stays inside its piece. A watermark glued to text is split off, numbers an exporter
//! glued to a head are unglued, and the pieces of one head printed with spaces
//! (`第 11 卷 第 4 期`) are merged back.

use ocrclean_text::is_cjk;
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A volume, an issue or a journal's year and issue: a head's piece, spaces removed.
pub(super) fn head_rule() -> &'static Regex {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    HEAD.get_or_init(|| {
        Regex::new(r"^(?:第\d{1,3}卷(?:第\d{1,2}期)?|第\d{1,3}期|\d{0,4}(?:19|20)\d{2}年第\d{1,2}期(?:[·•]?\p{Han}{2,12})?|\p{Han}{2,12}[·•]?(?:19|20)\d{2}年第\d{1,2}期)$")
            .expect("valid head-piece rule")
    })
}

/// A token that is furniture whatever surrounds it: a page number in its decoration
/// (`-67-`, `·12·`) or a note's mark (`*本文系…`, `¹研究…`).
pub(super) fn furniture_token(token: &str) -> bool {
    decorated_number(token) || super::labels::footnote_mark(&format!("{token}xx")).is_some()
}

/// A page number in its decoration (`-67-`, `·12·`); a bare number is not enough
/// (`GDP 2019 growth`).
fn decorated_number(token: &str) -> bool {
    let t = token.trim_matches(|c| matches!(c, '-' | '—' | '·' | '•' | '－'));
    let decorated = t.len() < token.len();
    decorated && !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// The pieces of a line between gaps that touch a CJK character or set off a furniture
/// token (a gap between two Latin words or numbers stays inside its piece).
pub(super) fn pieces(text: &str) -> Vec<String> {
    let tokens = unglue_numbers(text.split_whitespace().collect());
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, token) in tokens.iter().enumerate() {
        if k > 0 {
            let left = current.chars().next_back();
            let right = token.chars().next();
            // A footnote mark stays with its note (`¹ 研究发现…`).
            let mark_only = current.chars().count() == 1
                && furniture_token(&current)
                && !current.chars().all(|c| c.is_ascii_digit());
            // A note's mark and a character or two before a typesetting space (`➅从
            // 2012年…`): the note goes on.
            let short_note = current.chars().count() < 4
                && current.starts_with(|c: char| !c.is_ascii())
                && super::labels::footnote_mark(&format!("{current}xx")).is_some();
            // A note's mark starts a piece, but the note runs on past it (`³信息技术（path
            // dependence）是…`): only a page number ends one whatever follows.
            let cuts = (left.is_some_and(is_cjk)
                || right.is_some_and(is_cjk)
                || furniture_token(token)
                || decorated_number(tokens[k - 1])
                || ends_address(tokens[k - 1]))
                && !mark_only
                && !short_note;
            if cuts {
                pieces.push(std::mem::take(&mut current));
            } else if !mark_only {
                current.push(' ');
            }
        }
        current.push_str(token);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    merge_spaced_heads(split_at_watermarks(pieces))
}

/// Pieces holding the watermark split at its ends: the text an exporter glued before or
/// after it without a space (`占比2 ©1994-2006 China …cnki.net`) is no part of it.
fn split_at_watermarks(pieces: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let spans = super::watermark::spans(&piece);
        if spans.is_empty() {
            out.push(piece);
            continue;
        }
        let mut at = 0;
        for span in spans {
            // A page number right before the watermark stays with it: the watermark step
            // reads it as the page's number.
            let before = piece[at..span.start].trim();
            let number = before.len() <= 4 && before.chars().all(|c| c.is_ascii_digit());
            let start = if number { at } else { span.start };
            for part in [&piece[at..start], &piece[start..span.end]] {
                if !part.trim().is_empty() {
                    out.push(part.trim().to_string());
                }
            }
            at = span.end;
        }
        if !piece[at..].trim().is_empty() {
            out.push(piece[at..].trim().to_string());
        }
    }
    out
}

/// A web address ends the watermark's line (`http://www.cnki.net`): what follows it,
/// a page number too, is something else.
fn ends_address(token: &str) -> bool {
    let t = token.trim_end_matches('/').to_ascii_lowercase();
    t.contains("www.") || t.starts_with("http")
}

/// Tokens with a page number's decoration glued to the text after it, split there: a
/// whole decorated number (`-67-]。换言之` → `-67-`, `]。换言之`), or the closing mark of
/// one printed with spaces (`—`, `15`, `—机制。` → … `—`, `机制。`).
fn unglue_numbers(tokens: Vec<&str>) -> Vec<&str> {
    static GLUED: OnceLock<Regex> = OnceLock::new();
    let glued = GLUED.get_or_init(|| {
        Regex::new(r"^[·•\-—－–]\d{1,4}[·•\-—－–]").expect("valid glued-number rule")
    });
    let decoration = |c: char| matches!(c, '·' | '•' | '-' | '—' | '－' | '–');
    let mut out: Vec<&str> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let at = match glued.find(token) {
            Some(m) => Some(m.end()),
            None => {
                let n = out.len();
                let spaced = n >= 2
                    && out[n - 1].len() <= 4
                    && out[n - 1].chars().all(|c| c.is_ascii_digit())
                    && out[n - 2].chars().count() == 1
                    && out[n - 2].chars().all(decoration);
                // `第`, `1`, `期期力量` (a spaced issue glued to the text after it).
                let issue = n >= 2
                    && out[n - 1].len() <= 3
                    && out[n - 1].chars().all(|c| c.is_ascii_digit())
                    && out[n - 2].ends_with('第');
                token
                    .chars()
                    .next()
                    .filter(|&c| (spaced && decoration(c)) || (issue && matches!(c, '期' | '卷')))
                    .map(char::len_utf8)
            }
        };
        match at.filter(|&at| at < token.len()) {
            Some(at) => {
                out.push(&token[..at]);
                out.push(&token[at..]);
            }
            None => out.push(token),
        }
    }
    out
}

/// Pieces that together make a head's piece printed with spaces (`第 11 卷 第 4 期`,
/// cut at each gap beside a CJK character) put back together: the longest run of up to
/// eight pieces from each place whose letters make one.
fn merge_spaced_heads(pieces: Vec<String>) -> Vec<String> {
    const MAX_RUN: usize = 8;
    let mut out = Vec::with_capacity(pieces.len());
    let mut k = 0;
    while k < pieces.len() {
        let longest = (2..=MAX_RUN.min(pieces.len() - k)).rev().find(|&m| {
            let packed: String = pieces[k..k + m].iter().map(|p| squeeze(p)).collect();
            head_rule().is_match(&packed) || decorated_number(&packed)
        });
        match longest {
            Some(m) => {
                out.push(pieces[k..k + m].join(" "));
                k += m;
            }
            None => {
                out.push(pieces[k].clone());
                k += 1;
            }
        }
    }
    out
}

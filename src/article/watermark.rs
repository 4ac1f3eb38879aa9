//! The CNKI watermark, recognised under corruption.
//!
//! Every page of a CNKI PDF carries `©1994-2021 China Academic Journal Electronic
//! Publishing House. All rights reserved. http://www.cnki.net`. A text layer keeps it
//! whole (the `©` sometimes as `?`); an OCR engine corrupts it differently on every page:
//! letters dropped, words glued or split, any prefix or suffix missing
//! (`3 -2008 C cademic Journal Electronic Publishing Ho Allri reserved t cnki.n`,
//! `nic Publishing e T e attp://www.cnki`), the page number glued to its front. A fixed
//! pattern finds none of those, so a stretch of Latin tokens is taken for the watermark
//! when most of its letter 4-grams are 4-grams of the template, anchored on enough of
//! them that an English sentence cannot pass. The cqvip watermark (`维普资讯
//! http://www.cqvip.com`) is recognised the same way.

use ocrclean_text::hash::FxSet;
use std::sync::OnceLock;

const TEMPLATES: [&str; 2] = [
    "ChinaAcademicJournalElectronicPublishingHouse.Allrightsreserved.http://www.cnki.net",
    "维普资讯http://www.cqvip.com",
];

/// Fewest template 4-grams a stretch must hold (a corrupted tail such as
/// `attp://www.cnki` still holds 8).
const MIN_HITS: usize = 5;
/// Share of a stretch's 4-grams that must be the template's.
const MIN_SHARE: f64 = 0.55;

fn grams_of(s: &str) -> impl Iterator<Item = [u8; 4]> + '_ {
    let bytes: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    (0..bytes.len().saturating_sub(3))
        .map(move |i| [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])
}

fn template_grams() -> &'static FxSet<[u8; 4]> {
    static GRAMS: OnceLock<FxSet<[u8; 4]>> = OnceLock::new();
    GRAMS.get_or_init(|| TEMPLATES.iter().flat_map(|t| grams_of(t)).collect())
}

/// How many of the stretch's letter 4-grams are the template's, and how many it has.
fn template_hits(stretch: &str) -> (usize, usize) {
    let grams = template_grams();
    grams_of(stretch).fold((0, 0), |(hits, all), g| {
        (hits + usize::from(grams.contains(&g)), all + 1)
    })
}

/// Whether a token carries a piece of the template: one of its 4-grams, or for a short
/// fragment (`nic`, `Ho`, `t`) a piece of the template's letters.
fn carries_template(token: &str) -> bool {
    static LETTERS: OnceLock<String> = OnceLock::new();
    let letters = LETTERS.get_or_init(|| {
        TEMPLATES
            .iter()
            .flat_map(|t| t.chars())
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    });
    let own: String = token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    token == "维普资讯"
        || template_hits(token).0 > 0
        || (own.len() >= 2
            && own.len() <= 3
            && !own.bytes().all(|b| b.is_ascii_digit())
            && letters.contains(&own))
}

/// Whether a token can be part of the watermark: ASCII (letters, digits, `©`-like signs,
/// URL punctuation), or the cqvip watermark's Chinese words.
fn watermark_token(token: &str) -> bool {
    token == "维普资讯"
        || token
            .chars()
            .all(|c| c.is_ascii_graphic() || matches!(c, '©' | '®' | '。' | '，'))
}

/// The watermark spans of `line` as byte ranges, widened to whole tokens. A year range
/// (`1994-2006`) and a sign before it belong to the span; a page number glued in front
/// does not (the caller records it).
///
/// ```
/// use ocrclean::article::watermark::spans;
/// let line = "23 © 1994-2006 China Academic Jou lectronic Publishing House. Allrights reserve tp://www.cnki.n";
/// assert_eq!(spans(line), vec![3..line.len()]);
/// assert!(spans("利用 Matlab 软件 进行 拟合").is_empty());
/// ```
pub fn spans(line: &str) -> Vec<std::ops::Range<usize>> {
    // Tokens: whitespace-separated, and split where ASCII meets CJK, since the watermark
    // is often glued to the text after it (`…www.cnki.net年第 3 期`).
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in line.char_indices() {
        let ascii = c.is_ascii() || matches!(c, '©' | '®');
        match start {
            Some((s, a)) if c.is_whitespace() || a != ascii => {
                tokens.push((s, i));
                start = (!c.is_whitespace()).then_some((i, ascii));
            }
            None if !c.is_whitespace() => start = Some((i, ascii)),
            _ => {}
        }
    }
    if let Some((s, _)) = start {
        tokens.push((s, line.len()));
    }
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !watermark_token(&line[tokens[i].0..tokens[i].1]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < tokens.len() && watermark_token(&line[tokens[j].0..tokens[j].1]) {
            j += 1;
        }
        // tokens[i..j] is a run of candidate tokens; trim from both ends to the part that
        // carries the template (a page number or a stray word outside it stays).
        let (mut a, mut b) = (i, j);
        while a < b
            && !carries_template(&line[tokens[a].0..tokens[a].1])
            && !year_like(&line[tokens[a].0..tokens[a].1], a + 1 < b)
        {
            a += 1;
        }
        while b > a && !carries_template(&line[tokens[b - 1].0..tokens[b - 1].1]) {
            b -= 1;
        }
        if a < b {
            let range = tokens[a].0..tokens[b - 1].1;
            let (hits, all) = template_hits(&line[range.clone()]);
            if hits >= MIN_HITS && hits as f64 >= MIN_SHARE * all as f64 {
                found.push(range);
            }
        }
        i = j;
    }
    found
}

/// A date (`2010-06-18`, `2010.6.8`): a note's field printed before the watermark (`收稿
/// 日期：2010-06-18 ©1994-2014 China…`), never the watermark's year range (two years).
pub(crate) fn is_date(token: &str) -> bool {
    // Called on every token near the watermark: no allocation.
    let mut runs = token
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(str::len);
    let short = |n: Option<usize>| n.is_some_and(|n| (1..=2).contains(&n));
    runs.next() == Some(4) && short(runs.next()) && short(runs.next()) && runs.next().is_none()
}

/// A year range or the sign before it (`©1994-2006`, `?1994-2021`, `-2008`, `©`): part of
/// the watermark when more of it follows. A bare page number is not.
fn year_like(token: &str, more_follows: bool) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    if digits >= 6 && is_date(token) {
        return false;
    }
    let signs = token.trim_matches(|c: char| c.is_ascii_digit() || c == '-');
    more_follows
        && ((digits >= 4 && (token.contains('-') || !signs.is_empty()))
            || (digits == 0
                && token.chars().count() <= 2
                && !token.chars().any(char::is_alphabetic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(line: &str) -> Vec<&str> {
        spans(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn a_date_before_the_watermark_is_no_part_of_it() {
        let line = "收稿日期：2010-06-18 © 1994-2014 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net 正文";
        assert_eq!(
            cut(line),
            ["© 1994-2014 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net"]
        );
        assert!(is_date("2010-06-18") && is_date("2010.6.8"));
        assert!(!is_date("1994-2014") && !is_date("©1994-2021"));
    }

    #[test]
    fn the_whole_watermark_and_its_forms() {
        let w = "©1994-2021 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net";
        assert_eq!(cut(w), [w]);
        let q = w.replacen('©', "?", 1);
        assert_eq!(cut(&q), [q.as_str()]);
        let glued = format!("高等教育研究 43 2019 {w}年第 3 期");
        assert_eq!(cut(&glued), [w]);
    }

    #[test]
    fn corrupted_forms_and_tails() {
        assert_eq!(
            cut("3 -2008 C cademic Journal Electronic Publishing Ho Allri reserved t cnki.n"),
            ["-2008 C cademic Journal Electronic Publishing Ho Allri reserved t cnki.n"]
        );
        assert_eq!(
            cut("nic Publishing e T e attp://www.cnki"),
            ["nic Publishing e T e attp://www.cnki"]
        );
        assert_eq!(
            cut("维普资讯 http://www.cqvip.com"),
            ["维普资讯 http://www.cqvip.com"]
        );
    }

    #[test]
    fn english_text_is_not_a_watermark() {
        assert!(
            cut("This paper began by summarizing the configuration requirements of the grid")
                .is_empty()
        );
        assert!(cut("Journal of global energy interconnection, 2021, 4(5): 506-515.").is_empty());
        assert!(cut("DOI: 10.19705/j.cnki.issn2096-5125.2021.05.010.").is_empty());
    }
}

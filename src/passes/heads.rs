//! Journal heads at the top of a rendering: the journal's name with the year and issue
//! (`信息资源管理 2020 年第 3 期`), or the first page's volume line (`第 25 卷第 3 期
//! 信息资源管理 2020 年 3 月`).
//!
//! Real extractors print the page's head first in both renderings (Tesseract reads the
//! page image from the top; `pdftotext -raw` prints the head line before the body), not
//! after the page number as the sample's text layer does, so the running-title search
//! (two kinds of slot) does not see it. The head is told by its form: a few short pieces
//! without punctuation at the very start of a rendering that end with an issue or a date
//! (`第 3 期`, `2020 年 3 月`). A body never opens that way: its first printed line is a
//! line of text, a heading or a caption.

use super::renderings::Pass;
use super::tokens::{token_text, tokens};
use crate::model::{Removal, RemovalKind};
use regex::Regex;
use std::sync::OnceLock;

/// Fewest pieces looked at from a rendering's start.
const MAX_PIECES: usize = 12;
/// Most characters a head holds (a journal name, a volume, a year, an issue, a month).
const MAX_HEAD_CHARS: usize = 40;

fn issue_form() -> &'static Regex {
    static FORM: OnceLock<Regex> = OnceLock::new();
    FORM.get_or_init(|| {
        // `第3期` (with the OCR's 弟 for 第), `2020年3月`, `第25卷`: an issue, a date or
        // a volume, the head's last words.
        Regex::new(r"[第弟]\d{1,3}[期卷]|\d{4}年\d{1,2}[月期]").expect("issue form compiles")
    })
}

/// A piece a head can hold: digits, ideographs, and the quotes the OCR reads into a gap.
fn head_piece(text: &str) -> bool {
    text.chars().count() <= 16
        && text.chars().all(|c| {
            c.is_ascii_digit() || ocrclean_text::is_ideograph(c) || matches!(c, '”' | '“' | '"')
        })
}

/// The OCR's reading of a page number set in dots (`,106`, `“107，`, `，`): a short piece
/// of digits and signs, skipped before a head.
fn number_debris(text: &str) -> bool {
    text.chars().count() <= 6
        && !text
            .chars()
            .any(|c| ocrclean_text::is_ideograph(c) || c.is_alphabetic())
}

/// Blanks the journal head opening each rendering (see the module comment); each goes to
/// `removed` as a running title. Returns nothing: the head is furniture, not the title.
pub(super) fn remove_issue_heads(
    chars: &mut [char],
    passes: &[Pass],
    removed: &mut Vec<(Removal, usize)>,
) {
    for pass in passes {
        let toks: Vec<_> = tokens(chars, pass.range.clone())
            .into_iter()
            .take(MAX_PIECES + 3)
            .collect();
        crate::work::spend(toks.len());
        let skip = toks
            .iter()
            .take(3)
            .take_while(|t| number_debris(&token_text(chars, t)))
            .count();
        let mut joined = String::new();
        let mut ends: Vec<(usize, usize)> = Vec::new(); // (byte end in joined, token index)
        for (k, t) in toks.iter().enumerate().skip(skip).take(MAX_PIECES) {
            let text = token_text(chars, t);
            if !head_piece(&text) || joined.chars().count() + text.chars().count() > MAX_HEAD_CHARS
            {
                break;
            }
            joined.extend(text.chars().filter(|c| !matches!(c, '”' | '“' | '"')));
            ends.push((joined.len(), k));
        }
        // The head ends with the last issue form that ends a piece, and a body follows it.
        let forms: Vec<_> = issue_form()
            .find_iter(&joined)
            .filter_map(|m| {
                let k = ends.iter().find(|&&(e, _)| e == m.end())?.1;
                Some((m.range(), k))
            })
            .collect();
        let Some((form, last)) = forms.last().cloned() else {
            continue;
        };
        // A journal name beside the issue (three ideographs outside the issue forms), or a
        // volume line: `在 2013 年 3 月` opening a line of text is no head.
        let head = &joined[..form.end];
        let outside: String = forms.iter().fold(head.to_string(), |s, (r, _)| {
            s.replace(&joined[r.clone()], " ")
        });
        let named = outside
            .split(|c: char| !ocrclean_text::is_ideograph(c))
            .any(|run| run.chars().count() >= 3);
        if !named && !head.contains('卷') {
            continue;
        }
        if last + 1 >= toks.len() {
            continue;
        }
        let (from, to) = (toks[skip].start, toks[last].end);
        let text: String = toks[skip..=last]
            .iter()
            .map(|t| token_text(chars, t))
            .collect::<Vec<_>>()
            .join(" ");
        removed.push((Removal::new(RemovalKind::RunningTitle, text), from));
        chars[from..to].fill(' ');
    }
    removed.sort_by_key(|(_, at)| *at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PassKind;

    fn pass(range: std::ops::Range<usize>) -> Pass {
        Pass {
            kind: PassKind::Text,
            range,
            evidence: String::new(),
            agreement: None,
        }
    }

    fn strip(page: &str) -> (String, Vec<String>) {
        let mut chars: Vec<char> = page.chars().collect();
        let mut removed = Vec::new();
        let whole = pass(0..chars.len());
        remove_issue_heads(&mut chars, &[whole], &mut removed);
        let body = chars
            .iter()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (body, removed.into_iter().map(|(r, _)| r.text).collect())
    }

    #[test]
    fn a_journal_head_with_its_issue_goes() {
        let (body, removed) =
            strip(",106 ， 信息资源管理”2020 年第 3 期 异有关。具体而言，西部地区");
        assert_eq!(body, ",106 ， 异有关。具体而言，西部地区");
        assert_eq!(removed, ["信息资源管理”2020 年第 3 期"]);
        let (body, _) = strip("第 25 卷第 3 期 信息资源管理 2020 年 3 月 乡村振兴对城乡收入差距的影响研究——基于 省级面板数据的检验");
        assert_eq!(
            body,
            "乡村振兴对城乡收入差距的影响研究——基于 省级面板数据的检验"
        );
    }

    #[test]
    fn a_body_opening_with_a_year_or_a_heading_stays() {
        for page in [
            "2013 年第 3 期的数据表明，东部地区的估计系数明显大于其他地区",
            "2.2 创新生态的测度 本文采用数据包络分析（DEA）方法",
            "一、引言 近年来，数字乡村建设在全国范围内展开",
            "信息资源管理 2020 年第 3 期",
            "在 2013 年 3 月 以后，东部地区的估计系数明显大于其他地区",
        ] {
            let (body, removed) = strip(page);
            assert!(removed.is_empty(), "{page}");
            assert_eq!(body, page);
        }
    }
}

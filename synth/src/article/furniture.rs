//! Page furniture with random styles: running heads (journal + year + issue, volume +
//! issue, author + title; alternating on odd and even pages; at top or bottom), page
//! numbers in several decorations (glued to the head or alone), the CNKI watermark (`©`,
//! `?` or absent), the first page's journal header block; and the OCR engine's
//! corruptions of them (watermark fragments, misread heads, noise lines).

use super::content::Article;
use super::vocab;
use crate::rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Furn {
    RunningHead,
    PageNumber,
    Watermark,
    JournalHeader,
    PageMarker,
    ExportHeader,
    Noise,
    /// `(下转74页)`, `(上接53页)`.
    Continuation,
}

/// An article's furniture style.
#[derive(Debug, Clone)]
pub(crate) struct Style {
    /// 0 journal + year + issue, 1 volume + issue, 2 author + title.
    head_kind: usize,
    /// Even pages carry the journal head, odd pages the author + title head.
    alternate: bool,
    head_top: bool,
    number_form: usize,
    /// The page number glued to the head (else a line of its own).
    glued: bool,
    number_top: bool,
    pub watermark: Option<String>,
    head_on_first: bool,
    journal_form: usize,
}

pub(crate) const WATERMARK_TAIL: &str =
    "China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net";

impl Style {
    pub(crate) fn draw(rng: &mut Rng) -> Style {
        let year = rng.range(2006, 2023);
        let sign = *rng.pick(&["©", "©", "©", "?"]);
        let sp = if rng.chance(0.2) { " " } else { "" };
        Style {
            head_kind: rng.below(3),
            alternate: rng.chance(0.5),
            head_top: rng.chance(0.8),
            number_form: rng.below(6),
            glued: rng.chance(0.5),
            number_top: rng.chance(0.5),
            watermark: rng
                .chance(0.85)
                .then(|| format!("{sign}{sp}1994-{year} {WATERMARK_TAIL}")),
            head_on_first: rng.chance(0.2),
            journal_form: rng.below(3),
        }
    }
}

fn number_text(form: usize, n: u32) -> String {
    match form {
        0 => n.to_string(),
        1 => format!("·{n}·"),
        2 => format!("— {n} —"),
        3 => format!("-{n}-"),
        4 => format!("第{n}页"),
        _ => format!("- {n} -"),
    }
}

fn short_title(a: &Article) -> String {
    let t: Vec<char> = a.title.chars().collect();
    if t.len() > 16 {
        t[..14].iter().collect::<String>() + "…"
    } else {
        a.title.clone()
    }
}

fn head_text(s: &Style, a: &Article, kind: usize) -> String {
    let j = &a.journal;
    match kind {
        0 => match s.journal_form {
            0 => format!("{} {}年第{}期", j.name, j.year, j.issue),
            1 => format!("{}年第{}期  {}", j.year, j.issue, j.name),
            _ => format!("{}·{}年第{}期", j.name, j.year, j.issue),
        },
        1 => match s.journal_form {
            0 => format!("第 {} 卷 第 {} 期", j.volume, j.issue),
            1 => format!("{}  第{}卷第{}期", j.name, j.volume, j.issue),
            _ => format!("第{}卷  第{}期  {}", j.volume, j.issue, j.name),
        },
        _ => {
            let who = if a.authors.len() > 1 {
                format!("{}，等", a.authors[0])
            } else {
                a.authors[0].clone()
            };
            format!("{who}：{}", short_title(a))
        }
    }
}

/// Furniture lines with their kinds.
pub(crate) type Lines = Vec<(Furn, String)>;

/// The furniture lines above and below page `i`'s body.
pub(crate) fn page_lines(
    s: &Style,
    a: &Article,
    i: usize,
    _total: usize,
    number: u32,
    numbered: bool,
    rng: &mut Rng,
) -> (Lines, Lines) {
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    let num = numbered.then(|| number_text(s.number_form, number));
    if i == 0 {
        top.extend(
            header_block(a, rng)
                .into_iter()
                .map(|t| (Furn::JournalHeader, t)),
        );
    }
    let kind = if s.alternate {
        if number.is_multiple_of(2) {
            s.head_kind.min(1)
        } else {
            2
        }
    } else {
        s.head_kind
    };
    let head = (i > 0 || s.head_on_first).then(|| head_text(s, a, kind));
    let gap = " ".repeat(rng.range(1, 6));
    let mut head_line = head.clone();
    let mut num_line = num.clone();
    if s.glued {
        if let (Some(h), Some(n)) = (&head, &num) {
            head_line = Some(if number.is_multiple_of(2) {
                format!("{n}{gap}{h}")
            } else {
                format!("{h}{gap}{n}")
            });
            num_line = None;
        }
    }
    let head_place = if s.head_top { &mut top } else { &mut bottom };
    if let Some(h) = head_line {
        head_place.push((Furn::RunningHead, h));
    }
    if let Some(n) = num_line {
        if s.number_top {
            top.push((Furn::PageNumber, n));
        } else {
            bottom.push((Furn::PageNumber, n));
        }
    }
    if let Some(w) = &s.watermark {
        bottom.push((Furn::Watermark, w.clone()));
    }
    (top, bottom)
}

fn header_block(a: &Article, rng: &mut Rng) -> Vec<String> {
    let j = &a.journal;
    let month = [
        "Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.",
        "Dec.",
    ][(j.issue as usize - 1) % 12];
    let mut v = vec![
        if rng.chance(0.5) {
            format!("{}  {}年第{}期", j.name, j.year, j.issue)
        } else {
            format!(
                "第{}卷第{}期  {}  {}年{}月",
                j.volume, j.issue, j.name, j.year, j.issue
            )
        },
        format!("Vol. {} No. {}  {} {}", j.volume, j.issue, month, j.year),
    ];
    if rng.chance(0.6) {
        v.push(j.english.to_uppercase());
    }
    if rng.chance(0.5) {
        v.push(format!("ISSN {}", j.issn));
    }
    rng.shuffle(&mut v[1..]);
    v
}

// ---------------------------------------------------------------------------------------
// The OCR engine's corruptions.

/// The watermark as an OCR engine reads it on one page: `©` misread or lost, a prefix, a
/// suffix or a middle piece missing, letters dropped, spaces lost or added.
pub(crate) fn corrupt_watermark(w: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = w.chars().collect();
    if c[0] == '©' || c[0] == '?' {
        match rng.below(5) {
            0 => c[0] = '?',
            1 => c[0] = '@',
            2 => c[0] = 'O',
            3 => {
                c.remove(0);
            }
            _ => {}
        }
    }
    let n = c.len();
    if rng.chance(0.3) {
        c.drain(..rng.range(1, n / 3));
    }
    if rng.chance(0.5) {
        let n = c.len();
        c.truncate(n - rng.range(1, n / 4));
    }
    if rng.chance(0.4) {
        let n = c.len();
        let at = rng.range(4, n / 2);
        c.drain(at..at + rng.range(2, 12).min(n - at - 4));
    }
    let mut out = String::new();
    for ch in c {
        if ch.is_ascii_alphabetic() && rng.chance(0.03) {
            continue;
        }
        if ch == ' ' && rng.chance(0.15) {
            continue;
        }
        out.push(ch);
        if ch.is_ascii_alphabetic() && rng.chance(0.01) {
            out.push(' ');
        }
    }
    let out = out.trim().to_string();
    if out.chars().count() < 6 {
        "Publishing House".to_string()
    } else {
        out
    }
}

/// A running head or header line as misread on one page: look-alike ideographs, digits
/// and letters, spaces inside Latin words.
pub(crate) fn misread_furniture(s: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        let r = rng.unit();
        match ch {
            _ if r < 0.12 && vocab::similar(ch).is_some() => out.push(vocab::similar(ch).unwrap()),
            '期' | '卷' | '第' if r < 0.06 => out.push(*rng.pick(&['%', '站', '弟', '朗'])),
            '1' if r < 0.1 => out.push('l'),
            '0' if r < 0.1 => out.push('O'),
            'I' if r < 0.1 => out.push('1'),
            _ => out.push(ch),
        }
        if ch.is_ascii_alphabetic() && rng.chance(0.06) {
            out.push(' ');
        }
    }
    out
}

/// A short line of logo, stamp or figure residue.
pub(crate) fn noise_line(rng: &mut Rng) -> String {
    const FIXED: &[&str] = &[
        "ERi", "加", "AAA .", "{", "一 N", "·", "H", "2XG", "|", "~ 、", "回 叶", "TE",
    ];
    if rng.chance(0.6) {
        rng.pick(FIXED).to_string()
    } else {
        const POOL: &[char] = &[
            '田', '口', '目', 'i', 'l', '1', '|', '/', '\\', '_', '=', '>', '一', '人', 'W', 'X',
            '.', '^',
        ];
        let n = rng.range(1, 4);
        let mut s = String::new();
        for k in 0..n {
            if k > 0 && rng.chance(0.4) {
                s.push(' ');
            }
            s.push(*rng.pick(POOL));
        }
        s
    }
}

//! Latin words an OCR engine or a line end split in two (`soft p ower`, `learni ng`,
//! `analy` + `sis` across a line end without a hyphen), rejoined from the article's own
//! evidence: the whole word is printed elsewhere in the article, and one of the two pieces
//! is never printed on its own. No dictionary is needed, and two real words (`in to`)
//! are never merged, because each of them occurs on its own.

use std::collections::HashMap;

/// How often each Latin word (ASCII letters, lowercased) and each adjacent pair of them
/// occur in an article.
#[derive(Default)]
pub struct Vocabulary {
    words: HashMap<String, usize>,
    pairs: HashMap<(String, String, char), usize>,
}

/// The Latin words of a text with whether each is followed by exactly one space and
/// another Latin word: (start, end) byte ranges.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The one character between two word ranges when it is a space or a hyphen (a word
/// broken at a line end keeps its hyphen: `S-` + `PSS`).
fn gap(text: &str, a: (usize, usize), b: (usize, usize)) -> Option<char> {
    match (b.0 == a.1 + 1).then(|| &text[a.1..b.0]) {
        Some(" ") => Some(' '),
        Some("-") => Some('-'),
        _ => None,
    }
}

impl Vocabulary {
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut v = Vocabulary::default();
        for text in texts {
            let ws = words(text);
            crate::work::spend(ws.len());
            for (k, &(s, e)) in ws.iter().enumerate() {
                *v.words.entry(text[s..e].to_ascii_lowercase()).or_default() += 1;
                if let Some(&next) = ws.get(k + 1) {
                    if let Some(g) = gap(text, (s, e), next) {
                        let pair = (
                            text[s..e].to_ascii_lowercase(),
                            text[next.0..next.1].to_ascii_lowercase(),
                            g,
                        );
                        *v.pairs.entry(pair).or_default() += 1;
                    }
                }
            }
        }
        v
    }

    /// Whether `a b` (or `a-b`) is one word split in two.
    fn split_word(&self, a: &str, b: &str, g: char) -> bool {
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let whole = format!("{a}{b}");
        let count = |w: &str| self.words.get(w).copied().unwrap_or(0);
        let together = self
            .pairs
            .get(&(a.clone(), b.clone(), g))
            .copied()
            .unwrap_or(0);
        count(&whole) > 0 && (count(&a) <= together || count(&b) <= together)
    }

    /// The text with split words rejoined; returns it, how many spaces went and how
    /// many hyphens went (the caller records those as removed).
    pub fn rejoin(&self, text: &str) -> (String, usize, usize) {
        let ws = words(text);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let (mut spaces, mut hyphens) = (0, 0);
        for w in ws.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some(g) = gap(text, a, b) else { continue };
            if self.split_word(&text[a.0..a.1], &text[b.0..b.1], g) {
                out.push_str(&text[at..a.1]);
                at = b.0;
                if g == '-' {
                    hyphens += 1;
                } else {
                    spaces += 1;
                }
            }
        }
        out.push_str(&text[at..]);
        (out, spaces, hyphens)
    }
}

/// Whether `x` followed by `next` can start an English word: a vowel after it, or a
/// consonant cluster words begin with (`st`, `pr`, `th`, …).
fn onset(x: char, next: &str) -> bool {
    const CLUSTERS: [&str; 24] = [
        "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "ph", "pl", "pr", "sc", "sh",
        "sk", "sl", "sm", "sn", "sp", "st", "th", "tr", "wh",
    ];
    let Some(n) = next.chars().next() else {
        return false;
    };
    let pair: String = [x.to_ascii_lowercase(), n.to_ascii_lowercase()]
        .iter()
        .collect();
    "aeiou".contains(n.to_ascii_lowercase()) || CLUSTERS.contains(&pair.as_str())
}

/// An OCR engine's one-letter fragments of Latin words (`p ower`, `digita l divide`,
/// `S tata`, `GD P`) joined to the word they belong to: the word after when the letter can
/// start it, else the word before. `a`, `A` and `I` are words; an upper-case letter joins
/// only a capitalised or upper-case fragment. Returns the text and the spaces removed.
pub fn join_fragments(text: &str) -> (String, usize) {
    let ws = words(text);
    let mut glue = vec![false; ws.len()]; // glue[k]: remove the space after word k
    for k in 0..ws.len() {
        let w = &text[ws[k].0..ws[k].1];
        let mut chars = w.chars();
        let (Some(x), None) = (chars.next(), chars.next()) else {
            continue;
        };
        if matches!(x, 'a' | 'A' | 'I') {
            continue;
        }
        let left = (k > 0 && gap(text, ws[k - 1], ws[k]) == Some(' '))
            .then(|| &text[ws[k - 1].0..ws[k - 1].1]);
        let right = (k + 1 < ws.len() && gap(text, ws[k], ws[k + 1]) == Some(' '))
            .then(|| &text[ws[k + 1].0..ws[k + 1].1]);
        let fits = |other: &str| {
            x.is_ascii_lowercase() && other.chars().all(|c| c.is_ascii_lowercase())
                || x.is_ascii_uppercase()
                    && other
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_lowercase())
                    && (other.chars().all(|c| c.is_ascii_uppercase())
                        || other.chars().all(|c| c.is_ascii_lowercase()))
        };
        let capitalised = |w: &str| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_ascii_uppercase()) && cs.all(|c| c.is_ascii_lowercase())
        };
        match (left, right) {
            (_, Some(r)) if fits(r) && onset(x, r) && (x.is_ascii_lowercase() || r.len() >= 2) => {
                glue[k] = true
            }
            // A lowercase letter also ends a capitalised word (`Pytho n`, `Logi t`).
            (Some(l), _)
                if (fits(l) || x.is_ascii_lowercase() && capitalised(l)) && l.len() >= 2 =>
            {
                glue[k - 1] = true
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut joined = 0;
    for k in 0..ws.len() {
        if glue[k] {
            out.push_str(&text[at..ws[k].1]);
            at = ws[k + 1].0;
            joined += 1;
        }
    }
    out.push_str(&text[at..]);
    (out, joined)
}

/// Latin words an OCR engine split into pieces of two letters or more (`Py thon`,
/// `knowle dge spillo ver`), joined where the pieces are not both words
/// (`lexicon::one_word_split`), left to right so that a joined word is weighed whole
/// against the piece after it. Returns the text and the spaces removed.
pub fn join_split_words(text: &str) -> (String, usize) {
    let ws = words(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut joined = 0;
    // The word being built: its text so far (pieces joined).
    let mut current = String::new();
    for k in 0..ws.len() {
        let w = &text[ws[k].0..ws[k].1];
        let glued = k > 0
            && gap(text, ws[k - 1], ws[k]) == Some(' ')
            && super::lexicon::one_word_split(&current, w);
        if glued {
            out.push_str(&text[at..ws[k - 1].1]);
            at = ws[k].0;
            joined += 1;
            current.push_str(w);
        } else {
            current = w.to_string();
        }
    }
    out.push_str(&text[at..]);
    (out, joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_word_is_rejoined_when_printed_whole_elsewhere() {
        let v = Vocabulary::from_texts([
            "软实力（soft p ower）是视角",
            "power 与 learni ng，learning analytics",
            "go in to the room, in the end, to be",
        ]);
        assert_eq!(
            v.rejoin("软实力（soft p ower）是视角").0,
            "软实力（soft power）是视角"
        );
        assert_eq!(v.rejoin("learni ng").0, "learning");
        // Both pieces are words of their own: left alone.
        assert_eq!(v.rejoin("go in to the room").0, "go in to the room");
        let v2 = Vocabulary::from_texts(["采用SPSS软件", "采用S-PSS软件", "e-learning"]);
        assert_eq!(
            v2.rejoin("采用S-PSS软件"),
            ("采用SPSS软件".to_string(), 0, 1)
        );
        assert_eq!(v2.rejoin("e-learning").0, "e-learning");
        // Never printed whole: left alone.
        assert_eq!(v.rejoin("big d ata").0, "big d ata");
    }

    #[test]
    fn one_letter_fragments_join_their_word() {
        for (split, whole) in [
            ("软实力（soft p ower）是", "软实力（soft power）是"),
            ("（digita l divide）", "（digital divide）"),
            ("（human c apital）", "（human capital）"),
            ("（learning analytic s）", "（learning analytics）"),
            ("采用S tata软件", "采用Stata软件"),
            ("采用GD P软件", "采用GDP软件"),
            ("采用Pytho n软件", "采用Python软件"),
        ] {
            assert_eq!(join_fragments(split).0, whole, "{split}");
        }
        for kept in ["a b", "I am", "model A test", "x y"] {
            assert_eq!(join_fragments(kept).0, kept, "{kept}");
        }
    }

    #[test]
    fn pieces_of_a_word_join_weighed_whole() {
        for (split, whole) in [
            ("采用Py thon软件", "采用Python软件"),
            ("（knowle dge spillo ver）", "（knowledge spillover）"),
            ("（human capit al）", "（human capital）"),
            ("采用SP SS软件", "采用SPSS软件"),
        ] {
            assert_eq!(join_split_words(split).0, whole, "{split}");
        }
        for kept in ["big data", "Smith et al", "open science", "Zhang Wei"] {
            assert_eq!(join_fragments(kept).0, kept, "{kept}");
        }
    }
}

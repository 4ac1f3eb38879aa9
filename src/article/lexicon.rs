//! English words, to tell an OCR engine's fragments of one Latin word (`Py thon`,
//! `capit al`, `SP SS`) from two words printed side by side (`big data`).
//!
//! The list is SCOWL's size-35 list (`data/english-words.txt`, made by
//! `scripts/english_words.py`): common words only, so that short abbreviations (`al`,
//! `ta`, `ss`) are not taken for words. A plural of a listed word counts as a word.

use std::collections::HashSet;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/english-words.txt");

/// Latin abbreviations printed as two words that no fragment rule may glue (`et al`).
const ABBREVIATIONS: [&str; 8] = ["et", "al", "vs", "etc", "cf", "ie", "eg", "pp"];

fn words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Whether `w` (ASCII letters, any case) is an English word of the list or the plural of
/// one (`analytics`).
pub fn is_word(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let set = words();
    set.contains(lower.as_str())
        || lower
            .strip_suffix('s')
            .is_some_and(|stem| stem.len() >= 2 && set.contains(stem))
}

/// Whether two Latin pieces printed with a space between them are one word an OCR engine
/// split: the joined word is a word and one piece is not (`capit al`, `an alytics`), or
/// neither piece is a word (`Py thon`, `Sta ta`). The second piece continues the first:
/// lowercase, or both upper case (`SP SS`); a capital after a space starts a new word
/// (`Zhang Wei`). One-letter pieces are `join_fragments`' business.
pub fn one_word_split(a: &str, b: &str) -> bool {
    let alpha = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic());
    let upper = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
    let lower = |s: &str| s.chars().all(|c| c.is_ascii_lowercase());
    if !alpha(a) || !alpha(b) || a.len() < 2 || b.len() < 2 {
        return false;
    }
    if !(lower(b) || upper(a) && upper(b)) {
        return false;
    }
    let abbreviation = |s: &str| ABBREVIATIONS.contains(&s.to_ascii_lowercase().as_str());
    if abbreviation(a) {
        return false;
    }
    let (wa, wb) = (is_word(a), is_word(b));
    let whole = || is_word(&format!("{a}{b}"));
    // `Wang et`, `Li al`: an abbreviation after a name joins only into a word (`capit al`).
    if abbreviation(b) {
        return !wa && whole();
    }
    (!wa && !wb) || ((!wa || !wb) && whole())
}

/// Whether a Latin word was split at a line end without a hyphen (`divid` + `e`,
/// `Py` + `thon`, `p` + `ower`): the line after goes on in lower case, and either the
/// pieces are not both words (`one_word_split`), or a one-letter piece completes a word
/// or stands beside a piece that is none (`L` + `ogit`); or a short acronym goes on in
/// capitals (`SP` + `SS`). `a` and `I` are words of their own unless they complete one
/// (`a` + `nalytics`).
pub fn split_at_line_end(a: &str, b: &str) -> bool {
    let alpha = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic());
    if !alpha(a) || !alpha(b) {
        return false;
    }
    let upper = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
    if upper(a) && upper(b) {
        // A short acronym broken in two (`SP` + `SS`, `GD` + `P`); two acronyms side by
        // side are longer (`OLS` `IV`) or words (`US` `UK`).
        return a.len() + b.len() <= 4 && !is_word(a) && !is_word(b);
    }
    if !b.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    if a.len() >= 2 && b.len() >= 2 {
        return one_word_split(a, b);
    }
    let whole = is_word(&format!("{a}{b}"));
    let (letter, other) = if a.len() == 1 { (a, b) } else { (b, a) };
    if matches!(letter, "a" | "A" | "I") {
        return whole && !is_word(other);
    }
    whole || !is_word(other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_plurals() {
        assert!(is_word("python") && is_word("Capital") && is_word("analytics"));
        assert!(!is_word("thon") && !is_word("capit") && !is_word("al") && !is_word("x"));
    }

    #[test]
    fn fragments_of_one_word_are_told_from_two_words() {
        for (a, b) in [
            ("Py", "thon"),
            ("capit", "al"),
            ("an", "alytics"),
            ("SP", "SS"),
            ("Lo", "git"),
            ("knowle", "dge"),
        ] {
            assert!(one_word_split(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("big", "data"),
            ("open", "science"),
            ("Zhang", "Wei"),
            ("et", "al"),
            ("Wang", "et"),
            ("human", "capital"),
            ("Stata", "SE"),
            ("in", "to"),
        ] {
            assert!(!one_word_split(a, b), "{a} {b}");
        }
    }

    #[test]
    fn words_split_at_line_ends() {
        for (a, b) in [
            ("divid", "e"),
            ("p", "ower"),
            ("L", "ogit"),
            ("Py", "thon"),
            ("mode", "l"),
            ("a", "nalytics"),
            ("SP", "SS"),
            ("GD", "P"),
        ] {
            assert!(split_at_line_end(a, b), "{a}|{b}");
        }
        for (a, b) in [
            ("big", "data"),
            ("a", "model"),
            ("OLS", "IV"),
            ("US", "UK"),
            ("Zhang", "Wei"),
            ("is", "a"),
            ("Smith", "and"),
        ] {
            assert!(!split_at_line_end(a, b), "{a}|{b}");
        }
    }
}

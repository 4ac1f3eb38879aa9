//! Pages: a whole-article input split into its printed pages, and the exporter's own
//! additions (page markers, headers) taken out on the way.
//!
//! Exporters mark page ends in several ways, and a file may use none: a form feed
//! (pdftotext), a marker line (`<!-- source_page: 3 -->`, `<!-- page 3/12 -->`,
//! `=== Page 3 ===`), or only the CNKI watermark printed at each page's foot (handled by
//! the furniture step, which closes a page after a watermark line when nothing else does).

use super::Line;
use crate::model::{Removal, RemovalKind};
use regex::Regex;
use std::sync::OnceLock;

/// A page-marker line: `<!-- source_page: 3 -->`, `<!-- page 3/12 -->`, `--- page 3 ---`,
/// `=== Page 3 ===`, `[page 3]`.
fn marker_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*(?:<!--\s*(?:source[_ ])?page\b[^>]*-->|[-=#\[]{1,4}\s*page\s*\d+(?:\s*/\s*\d+)?\s*[-=#\]]{0,4})\s*$",
        )
        .expect("valid page-marker rule")
    })
}

/// A heading an exporter writes before the text (`# Extracted Paper`), or a one-line
/// comment (`<!-- … -->`) that is not a page marker.
fn export_header_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:#\s*extracted\s+(?:paper|text)|<!--.*-->)\s*$")
            .expect("valid export-header rule")
    })
}

/// The input's lines grouped by page; markers and exporter headers removed. A page with
/// no lines left (two markers in a row) is kept: page numbering stays the exporter's.
pub struct Split {
    pub pages: Vec<Vec<Line>>,
    /// What ended each page (`marker`, `form_feed`, `end`).
    pub boundaries: Vec<&'static str>,
    pub removed: Vec<Removal>,
}

/// Splits `text` into pages at form feeds and page-marker lines; removes them, and the
/// exporter's header (a `# Extracted Paper` line, a comment block at the very start).
///
/// ```
/// use ocrclean::article::pages::split;
/// let s = split("# Extracted Paper\n<!-- source_page: 1 -->\n甲\n<!-- source_page: 2 -->\n乙\n");
/// let texts: Vec<Vec<&str>> = s.pages.iter().map(|p| p.iter().map(|l| l.text.as_str()).collect()).collect();
/// assert_eq!(texts, [vec!["甲"], vec!["乙", ""]]);
/// assert_eq!(s.removed.len(), 3);
/// ```
pub fn split(text: &str) -> Split {
    let mut split = Split {
        pages: vec![Vec::new()],
        boundaries: Vec::new(),
        removed: Vec::new(),
    };
    let mut in_comment = false;
    let mut seen_text = false;
    let mut comment = String::new();
    for (index, raw) in text.split('\n').enumerate() {
        let mut parts = raw.split('\x0c').peekable();
        while let Some(part) = parts.next() {
            let line = part.trim_end_matches('\r');
            let trimmed = line.trim();
            // A comment block opening the file (`<!--` … `-->` over several lines) is the
            // exporter's note on the source, not the article.
            if in_comment || (!seen_text && trimmed.starts_with("<!--") && !trimmed.contains("-->"))
            {
                in_comment = !trimmed.contains("-->");
                comment.push_str(trimmed);
                comment.push('\n');
                if !in_comment {
                    split
                        .removed
                        .push(Removal::new(RemovalKind::ExportHeader, comment.trim_end()));
                    comment.clear();
                }
            } else if marker_rule().is_match(trimmed) {
                split
                    .removed
                    .push(Removal::new(RemovalKind::PageMarker, trimmed));
                // A marker before any text opens the first page rather than closing one.
                if seen_text {
                    split.pages.push(Vec::new());
                    split.boundaries.push("marker");
                }
            } else if !seen_text && export_header_rule().is_match(trimmed) {
                split
                    .removed
                    .push(Removal::new(RemovalKind::ExportHeader, trimmed));
            } else {
                if !trimmed.is_empty() {
                    seen_text = true;
                }
                if let Some(page) = split.pages.last_mut() {
                    page.push(Line::new(line, index));
                }
            }
            if parts.peek().is_some() {
                split.pages.push(Vec::new());
                split.boundaries.push("form_feed");
            }
        }
    }
    if !comment.is_empty() {
        // An unclosed comment: not a header after all; nothing is dropped.
        split.removed.push(Removal::new(
            RemovalKind::ExportHeader,
            comment.trim_end().to_string(),
        ));
    }
    // Trailing empty pages (a form feed at the end of the file) are not pages.
    while split.pages.len() > 1
        && split
            .pages
            .last()
            .is_some_and(|p| p.iter().all(|l| l.text.trim().is_empty()))
    {
        split.pages.pop();
        split.boundaries.pop();
    }
    split.boundaries.push("end");
    split
}

/// A file without page markers: the CNKI watermark printed at each page's foot closes
/// the page (a line that is the watermark, with at most a page number beside it).
pub fn split_at_watermarks(split: &mut Split) {
    if split.pages.len() != 1 {
        return;
    }
    let lines = std::mem::take(&mut split.pages[0]);
    let mut pages = vec![Vec::new()];
    let mut boundaries = Vec::new();
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let closes = {
            let covered: usize = super::watermark::spans(&line.text)
                .iter()
                .map(|r| {
                    line.text[r.clone()]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .count()
                })
                .sum();
            let all = line.text.chars().filter(|c| !c.is_whitespace()).count();
            covered > 0 && covered + 6 >= all
        };
        if let Some(page) = pages.last_mut() {
            page.push(line);
        }
        if closes && i + 1 < count {
            pages.push(Vec::new());
            boundaries.push("watermark");
        }
    }
    boundaries.push("end");
    split.pages = pages;
    split.boundaries = boundaries;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_feeds_and_markers_split_pages() {
        let s = split("甲\n乙\x0c丙\n<!-- page 2/3 -->\n丁\n\x0c");
        let texts: Vec<Vec<&str>> = s
            .pages
            .iter()
            .map(|p| p.iter().map(|l| l.text.as_str()).collect())
            .collect();
        assert_eq!(texts, vec![vec!["甲", "乙"], vec!["丙"], vec!["丁", ""]]);
        assert_eq!(s.boundaries, ["form_feed", "marker", "end"]);
    }

    #[test]
    fn a_leading_comment_block_is_the_exporters_header() {
        let s = split("<!--\nsource: a.pdf\nmethod: pymupdf\n-->\n\n<!-- page 1/2 -->\n甲\n");
        assert_eq!(s.pages.len(), 1);
        assert_eq!(s.removed[0].kind, RemovalKind::ExportHeader);
        assert!(s.removed[0].text.contains("method: pymupdf"));
        assert_eq!(s.removed[1].kind, RemovalKind::PageMarker);
    }

    #[test]
    fn body_comments_and_hashes_stay() {
        let s = split("正文\n# 1 引言\n<!-- x");
        assert_eq!(s.pages[0].len(), 3);
    }
}

//! The input-kind stage: what kind of text this is, decided from the text itself.
//!
//! Users hold CNKI material in several forms, and the stages after this one need to know
//! which they have, because the same character means different things in each: a space
//! between two Chinese characters is a printed line end in a scrape, an OCR engine's word
//! gap in Tesseract output, and a typesetting artefact in a text layer; a newline is a
//! printed line end in a text layer and a paragraph end in a flowed export.
//!
//! The evidence is measured, not looked up:
//! - **word gaps**: spaces between two CJK characters per CJK character. An OCR engine
//!   separates words (one gap every two or three characters); a scrape has one at each
//!   printed line end (one every 20 to 50); text layers almost none.
//! - **concentration**: the share of the text on its longest line. A scrape collapses the
//!   page's body onto one line; exports keep many lines.
//! - **line lengths**: a text layer with line structure has printed lines (a few dozen
//!   characters at most); a flowed export has a paragraph per line.
//!
//! ```
//! use ocrclean::layout::recognise;
//! use ocrclean::model::LayoutKind;
//! assert_eq!(recognise("工 程 数学 学 报 第 20 卷\n利用 软件 进行 拟 合 ， 得 到 结果 。\n").kind, LayoutKind::OcrEngine);
//! ```

use crate::model::{Layout, LayoutKind};
use ocrclean_text::is_cjk;

/// Word gaps per CJK character above which the text is an OCR engine's (Tesseract puts
/// one every 2-4 characters; a scrape's line ends come every 20-50).
const OCR_GAP_RATE: f64 = 0.12;
/// A file of this few lines is more likely a scrape whose tables and letter-spaced lines
/// raise its gap rate (up to 0.21 on generated pages; Tesseract's is 0.35-0.7) than OCR output stored on a few
/// lines; it needs the higher rate below to count as OCR output.
const OCR_FEW_LINES: usize = 12;
const OCR_GAP_RATE_FEW_LINES: f64 = 0.3;
/// Fewer lines than this cannot show a line structure: today's one-page path takes them.
const MIN_LINES: usize = 8;
/// Fewest word gaps that can make the OCR-engine case (a short page proves little).
const OCR_MIN_GAPS: usize = 12;
/// Share of the text on gapped paragraph-long lines that makes a collapsed scrape.
const SCRAPE_CONCENTRATION: f64 = 0.5;
/// Word gaps per character on a scrape's body line, at the least: a space at each printed
/// line end (50 characters at most), with room for Latin-heavy lines. A flowed paragraph
/// line has none.
const SCRAPE_LINE_END_RATE: f64 = 0.008;
/// A line this long (non-space characters) is a paragraph, not a printed line: printed
/// lines of Chinese journals hold at most about 50 characters, with Latin a few more.
const PARAGRAPH_LINE: usize = 90;
/// Lines of running text (this many CJK characters at least) measured for the flow test
/// below.
const RUNNING_CJK: usize = 8;
/// Share of the running-text lines that end a sentence past the measure that lines
/// stopping mid-sentence reach, from which the text is flowed. A printed line ending a
/// sentence is never wider than a full line (at most a one-line note or abstract set
/// unwrapped by an exporter: under 0.12 of the lines on generated and real text layers,
/// under 0.03 on real ones); in a flowed export every paragraph is such a line (0.17 and
/// more on generated flowed articles, whose paragraphs are short).
const FLOW_PAST_MEASURE: f64 = 0.15;

/// What the text's lines say about its kind.
#[derive(Debug, Default, Clone, PartialEq)]
struct Evidence {
    lines: usize,
    chars: usize,
    cjk: usize,
    gaps: usize,
    longest: usize,
    /// Characters on paragraph-long lines that have a word gap at least every so often,
    /// as a scrape's collapsed body has at its printed line ends.
    gapped_chars: usize,
    /// Lines with CJK text that are longer than a printed line can be.
    paragraph_lines: usize,
    /// Characters on such lines.
    paragraph_chars: usize,
    /// Lines of running text: their width in half units and whether they end a sentence.
    running: Vec<(u32, bool)>,
}

fn measure(text: &str) -> Evidence {
    let mut e = Evidence::default();
    for line in text.lines() {
        let mut chars = 0;
        let mut cjk = 0;
        let mut last_cjk = false;
        let mut gap_open = false;
        let mut gaps = 0;
        let mut width = 0;
        for c in line.chars() {
            if c.is_whitespace() {
                gap_open = last_cjk;
                continue;
            }
            // (One class test per character: this loop reads every input byte.)
            let cjk_char = is_cjk(c);
            if gap_open && cjk_char {
                gaps += 1;
            }
            gap_open = false;
            chars += 1;
            width += ocrclean_text::width::half_width(c);
            cjk += usize::from(cjk_char);
            last_cjk = cjk_char;
        }
        if chars == 0 {
            continue;
        }
        e.lines += 1;
        e.chars += chars;
        e.cjk += cjk;
        e.gaps += gaps;
        e.longest = e.longest.max(chars);
        if chars >= PARAGRAPH_LINE && gaps as f64 >= SCRAPE_LINE_END_RATE * chars as f64 {
            e.gapped_chars += chars;
        }
        if cjk >= RUNNING_CJK {
            let ends = ocrclean_text::markers::ends_sentence(line.trim_end());
            e.running.push((width, ends));
        }
        if cjk > 0 && chars >= PARAGRAPH_LINE {
            e.paragraph_lines += 1;
            e.paragraph_chars += chars;
        }
    }
    e
}

/// The share of running-text lines that end a sentence wider than the measure: the 80th
/// percentile width of the running-text lines that stop mid-sentence (full printed lines
/// in a text layer), with two characters of slack. 0 without such lines.
fn past_measure(running: &[(u32, bool)]) -> f64 {
    let mut open: Vec<u32> = running
        .iter()
        .filter(|&&(_, ends)| !ends)
        .map(|&(w, _)| w)
        .collect();
    if open.is_empty() {
        return 0.0;
    }
    open.sort_unstable();
    let measure = open[(open.len() * 4 / 5).min(open.len() - 1)];
    let past = running
        .iter()
        .filter(|&&(w, ends)| ends && w > measure + 4)
        .count();
    past as f64 / running.len() as f64
}

/// Recognises the layout of decoded text: the kind and the measurements that decided it.
pub fn recognise(text: &str) -> Layout {
    let e = measure(text);
    let rate = e.gaps as f64 / e.cjk.max(1) as f64;
    let concentration = e.longest as f64 / e.chars.max(1) as f64;
    let gapped = e.gapped_chars as f64 / e.chars.max(1) as f64;
    let past = past_measure(&e.running);
    let facts = format!(
        "{} lines, {} CJK characters, {:.3} word gaps per CJK character, {:.2} of the text on the longest line, {:.2} on lines with printed line ends, {} lines longer than a printed line",
        e.lines, e.cjk, rate, concentration, gapped, e.paragraph_lines
    );
    let ocr_rate = if e.lines > OCR_FEW_LINES {
        OCR_GAP_RATE
    } else {
        OCR_GAP_RATE_FEW_LINES
    };
    let kind = if e.gaps >= OCR_MIN_GAPS && rate >= ocr_rate {
        LayoutKind::OcrEngine
    } else if e.lines < MIN_LINES || gapped >= SCRAPE_CONCENTRATION {
        LayoutKind::Scrape
    } else if e.paragraph_chars * 2 >= e.chars || past >= FLOW_PAST_MEASURE {
        LayoutKind::TextFlow
    } else {
        LayoutKind::TextLines
    };
    let why = match kind {
        LayoutKind::OcrEngine => "words separated by spaces: OCR-engine output",
        LayoutKind::Scrape => "the body collapsed onto one line: a scraped page",
        LayoutKind::TextFlow => "most text on paragraph-long lines: a flowed text layer",
        _ => "short lines: a text layer, one printed line per line",
    };
    if kind == LayoutKind::TextFlow && e.paragraph_chars * 2 < e.chars {
        return Layout::new(
            kind,
            format!("sentences end past the measure of printed lines: a flowed text layer ({facts}, {past:.2} of running lines ending a sentence past the measure)"),
        );
    }
    Layout::new(kind, format!("{why} ({facts})"))
}

/// The layout forced by the user, with the measurements beside it for the record.
pub fn forced(text: &str, kind: LayoutKind) -> Layout {
    let found = recognise(text);
    Layout::new(
        kind,
        format!("forced by --layout; recognised as {}", found.kind.name()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collapsed_page_is_a_scrape() {
        let body = "第一行的文字写到这里 第二行的文字写到这里 第三行写完。".repeat(20);
        let page = format!("页面载入中\n{body}\n首页 上一页\n");
        assert_eq!(recognise(&page).kind, LayoutKind::Scrape);
    }

    #[test]
    fn printed_lines_are_a_text_layer() {
        let page = "研究表明，城市交通的治理需要\n统筹规划与分步实施，本文从\n三个方面展开讨论。\n"
            .repeat(10);
        let layout = recognise(&page);
        assert_eq!(layout.kind, LayoutKind::TextLines);
        assert!(layout.evidence.contains("30 lines"), "{}", layout.evidence);
    }

    #[test]
    fn paragraph_lines_are_a_flowed_layer() {
        let para = "研究表明，城市交通的治理需要统筹规划与分步实施。".repeat(5);
        let page = format!("标题\n作者\n{para}\n{para}\n{para}\n").repeat(2);
        assert_eq!(recognise(&page).kind, LayoutKind::TextFlow);
    }

    #[test]
    fn short_paragraphs_past_the_measure_are_flowed() {
        // Paragraphs shorter than a paragraph-long line, each ending a sentence wider than
        // the lines that stop mid-sentence (headings, a cut paragraph): flowed.
        let para = "研究表明，城市交通的治理需要统筹规划与分步实施，本文从三个方面展开讨论。";
        let page = format!("一、研究问题的提出与背景\n{para}\n{para}\n").repeat(4);
        let layout = recognise(&page);
        assert_eq!(layout.kind, LayoutKind::TextFlow, "{}", layout.evidence);
        // The same sentences printed in lines of a measure: a text layer.
        let page = "一、研究问题的提出与背景\n研究表明，城市交通的治理需要统筹规划\n与分步实施，本文从三个方面展开讨论。\n"
            .repeat(6);
        assert_eq!(recognise(&page).kind, LayoutKind::TextLines);
    }

    #[test]
    fn word_gaps_are_an_ocr_engine() {
        let page = "研究 表明 ， 数字 政府 的 建设 需要 统筹 规划 。\n".repeat(5);
        assert_eq!(recognise(&page).kind, LayoutKind::OcrEngine);
        // Letter-spaced headings alone do not make a page OCR output.
        let page = format!(
            "城 市 规 划\n{}",
            "研究表明，城市交通的治理需要。\n".repeat(5)
        );
        assert_ne!(recognise(&page).kind, LayoutKind::OcrEngine);
    }
}

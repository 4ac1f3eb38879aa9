//! Whole multi-page articles with exact truth: the yardstick for the whole-article input
//! kinds (`model::LayoutKind::{TextLines, TextFlow, OcrEngine}`), written apart from the
//! pipeline so as not to share its assumptions.
//!
//! An article ([`generate`]) is a pure function of its seed: the content and its printing
//! are the same for the three renderings, which differ only in how the pages were turned
//! into text (and, for the OCR engine, in what it misread).
//!
//! # The model (`content.rs`)
//! Title; 1–4 authors with affiliation superscripts (`张三1*`) when there are several
//! affiliations (sometimes with one); affiliations `（1. 某大学 某学院, 某省 某市 100000；2. …）`;
//! 摘要 with label variants (`摘要：`, `摘 要:`, `[摘要]`, `摘　要：`); 关键词 with `；` `;`
//! `，` or spaces; 中图分类号 / 文献标识码 or 文献标志码 / 文章编号 on one line or three;
//! DOI (`DOI:`, `DOI： `…) above the title or after the codes, or none; first-page notes
//! (收稿日期 in two date forms, 基金项目 or a `*本文系…阶段性成果。` note, 作者简介 — the last
//! sometimes at the end instead); English title, authors, abstract and key words (on the
//! first page or at the end, or none); a body of 3–6 sections (headings `1 引言`, `一、`,
//! `（一）`, `1.1 …`, `0    引言`), paragraphs of made-up academic sentences with Latin
//! words and phrases, counts, percentages, years, citations `[3]` `[4-5]`, footnote marks
//! (`①`, `➀` U+2780 or superscript digits, one style per article) with their footnotes; 0–3
//! tables (`表1`, `表 1`, `表2-1`; 2–6 columns, 2–8 rows, text or numeric; a cell per line or
//! a row per line with space runs; notes `注：…`, `资料来源：…` or none); figure captions
//! `图1 …`; 参考文献 (three entry shapes, Chinese and English).
//!
//! # Printing (`typeset.rs`, `furniture.rs`)
//! One column (26–46 CJK units) or two (18–26 units each; the export reads column by
//! column); pages of 22–44 lines per column; paragraph indents of two units or none;
//! greedy line breaks that may split Latin words (hyphen added, plain, or the word moved
//! down, weights per article), split numbers, and push or pull closing punctuation; page
//! breaks anywhere, mid-paragraph and mid-sentence; footnotes at the bottom of the page of
//! their mark; a table cut by a page break continues under `续表N` (header repeated or not).
//! Furniture: running heads (`刊名 2019年第3期`, `第 43 卷 第 3 期`, `张三，等：题名…`,
//! alternating on odd and even pages or not; top or bottom), page numbers (`43`, `·43·`,
//! `— 43 —`, `-43-`, `第43页`, `- 43 -`; glued to the head or alone; none on page 1
//! sometimes), the CNKI watermark (`©` or `?`, 15% of articles without), a journal header
//! block on page 1 (name, `Vol. 11 No. 4`, English name, ISSN).
//!
//! # Renderings (`render.rs`)
//! - **text_lines**: a printed line per newline; page separators `\f`, `<!-- page N/M -->`,
//!   `<!-- source_page: N -->` or none; an exporter header sometimes; spaces beside Latin
//!   and digits and between digit groups at per-article rates; indents kept as spaces,
//!   U+3000 or dropped; blank lines sometimes.
//! - **text_flow**: a paragraph per line; when a page break falls inside a paragraph, the
//!   page's footnotes, foot, watermark and the next page's head land inside its line, glued
//!   or spaced.
//! - **ocr_engine**: ideographs cut into words of 1–3 by spaces, Latin words sometimes
//!   split, the watermark corrupted differently on every page (prefix, suffix or middle
//!   lost, letters dropped, `©`→`?`/`@`/`O`, the page number glued to its front), heads and
//!   header lines misread per page, noise lines, `(下转N页)` notes, blank lines,
//!   `<!-- source_page: N -->` markers; body ideographs misread as look-alikes at a low rate.
//!
//! # Truth (`truth.rs`)
//! [`ArticleTruth`], per rendering: text in [`normal_form`] (no spaces but one between
//! Latin words: `2 534 份` in a rendering is `2534份` in the truth); for `ocr_engine` the
//! paragraphs and footnotes are the misread text (what was printed is not what the engine
//! saw). Headings and figure captions are paragraphs; front matter, references, the
//! English block and the first-page notes are not (they are `metadata` and `references`;
//! a `*` fund note is also a footnote). `furniture` lists every furniture string exactly as
//! placed, with its kind and page.
//!
//! ```
//! use ocrclean_synth::article::{generate, Rendering};
//! let a = generate(7, Rendering::TextLines);
//! assert!(a.truth.pages.count >= 1);
//! assert!(a.text.contains(a.truth.paragraphs[0].chars().next().unwrap()));
//! ```

mod content;
mod furniture;
mod render;
mod truth;
mod typeset;
mod vocab;

#[cfg(test)]
mod tests;

pub use furniture::Furn;
pub use truth::{normal_form, ArticleTruth, TruthFootnote, TruthMetadata, TruthPages, TruthTable};

use crate::rng::Rng;
use serde::Serialize;

/// The three renderings, named as `model::LayoutKind::name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendering {
    TextLines,
    TextFlow,
    OcrEngine,
}

impl Rendering {
    pub const ALL: [Rendering; 3] = [
        Rendering::TextLines,
        Rendering::TextFlow,
        Rendering::OcrEngine,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rendering::TextLines => "text_lines",
            Rendering::TextFlow => "text_flow",
            Rendering::OcrEngine => "ocr_engine",
        }
    }

    pub fn from_name(name: &str) -> Option<Rendering> {
        Rendering::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One furniture string as placed in a rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    pub kind: Furn,
    pub text: String,
    /// Index of the page (0-based).
    pub page: usize,
}

impl Placed {
    pub(crate) fn new(kind: Furn, text: &str, page: usize) -> Placed {
        Placed {
            kind,
            text: text.to_string(),
            page,
        }
    }
}

/// A rendering of an article: the input file's text and its truth.
#[derive(Debug, Clone)]
pub struct GeneratedArticle {
    pub seed: u64,
    pub rendering: Rendering,
    pub text: String,
    pub truth: ArticleTruth,
}

/// The article of `seed` in `rendering`.
pub fn generate(seed: u64, rendering: Rendering) -> GeneratedArticle {
    let mut rng = Rng::new(seed ^ 0xA271_C1E5_0000_0000);
    let mut article = content::article(&mut rng);
    let style = furniture::Style::draw(&mut rng);
    let geometry_seed = rng.next_u64();
    let render_seed = rng.next_u64() ^ rendering as u64;
    let mut r = Rng::new(render_seed);
    if rendering == Rendering::OcrEngine {
        let rate = r.unit() * 0.01;
        content::misread(&mut article, &mut r, rate);
    }
    let printed = typeset::typeset(&article, &style, &mut Rng::new(geometry_seed));
    let (text, placed) = match rendering {
        Rendering::TextLines => render::text_lines(&printed, seed, &mut r),
        Rendering::TextFlow => render::text_flow(&printed, &mut r),
        Rendering::OcrEngine => render::ocr_engine(&printed, &mut r),
    };
    let truth = truth::build(&article, &printed, rendering.name(), placed);
    GeneratedArticle {
        seed,
        rendering,
        text,
        truth,
    }
}

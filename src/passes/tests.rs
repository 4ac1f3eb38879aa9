//! Tests of the passes stage: renderings found, classified and reconciled.

use super::word_gaps::{looks_like_heading, may_be_word_space};
use super::*;
use crate::handoff::Item;

fn run(page: &str) -> (Reconciled, Reading) {
    let stripped = furniture::strip(page);
    let found = reconcile(&stripped);
    let reading = found.reading.clone();
    (found, reading)
}

fn line_texts(reading: &Reading) -> Vec<String> {
    reading
        .items
        .iter()
        .map(|item| match item {
            Item::Line(l) => l.text.clone(),
            Item::Table { caption, .. } => format!("[table {}]", caption.text),
        })
        .collect()
}

const OCR: &str = "页眉标题甲乙 江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。0 上下左右前后 内外远近高低长短宽窄, \
    大小多少轻重缓急深浅。 -12- ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net";
const TEXT: &str = "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。① 上 下 左 右前后 内外远近高低长短宽窄, \
    大小多少轻重缓急深浅。 — 12 — 页眉标题甲乙";

#[test]
fn two_renderings_are_found_classified_and_merged() {
    let page = format!("{OCR}{TEXT}");
    let (doc, reading) = run(&page);
    let kinds: Vec<_> = doc.passes.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PassKind::Ocr, PassKind::Text]);
    assert_eq!(doc.title.as_deref(), Some("页眉标题甲乙"));
    assert_eq!(
        line_texts(&reading),
        [
            "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰",
            "东西南北中发白。①",
            // Two short pieces between ideographs are one printed line: a line of a
            // paragraph that goes on is full (see `may_be_word_space`).
            "上下左右前后内外远近高低长短宽窄,",
            "大小多少轻重缓急深浅。"
        ]
    );
    let d: Vec<_> = doc
        .disagreements
        .iter()
        .map(|d| (d.ocr.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(d, [("0", "①")]);
    let at = doc.disagreements[0].offset;
    assert_eq!(page.chars().nth(at), Some('①'));
    let numbers: Vec<_> = doc
        .page_numbers
        .iter()
        .map(|p| (p.number.as_str(), p.pass))
        .collect();
    assert_eq!(numbers, [("12", NumberPass::Ocr), ("12", NumberPass::Text)]);
}

#[test]
fn an_ocr_pass_without_any_mark_is_the_ocr_whatever_its_letter_spacing() {
    // Real typesetting letter-spaces lines in both renderings, and the OCR engine splits
    // words too (`上 下 左 右`); it reads no circled mark where the text layer prints two.
    let ocr = "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。@ 上 下 左 右 前 后 内 外远近高低长短宽窄, \
        大小多少轻重缓急深浅。@ 甲乙丙丁戊己庚辛壬癸子丑寅卯。";
    let text = "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。① 上 下左右前后 内外远近高低长短宽窄, \
        大小多少轻重缓急深浅。② 甲乙丙丁戊己庚辛壬癸子丑寅卯。";
    let (doc, _) = run(&format!("{ocr} {text}"));
    let kinds: Vec<_> = doc
        .passes
        .iter()
        .map(|p| (p.kind, p.evidence.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (PassKind::Ocr, "footnote markers"),
            (PassKind::Text, "footnote markers")
        ]
    );
}

#[test]
fn order_does_not_decide_which_pass_is_which() {
    let page = format!("{TEXT} {OCR}");
    let (doc, reading) = run(&page);
    let kinds: Vec<_> = doc.passes.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PassKind::Text, PassKind::Ocr]);
    assert_eq!(line_texts(&reading)[1], "东西南北中发白。①");
}

#[test]
fn a_title_only_the_text_layer_prints_is_still_furniture() {
    let ocr = OCR.replacen("页眉标题甲乙 ", "", 1);
    let page = format!("{ocr}{TEXT}");
    let (doc, reading) = run(&page);
    assert_eq!(doc.title.as_deref(), Some("页眉标题甲乙"));
    assert!(line_texts(&reading).iter().all(|l| !l.contains("页眉")));
}

#[test]
fn a_misread_title_in_the_ocr_pass_goes_too() {
    let ocr = OCR.replacen("页眉标题甲乙", "页眉标题甲己", 1);
    let (doc, reading) = run(&format!("{ocr}{TEXT}"));
    assert_eq!(doc.title.as_deref(), Some("页眉标题甲乙"));
    assert!(line_texts(&reading)
        .iter()
        .all(|l| !l.is_empty() && !l.contains("页眉")));
    assert_eq!(
        doc.removed
            .iter()
            .filter(|r| r.kind == RemovalKind::RunningTitle)
            .count(),
        2
    );
}

#[test]
fn a_single_rendering_goes_through() {
    let (doc, reading) = run(TEXT);
    assert_eq!(doc.passes.len(), 1);
    assert_eq!(doc.passes[0].kind, PassKind::Text);
    assert!(doc.disagreements.is_empty());
    assert_eq!(doc.title.as_deref(), Some("页眉标题甲乙"));
    let all: String = line_texts(&reading).concat();
    assert!(all.starts_with("江河湖海山川草木") && all.ends_with("深浅。"));
}

#[test]
fn latin_word_spaces_in_the_ocr_pass_are_not_line_ends() {
    let full = "江河湖海山川草木春夏秋冬风雨雷电日月星辰";
    let ocr = format!("{full} 采用Logistic regression模型。 {full} 东西南北中发白上下左右。 -3- ");
    let text =
        format!("{full} 采用Logistic regression模型。 {full} 东西南北中发白上下左右。 — 3 —");
    let page = format!("{ocr}©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net{text}");
    let (_, reading) = run(&page);
    assert_eq!(
        line_texts(&reading)[1],
        "采用Logistic regression模型。",
        "{:?}",
        line_texts(&reading)
    );
    assert_eq!(line_texts(&reading).len(), 4);
}

#[test]
fn a_short_head_opening_both_renderings_is_the_running_title() {
    let full = "江河湖海山川草木春夏秋冬风雨雷电日月星辰";
    let body = format!("{full} 东西南北中发白上下左右。 {full} 甲乙丙丁戊己庚辛。");
    let page = format!("基层治理的影响研究 {body} ·7· ©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net基层治理的影响研究 {body} ·7·");
    let (doc, reading) = run(&page);
    assert_eq!(doc.passes.len(), 2);
    assert_eq!(doc.title.as_deref(), Some("基层治理的影响研究"));
    assert!(line_texts(&reading).concat().starts_with(full));
}

#[test]
fn a_line_lost_marker_stays_on_its_line() {
    // The OCR dropped the marker at the end of a line: the text layer's marker belongs
    // to that line, not to the next.
    let ocr = "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。 上下左右前后,内外远近高低长短宽窄。 -3- ";
    let text = "江河湖海山川草木,春夏秋冬风雨雷电,日月星辰 东西南北中发白。② 上下左右前后,内外远近高低长短宽窄。 — 3 —";
    let page = format!("{ocr}©1994-2019 China Academic Journal Electronic Publishing House. All rights reserved. http://www.cnki.net{text}");
    let (doc, reading) = run(&page);
    assert_eq!(line_texts(&reading)[1], "东西南北中发白。②");
    assert_eq!(doc.disagreements[0].text, "②");
    assert_eq!(doc.disagreements[0].ocr, "");
}

#[test]
fn a_page_that_repeats_a_passage_is_one_rendering() {
    // One text layer in which the first sentence comes back: the repeated grams vote
    // for a split, but the halves disagree over whole sentences.
    let page = "江河湖海山川草木春夏秋冬风雨雷电日月星辰东西南北。 \
        甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。 \
        江河湖海山川草木春夏秋冬风雨雷电日月星辰东西南北。 \
        金木水火土赤橙黄绿青蓝紫天地玄黄宇宙洪荒日月盈昃。";
    let (found, reading) = run(page);
    assert_eq!(found.passes.len(), 1, "{:?}", found.passes);
    assert!(found.passes[0].evidence.contains("repeated passage"));
    assert!(found.disagreements.is_empty());
    let text: String = line_texts(&reading).concat();
    for part in ["甲乙丙丁", "金木水火", "江河湖海"] {
        assert!(text.contains(part), "{part} lost: {text}");
    }
    assert_eq!(text.matches("江河湖海").count(), 2);
}

#[test]
fn word_spaces_and_line_ends_between_printed_pieces() {
    // Beside a number, a Latin word or a bracket: maybe a word space.
    assert!(may_be_word_space("样本中约有", "82.7%的地区", true));
    assert!(may_be_word_space("展开讨论", "[7]，对协同", true));
    assert!(may_be_word_space("这种情况，Stata", "16指标的均值", true));
    // A space the text layer does not have is no line end of it.
    assert!(may_be_word_space(
        "本文采用空间杜宾（SDM）",
        "方法，基于",
        false
    ));
    // A line ending on a comma goes on; between ideographs the geometry decides.
    assert!(may_be_word_space("总体而言，", "在控制供给侧结构", true));
    assert!(may_be_word_space("中部地区的估", "计系数", true));
    // A sentence end, a footnote, a note or a caption starting, a heading: line ends.
    assert!(!may_be_word_space("个百分点。", "样本中约有", false));
    assert!(!may_be_word_space("统一", "①参见《农村》", false));
    assert!(!may_be_word_space("3异质性分析", "另一方面", true));
    assert!(!may_be_word_space("检验", "一、异质性分析", true));
    assert!(!may_be_word_space("regions; data", "一、现实困境", true));
    assert!(!may_be_word_space("", "另一方面", false));
}

#[test]
fn headings_by_their_numbering() {
    for h in [
        "3异质性分析",
        "3.1激励机制的作用机制",
        "一、研究设计",
        "（二）政策工具",
        "第二章",
    ] {
        assert!(looks_like_heading(h), "{h}");
    }
    for t in [
        "2016年的面板数据进行检验。",
        "另一方面",
        "一致",
        "3.1，激励",
    ] {
        assert!(!looks_like_heading(t), "{t}");
    }
}

//! One page: content, the two renderings, the file around them.

use crate::rng::Rng;
use crate::table::{self, TableKind, TableLayout};
use crate::width::{is_ideograph, Typesetting};
use crate::words::{self, Style};
use crate::{Features, GeneratedPage, PageSpec, Truth, TruthTable, Variety};

pub(crate) const MARKERS: [char; 10] = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'];
pub(crate) const WIDGETS: [&str; 3] = ["正在加载图片...", "图片加载中...", "正在加载中..."];
pub(crate) const PAGE_TURN: &str = "<<向上翻页向下翻页>>";

/// What a printed line (or table fragment) is; decides which artifacts may touch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Title,
    Para,
    Caption,
    Cell,
    Note,
    Footnote,
    PageNumber,
    Watermark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub text: String,
    pub kind: Kind,
}

fn tok(text: impl Into<String>, kind: Kind) -> Token {
    Token {
        text: text.into(),
        kind,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Paragraph {
    pub lines: Vec<String>,
    /// Whether the last line ends with an inline footnote marker.
    pub marker: bool,
    #[cfg_attr(not(test), allow(dead_code))]
    pub continued: bool,
    #[cfg_attr(not(test), allow(dead_code))]
    pub runs_on: bool,
    /// The sentences drawn for it (a running-on paragraph prints only part of them).
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    Para(Paragraph),
    Table(Box<TableLayout>),
}

/// Everything a page is made of, before it becomes bytes (unit tests look in here).
#[derive(Debug, Clone)]
pub(crate) struct Parts {
    #[cfg_attr(not(test), allow(dead_code))]
    pub width: u32,
    pub title: String,
    pub blocks: Vec<Block>,
    /// (mark, text, printed lines; the first line starts with `mark + ' '`).
    pub footnotes: Vec<(char, String, Vec<String>)>,
    pub text_page: String,
    pub ocr_page: Option<String>,
    pub ocr: Vec<Token>,
    pub text: Vec<Token>,
    pub features: Features,
}

/// How a page's paragraphs are set: the widths and the first-line indent (half units).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub ts: Typesetting,
    pub indent: u32,
}

impl Layout {
    /// The default model: the pipeline's widths, a 2-unit indent.
    const STANDARD: Layout = Layout {
        ts: Typesetting::STANDARD,
        indent: 4,
    };
}

/// Wraps a paragraph: first line indented unless it continues from the previous page.
fn wrap_paragraph(text: &str, continued: bool, w2: u32, layout: Layout) -> Vec<String> {
    let first = if continued { w2 } else { w2 - layout.indent };
    layout.ts.wrap(text, first, w2)
}

/// A sentence a paragraph prints a second time (varied model).
#[derive(Debug, Clone)]
enum Echo {
    None,
    /// Its own first sentence, right after it.
    Own,
    /// This text, after its first sentence.
    Text(String),
}

/// One paragraph: sentences until it has its target line count. A continued paragraph has
/// no indent; a running-on one is cut after a full line (no marker); a complete one ends
/// with its sentence end and the marker, if any. `table_ref` puts a `如表N所示` sentence in.
/// `opening` (varied model) is printed first, as an earlier paragraph's opening; `echo`
/// repeats a sentence after the first one drawn.
#[allow(clippy::too_many_arguments)]
fn paragraph(
    rng: &mut Rng,
    style: Style,
    w2: u32,
    layout: Layout,
    continued: bool,
    runs_on: bool,
    table_ref: Option<usize>,
    marker: Option<char>,
    opening: Option<&str>,
    mut echo: Echo,
) -> Paragraph {
    let target = if continued {
        rng.range(1, 5)
    } else if runs_on {
        rng.range(2, 6)
    } else {
        rng.range(2, 7)
    };
    let ref_at = rng.range(0, target.saturating_sub(1));
    let mut sentences: Vec<String> = Vec::new();
    let mut text = String::new();
    if let Some(o) = opening {
        sentences.push(o.to_string());
        text.push_str(o);
    }
    loop {
        if let Some(n) = table_ref {
            if sentences.len() == ref_at {
                let mut s = String::new();
                s.push_str(words::word(rng));
                s.push_str(words::word(rng));
                s.push_str(&format!("如表{n}所示"));
                if rng.chance(0.5) {
                    s.push(style.comma());
                    s.push_str(words::word(rng));
                    s.push_str(words::word(rng));
                }
                s.push('。');
                sentences.push(s.clone());
                text.push_str(&s);
            }
        }
        let s = words::sentence(rng, style);
        text.push_str(&s);
        sentences.push(s);
        let again = match std::mem::replace(&mut echo, Echo::None) {
            Echo::None => None,
            Echo::Own => sentences.last().cloned(),
            Echo::Text(t) => Some(t),
        };
        if let Some(again) = again {
            text.push_str(&again);
            sentences.push(again);
        }
        let lines = wrap_paragraph(&text, continued, w2, layout).len();
        let needed = if runs_on { target + 1 } else { target };
        if lines >= needed && (table_ref.is_none() || sentences.len() > ref_at + 1) {
            break;
        }
    }
    let mut lines = if runs_on {
        let mut l = wrap_paragraph(&text, continued, w2, layout);
        l.truncate(target);
        l
    } else {
        if let Some(m) = marker {
            text.push(m);
        }
        wrap_paragraph(&text, continued, w2, layout)
    };
    lines.retain(|l| !l.is_empty());
    Paragraph {
        lines,
        marker: marker.is_some() && !runs_on,
        continued,
        runs_on,
        sentences,
    }
}

/// Inserts a space between adjacent ideographs inside a random stretch (≥ 3 chars) of the
/// line, like the sample's `数据治理、数 据 赋 能,履 职 方 式 创 新、职能创新`: punctuation
/// and ASCII runs stay attached (`数字 政 府3.0模 式`). Returns None if nothing changed.
fn letter_space(rng: &mut Rng, line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() < 3 {
        return None;
    }
    let a = rng.range(0, chars.len() - 3);
    let b = rng.range(a + 3, chars.len());
    let mut out = String::new();
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        if i > a && i < b && is_ideograph(c) && is_ideograph(chars[i - 1]) {
            out.push(' ');
            changed = true;
        }
        out.push(c);
    }
    changed.then_some(out)
}

fn page_numbers(rng: &mut Rng, spec: &PageSpec) -> (String, String) {
    let p = rng.range(1, 400);
    let text = p.to_string();
    if !rng.chance(spec.p_page_numbers_differ) {
        return (text.clone(), text);
    }
    let reversed: String = text.chars().rev().collect();
    let ocr = if reversed != text && !reversed.starts_with('0') {
        reversed
    } else {
        (p + rng.range(1, 20)).to_string()
    };
    (text, ocr)
}

/// What [`ocr_errors`] did.
#[derive(Debug, Default)]
struct OcrErrors {
    errors: usize,
    /// Marks read as `0`.
    zero: usize,
    /// Marks read as another character (`O`, `@`: varied model).
    misread: usize,
    lost: usize,
}

/// Applies the OCR's character errors to its pass. A misread mark becomes one of
/// `mark_reads` (`['0']` in the default model).
fn ocr_errors(
    rng: &mut Rng,
    spec: &PageSpec,
    tokens: &mut Vec<Token>,
    marker_lines: &[usize],
    footnote_lines: &[usize],
    mark_reads: &[char],
) -> OcrErrors {
    let (mut errors, mut zero, mut misread, mut lost) = (0, 0, 0, 0);
    // Only a choice among several consumes the PRNG: default pages keep their bytes.
    let mut read_as = |rng: &mut Rng| {
        let c = if mark_reads.len() > 1 {
            *rng.pick(mark_reads)
        } else {
            mark_reads[0]
        };
        if c == '0' {
            zero += 1;
        } else {
            misread += 1;
        }
        c
    };
    // Markers: `①` → `0`, or gone (with the space after a footnote mark).
    for &i in marker_lines {
        let t = &mut tokens[i].text;
        if rng.chance(spec.p_marker_zero) {
            t.pop();
            t.push(read_as(rng));
        } else if rng.chance(spec.p_marker_lost) {
            t.pop();
            lost += 1;
        }
    }
    for &i in footnote_lines {
        let t = &mut tokens[i].text;
        if rng.chance(spec.p_marker_zero) {
            let rest: String = t.chars().skip(1).collect();
            *t = format!("{}{rest}", read_as(rng));
        } else if rng.chance(spec.p_marker_lost) {
            *t = t.chars().skip(2).collect();
            lost += 1;
        }
    }
    // Substitutions of one ideograph by another (never the title, captions or furniture).
    let eligible: Vec<usize> = (0..tokens.len())
        .filter(|&i| {
            matches!(
                tokens[i].kind,
                Kind::Para | Kind::Note | Kind::Footnote | Kind::Cell
            )
        })
        .filter(|&i| tokens[i].text.chars().any(is_ideograph))
        .collect();
    let pool = words::ideograph_pool();
    if !eligible.is_empty() {
        let max_substitutions = spec.max_ocr_substitutions * spec.scale.max(1) as usize;
        for _ in 0..rng.range(0, max_substitutions) {
            let i = *rng.pick(&eligible);
            let mut chars: Vec<char> = tokens[i].text.chars().collect();
            let positions: Vec<usize> = (0..chars.len())
                .filter(|&p| is_ideograph(chars[p]))
                .collect();
            let p = *rng.pick(&positions);
            let c = *rng.pick(pool);
            if c == chars[p] {
                continue;
            }
            chars[p] = c;
            let new: String = chars.into_iter().collect();
            if tokens[i].kind == Kind::Cell
                && tokens.iter().any(|t| t.kind == Kind::Cell && t.text == new)
            {
                continue;
            }
            tokens[i].text = new;
            errors += 1;
        }
    }
    for t in tokens.iter_mut() {
        if !matches!(
            t.kind,
            Kind::Para | Kind::Note | Kind::Footnote | Kind::Cell
        ) {
            continue;
        }
        if t.text.contains([';', '；']) {
            let mut out = String::new();
            for c in t.text.chars() {
                match c {
                    ';' | '；' if rng.chance(spec.p_semicolon_error) => {
                        out.push(if c == ';' { ':' } else { '：' });
                        errors += 1;
                    }
                    _ => out.push(c),
                }
            }
            t.text = out;
        }
        if t.kind == Kind::Footnote && t.text.contains("———") && rng.chance(spec.p_dash_error)
        {
            t.text = t.text.replacen("———", "一", 1);
            errors += 1;
        }
    }
    tokens.retain(|t| !t.text.is_empty());
    OcrErrors {
        errors,
        zero,
        misread,
        lost,
    }
}

/// Ideographs an OCR confuses, each with a look-alike (read left to right; many pairs are
/// listed both ways). None of them is reserved (`表`, `版`).
const SIMILAR: &[(char, char)] = &[
    ('务', '各'),
    ('各', '务'),
    ('治', '冶'),
    ('冶', '治'),
    ('人', '入'),
    ('入', '人'),
    ('制', '判'),
    ('判', '制'),
    ('已', '己'),
    ('己', '已'),
    ('未', '末'),
    ('末', '未'),
    ('土', '士'),
    ('士', '土'),
    ('大', '太'),
    ('太', '大'),
    ('王', '玉'),
    ('玉', '王'),
    ('天', '夫'),
    ('夫', '天'),
    ('日', '曰'),
    ('田', '由'),
    ('由', '田'),
    ('业', '亚'),
    ('力', '刀'),
    ('万', '方'),
    ('于', '干'),
    ('千', '干'),
    ('午', '牛'),
    ('木', '本'),
    ('本', '木'),
    ('休', '体'),
    ('体', '休'),
    ('住', '往'),
    ('往', '住'),
    ('候', '侯'),
    ('区', '匹'),
    ('农', '衣'),
    ('民', '氏'),
    ('场', '扬'),
    ('处', '外'),
    ('间', '问'),
    ('问', '间'),
    ('设', '没'),
    ('没', '设'),
    ('理', '埋'),
    ('城', '域'),
    ('域', '城'),
    ('村', '材'),
    ('材', '村'),
    ('校', '较'),
    ('较', '校'),
    ('师', '帅'),
    ('广', '厂'),
    ('厂', '广'),
    ('率', '宰'),
    ('发', '友'),
    ('持', '特'),
    ('特', '持'),
    ('史', '吏'),
    ('员', '负'),
    ('目', '日'),
    ('白', '自'),
    ('自', '白'),
    ('儿', '几'),
    ('几', '儿'),
    ('成', '戌'),
    ('施', '旅'),
    ('准', '淮'),
    ('例', '列'),
    ('列', '例'),
    ('活', '括'),
    ('育', '肓'),
    ('历', '厉'),
    ('效', '郊'),
    ('工', '土'),
    ('二', '三'),
    ('口', '日'),
];

/// Digits and letters an OCR confuses.
const LOOK_ALIKE: &[(char, char)] = &[
    ('0', 'O'),
    ('O', '0'),
    ('1', 'l'),
    ('l', '1'),
    ('5', 'S'),
    ('S', '5'),
    ('8', 'B'),
    ('B', '8'),
    ('2', 'Z'),
    ('Z', '2'),
];

fn look_up(table: &[(char, char)], c: char) -> Option<char> {
    table.iter().find(|p| p.0 == c).map(|p| p.1)
}

/// How many misreads [`ocr_misreads`] made, in all and in cells and captions.
#[derive(Debug, Default)]
struct Misreads {
    all: usize,
    cells: usize,
    captions: usize,
}

/// The varied model's OCR misreads: each ideograph, digit or letter of a paragraph line,
/// caption (not its `表N`), cell, note or footnote is misread with probability `rate` — an
/// ideograph as a look-alike ([`SIMILAR`], with probability `p_similar` when it has one)
/// or any vocabulary ideograph, a digit or letter as its look-alike ([`LOOK_ALIKE`]).
/// Footnote marks are left to [`ocr_errors`]; a misread never makes two cell lines equal.
fn ocr_misreads(rng: &mut Rng, rate: f64, p_similar: f64, tokens: &mut [Token]) -> Misreads {
    let mut out = Misreads::default();
    let pool = words::ideograph_pool();
    for i in 0..tokens.len() {
        let kind = tokens[i].kind;
        if !matches!(
            kind,
            Kind::Para | Kind::Caption | Kind::Cell | Kind::Note | Kind::Footnote
        ) {
            continue;
        }
        let mut chars: Vec<char> = tokens[i].text.chars().collect();
        // Protected: a caption's `表N`, the marks (circled digits are neither class anyway).
        let from = if kind == Kind::Caption {
            1 + chars[1..].iter().take_while(|c| c.is_ascii_digit()).count()
        } else {
            0
        };
        let mut changed = 0;
        for slot in chars.iter_mut().skip(from) {
            let c = *slot;
            if !(is_ideograph(c) || c.is_ascii_alphanumeric()) || !rng.chance(rate) {
                continue;
            }
            let new = if c.is_ascii_alphanumeric() {
                look_up(LOOK_ALIKE, c)
            } else {
                match look_up(SIMILAR, c) {
                    Some(s) if rng.chance(p_similar) => Some(s),
                    _ => Some(*rng.pick(pool)),
                }
            };
            if let Some(n) = new.filter(|&n| n != c) {
                *slot = n;
                changed += 1;
            }
        }
        if changed == 0 {
            continue;
        }
        let new: String = chars.into_iter().collect();
        if kind == Kind::Cell && tokens.iter().any(|t| t.kind == Kind::Cell && t.text == new) {
            continue;
        }
        tokens[i].text = new;
        out.all += changed;
        match kind {
            Kind::Cell => out.cells += changed,
            Kind::Caption => out.captions += changed,
            _ => {}
        }
    }
    out
}

/// The varied model's choices for one page (see [`Variety`]).
struct Drawn {
    layout: Layout,
    letter_spacing: f64,
    p_note: f64,
    ocr_rate: f64,
    p_mark_misread: f64,
    p_mark_lost: f64,
    repeat_sentence: bool,
    repeat_opening: bool,
}

fn draw_variety(rng: &mut Rng, v: &Variety, ascii: bool) -> Drawn {
    let half = rng.chance(v.p_half_width_punct);
    let indent = if rng.chance(v.p_no_indent) {
        0
    } else {
        rng.range(v.indents.0 as usize, v.indents.1 as usize) as u32
    };
    Drawn {
        layout: Layout {
            ts: Typesetting {
                half_width_punct: ascii && half,
            },
            indent,
        },
        letter_spacing: rng.unit() * v.max_letter_spacing,
        p_note: rng.unit(),
        ocr_rate: rng.unit() * v.max_ocr_rate,
        p_mark_misread: rng.unit() * v.max_marker_misread,
        p_mark_lost: rng.unit() * v.max_marker_lost,
        repeat_sentence: rng.chance(v.p_repeat_sentence),
        repeat_opening: rng.chance(v.p_repeat_opening),
    }
}

/// Each printed line followed by one space (the watermark by nothing: the next pass is
/// glued to it, as in the sample).
fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for t in tokens {
        s.push_str(&t.text);
        if t.kind != Kind::Watermark {
            s.push(' ');
        }
    }
    s
}

pub(crate) fn build_parts(spec: &PageSpec, rng: &mut Rng) -> Parts {
    let width = rng.range(spec.width_range.0 as usize, spec.width_range.1 as usize) as u32;
    let w2 = 2 * width;
    let style = Style {
        ascii: rng.chance(spec.p_ascii_punct),
    };
    // The varied model draws its choices here and overrides the knobs they replace; the
    // default model draws nothing more, so its seeds keep their pages.
    let drawn = spec
        .variety
        .as_ref()
        .map(|v| draw_variety(rng, v, style.ascii));
    let overridden;
    let spec = match (&drawn, &spec.variety) {
        (Some(d), Some(v)) => {
            overridden = PageSpec {
                p_letter_spaced: d.letter_spacing,
                p_table_note: d.p_note,
                p_marker_zero: d.p_mark_misread,
                p_marker_lost: d.p_mark_lost,
                table_count_weights: v.table_count_weights,
                max_ocr_substitutions: 0,
                ..spec.clone()
            };
            &overridden
        }
        _ => spec,
    };
    let layout = drawn.as_ref().map_or(Layout::STANDARD, |d| d.layout);
    let both = !rng.chance(spec.p_text_only);
    let text_first = both && rng.chance(spec.p_text_first);
    let max_par = spec.max_paragraphs.max(1);
    let n_tables = rng.weighted(&spec.table_count_weights).min(max_par - 1);
    let n_par = rng.range(n_tables + 1, max_par);
    // Tables go into distinct gaps between paragraphs: gap g = after paragraph g-1.
    let mut gaps: Vec<usize> = (1..n_par).collect();
    rng.shuffle(&mut gaps);
    gaps.truncate(n_tables);
    gaps.sort_unstable();
    let continued = rng.chance(spec.p_continued_first);
    let runs_on = rng.chance(spec.p_runs_on);
    let title = words::title(rng);
    // A scaled page: more sections of paragraphs and tables, drawn after everything an
    // unscaled page draws here, so scale 1 keeps every seed's page.
    let scale = spec.scale.max(1) as usize;
    let mut n_par = n_par;
    for _ in 1..scale {
        let n_tables = rng.weighted(&spec.table_count_weights).min(max_par - 1);
        let section = rng.range(n_tables + 1, max_par);
        let mut section_gaps: Vec<usize> = (1..section).collect();
        rng.shuffle(&mut section_gaps);
        section_gaps.truncate(n_tables);
        section_gaps.sort_unstable();
        gaps.extend(section_gaps.iter().map(|g| g + n_par));
        n_par += section;
    }
    let max_footnotes = (spec.max_footnotes * scale).min(MARKERS.len());

    let mut features = Features {
        width,
        ascii_punct: style.ascii,
        both_passes: both,
        text_first,
        paragraphs: n_par,
        continued_first: continued,
        runs_on,
        ..Features::default()
    };
    if let Some(d) = &drawn {
        features.varied = true;
        features.half_width_punct = d.layout.ts.half_width_punct;
        features.indent = Some(d.layout.indent);
        features.letter_spacing_permille = (d.letter_spacing * 1000.0).round() as u32;
        features.ocr_rate_bp = (d.ocr_rate * 10_000.0).round() as u32;
    }
    // Varied model: which paragraph repeats a sentence, which opens like an earlier one.
    let echo_in = drawn
        .as_ref()
        .filter(|d| d.repeat_sentence)
        .map(|_| rng.below(n_par));
    let opening_in = drawn
        .as_ref()
        .filter(|d| d.repeat_opening && n_par >= 2)
        .map(|_| rng.range(1, n_par - 1));
    let mut earlier: Vec<String> = Vec::new();
    let mut openings: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    let mut footnotes: Vec<(char, String, Vec<String>)> = Vec::new();
    let mut table_no = 0;
    for i in 0..n_par {
        let next_table = gaps.contains(&(i + 1)).then_some(table_no + 1);
        let table_ref = next_table.filter(|_| rng.chance(spec.p_table_ref));
        let last = i + 1 == n_par;
        let runs = last && runs_on;
        let marker =
            (!runs && footnotes.len() < max_footnotes && rng.chance(spec.p_footnote_marker))
                .then(|| MARKERS[footnotes.len()]);
        let opening = if opening_in == Some(i) {
            let first = rng.pick(&openings).clone();
            let n = first.chars().count();
            features.repeated_openings += 1;
            Some(if rng.chance(0.5) && n > 5 {
                // Its first few characters only.
                first.chars().take(rng.range(4, (n - 1).min(8))).collect()
            } else {
                first
            })
        } else {
            None
        };
        let echo = if echo_in == Some(i) {
            features.repeated_sentences += 1;
            if earlier.is_empty() {
                Echo::Own
            } else {
                Echo::Text(rng.pick(&earlier).clone())
            }
        } else {
            Echo::None
        };
        let p = paragraph(
            rng,
            style,
            w2,
            layout,
            i == 0 && continued,
            runs,
            table_ref,
            marker,
            opening.as_deref(),
            echo,
        );
        if drawn.is_some() {
            openings.extend(p.sentences.first().cloned());
            earlier.extend(p.sentences.iter().cloned());
        }
        if let Some(m) = marker {
            let text = words::footnote(rng, style);
            // The mark and its space take 1.5 units of the first line.
            let mut lines = layout.ts.wrap(&text, w2 - 3, w2);
            lines[0] = format!("{m} {}", lines[0]);
            footnotes.push((m, text, lines));
        }
        features.table_refs += table_ref.is_some() as usize;
        blocks.push(Block::Para(p));
        if let Some(n) = next_table {
            table_no = n;
            let t = table::generate(rng, spec, style, layout.ts, n, w2);
            features.tables += 1;
            match t.kind {
                TableKind::Text => features.text_tables += 1,
                _ => features.numeric_tables += 1,
            }
            features.one_line_tables += t.all_one_line() as usize;
            features.table_notes += t.note.is_some() as usize;
            features.ambiguous_tables += t.ambiguous as usize;
            if both {
                features.ocr_swaps += t.swaps;
            }
            blocks.push(Block::Table(Box::new(t)));
        }
    }
    features.footnotes = footnotes.len();
    let (text_page, ocr_page) = page_numbers(rng, spec);
    features.page_numbers_differ = both && text_page != ocr_page;

    // The text layer: exact characters, tables cell by cell, title after the page number.
    let mut text = Vec::new();
    for b in &blocks {
        match b {
            Block::Para(p) => text.extend(p.lines.iter().map(|l| tok(l.clone(), Kind::Para))),
            Block::Table(t) => {
                text.push(tok(format!("{} {}", t.label(), t.caption), Kind::Caption));
                for f in t.text_order() {
                    text.push(tok(t.line(f), Kind::Cell));
                }
                text.extend(t.note_lines.iter().map(|l| tok(l.clone(), Kind::Note)));
            }
        }
    }
    text.push(tok(format!("— {text_page} —"), Kind::PageNumber));
    text.push(tok(title.clone(), Kind::Title));
    for (_, _, lines) in &footnotes {
        text.extend(lines.iter().map(|l| tok(l.clone(), Kind::Footnote)));
    }
    for t in &mut text {
        if matches!(t.kind, Kind::Para | Kind::Cell) && rng.chance(spec.p_letter_spaced) {
            if let Some(spaced) = letter_space(rng, &t.text) {
                t.text = spaced;
                features.letter_spaced_lines += 1;
            }
        }
    }

    // The OCR pass: title first, tables line by line, page number, watermark.
    let mut ocr = Vec::new();
    let mut marker_lines = Vec::new();
    let mut footnote_lines = Vec::new();
    if both {
        ocr.push(tok(title.clone(), Kind::Title));
        for b in &blocks {
            match b {
                Block::Para(p) => {
                    ocr.extend(p.lines.iter().map(|l| tok(l.clone(), Kind::Para)));
                    if p.marker {
                        marker_lines.push(ocr.len() - 1);
                    }
                }
                Block::Table(t) => {
                    ocr.push(tok(format!("{}{}", t.label(), t.caption), Kind::Caption));
                    for f in t.ocr_fragments() {
                        ocr.push(tok(t.line(f), Kind::Cell));
                    }
                    ocr.extend(t.note_lines.iter().map(|l| tok(l.clone(), Kind::Note)));
                }
            }
        }
        for (_, _, lines) in &footnotes {
            footnote_lines.push(ocr.len());
            ocr.extend(lines.iter().map(|l| tok(l.clone(), Kind::Footnote)));
        }
        ocr.push(tok(format!("-{ocr_page}-"), Kind::PageNumber));
        if rng.chance(spec.p_watermark) {
            let from = rng.range(1990, 1999);
            let to = rng.range(2008, 2024);
            ocr.push(tok(
                format!(
                    "?{from}-{to} China Academic Journal Electronic Publishing House.All rights reserved.http://www.cnki.net"
                ),
                Kind::Watermark,
            ));
            features.watermark = true;
        }
        if let Some(d) = &drawn {
            let v = spec.variety.as_ref().expect("a varied spec");
            let m = ocr_misreads(rng, d.ocr_rate, v.p_similar, &mut ocr);
            features.ocr_misreads = m.all;
            features.cell_misreads = m.cells;
            features.caption_misreads = m.captions;
        }
        let mark_reads: &[char] = if drawn.is_some() {
            &['0', 'O', '@']
        } else {
            &['0']
        };
        let e = ocr_errors(
            rng,
            spec,
            &mut ocr,
            &marker_lines,
            &footnote_lines,
            mark_reads,
        );
        features.ocr_errors = e.errors + features.ocr_misreads;
        features.zero_markers = e.zero;
        features.misread_markers = e.misread;
        features.lost_markers = e.lost;
    }

    Parts {
        width,
        title,
        blocks,
        footnotes,
        text_page,
        ocr_page: both.then_some(ocr_page),
        ocr,
        text,
        features,
    }
}

fn truth(parts: &Parts) -> Truth {
    let mut paragraphs = Vec::new();
    let mut tables = Vec::new();
    for b in &parts.blocks {
        match b {
            Block::Para(p) => paragraphs.push(p.lines.concat()),
            Block::Table(t) => tables.push(TruthTable {
                label: t.label(),
                caption: t.caption.clone(),
                header: (0..t.columns()).map(|c| t.cell_text(0, c)).collect(),
                rows: (1..t.cells.len())
                    .map(|r| (0..t.columns()).map(|c| t.cell_text(r, c)).collect())
                    .collect(),
                note: t.note.clone(),
            }),
        }
    }
    let mut page_numbers = Vec::new();
    let ocr_first = parts.ocr_page.is_some() && !parts.features.text_first;
    if let Some(o) = parts.ocr_page.as_ref().filter(|_| ocr_first) {
        page_numbers.push(o.clone());
    }
    if !page_numbers.contains(&parts.text_page) {
        page_numbers.push(parts.text_page.clone());
    }
    if let Some(o) = &parts.ocr_page {
        if !page_numbers.contains(o) {
            page_numbers.push(o.clone());
        }
    }
    Truth {
        title: parts.title.clone(),
        paragraphs,
        footnotes: parts
            .footnotes
            .iter()
            .map(|(m, t, _)| (m.to_string(), t.clone()))
            .collect(),
        tables,
        page_numbers,
    }
}

pub(crate) fn build(spec: &PageSpec) -> GeneratedPage {
    let mut rng = Rng::new(spec.seed);
    let mut parts = build_parts(spec, &mut rng);
    let text = join(&parts.text);
    let ocr = join(&parts.ocr);
    let mut body = if parts.features.text_first {
        text + &ocr
    } else {
        ocr + &text
    };
    body.truncate(body.trim_end().len());

    let widget = *rng.pick(&WIDGETS);
    let footer = if rng.chance(0.8) {
        "©2008-现在 cucdc.com 高等教育资讯网 版权所有".to_string()
    } else {
        format!(
            "©2008-{} cucdc.com 高等教育资讯网 版权所有",
            rng.range(2015, 2024)
        )
    };
    if rng.chance(spec.p_split_body) {
        let spaces: Vec<usize> = body.match_indices(' ').map(|(i, _)| i).collect();
        if !spaces.is_empty() {
            let mut bytes = body.into_bytes();
            for _ in 0..rng.range(1, 4) {
                bytes[*rng.pick(&spaces)] = b'\n';
            }
            body = String::from_utf8(bytes).expect("replaced an ASCII byte");
            parts.features.split_body = true;
        }
    }
    let crlf = rng.chance(spec.p_crlf);
    let bom = rng.chance(spec.p_bom);
    parts.features.crlf = crlf;
    parts.features.bom = bom;
    let nl = if crlf { "\r\n" } else { "\n" };
    let body = if crlf { body.replace('\n', nl) } else { body };
    let mut file = String::with_capacity(body.len() + 128);
    if bom {
        file.push('\u{FEFF}');
    }
    for part in [widget, nl, &body, nl, PAGE_TURN, nl, &footer] {
        file.push_str(part);
    }
    GeneratedPage {
        seed: spec.seed,
        bytes: file.into_bytes(),
        truth: truth(&parts),
        features: parts.features,
    }
}

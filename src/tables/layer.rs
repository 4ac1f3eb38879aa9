//! The two readings as the table stage holds them: the text layer with its spaces taken
//! out ([`Layer`]) and the OCR fragments ([`Frag`]), with the OCR confusions folded
//! ([`fold`]) and the printed width of a line ([`line_width`]).

use crate::spacing::WidthModel;

/// The text layer with its spaces taken out: `t[i]` is `s[map[i]]`.
pub(super) struct Layer {
    pub(super) s: Vec<char>,
    pub(super) t: Vec<char>,
    pub(super) map: Vec<usize>,
    /// How the page prints ASCII punctuation: the widths its lines are measured with.
    pub(super) model: WidthModel,
}

impl Layer {
    pub(super) fn new(text: &str, model: WidthModel) -> Layer {
        let s: Vec<char> = text.chars().collect();
        let mut t = Vec::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        for (i, &c) in s.iter().enumerate() {
            if !c.is_whitespace() {
                t.push(c);
                map.push(i);
            }
        }
        Layer { s, t, map, model }
    }

    /// `breaks[i]`: a space precedes `t[i]` (or `i` is either end), so a line may start
    /// or end there.
    pub(super) fn breaks(&self) -> Vec<bool> {
        let n = self.t.len();
        (0..=n)
            .map(|i| i == 0 || i == n || self.map[i] > self.map[i - 1] + 1)
            .collect()
    }

    /// The clean text of the spaceless range `t[a..b]`.
    pub(super) fn text(&self, a: usize, b: usize) -> String {
        if a >= b {
            return String::new();
        }
        clean(&self.s[self.map[a]..=self.map[b - 1]])
    }
}

/// Removes layout spaces, keeping one space between two ASCII letters (a Latin word space).
pub(super) use ocrclean_text::space::join_line_ends as clean;

/// One OCR fragment: its characters without spaces, the same folded, and its key (in one
/// buffer).
pub(super) struct Frag {
    buf: Vec<char>,
    /// Characters, and key length.
    pub(super) len: usize,
    key_len: usize,
}

impl Frag {
    pub(super) fn new(text: &str) -> Frag {
        let mut buf: Vec<char> = Vec::with_capacity(3 * text.len());
        buf.extend(text.chars().filter(|c| !c.is_whitespace()));
        let len = buf.len();
        for i in 0..len {
            buf.push(fold(buf[i]));
        }
        for i in len..2 * len {
            let f = buf[i];
            if !(f == '-' && buf.len() > 2 * len && buf[buf.len() - 1] == '-') {
                buf.push(f);
            }
        }
        let key_len = buf.len() - 2 * len;
        Frag { buf, len, key_len }
    }

    /// Its characters (spaces taken out).
    pub(super) fn chars(&self) -> &[char] {
        &self.buf[..self.len]
    }

    /// Its characters [`fold`]ed.
    pub(super) fn folded(&self) -> &[char] {
        &self.buf[self.len..2 * self.len]
    }

    /// Its characters folded, with dash runs collapsed to one.
    pub(super) fn key(&self) -> &[char] {
        &self.buf[2 * self.len..2 * self.len + self.key_len]
    }
}

/// Folds characters OCR commonly confuses into one representative, for locating
/// fragments (`———` read as `一`, `;` as `:`, `①` as `0`, full-width forms).
pub(super) fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).map_or(c, fold),
        '—' | '–' | '―' | '─' | '━' | '一' | '‐' | '‑' | '-' => '-',
        ';' | ':' => ':',
        '、' | '､' => ',',
        '。' => '.',
        '①'..='⑳' | '〇' | 'O' | 'o' => '0',
        '“' | '”' | '„' => '"',
        '‘' | '’' | '`' => '\'',
        _ => c,
    }
}

/// Whether a closing punctuation mark may hang past the end of a full line (Chinese
/// typesetting keeps it off the start of the next line).
pub(super) fn hangs(c: char) -> bool {
    "、，。；：！？）》」』”’,;:!?)".contains(c)
}

/// The printed width of a line as the typesetter fits it to its column: a closing
/// punctuation mark at its end hangs in the margin and does not count.
pub(super) fn line_width(chars: &[char], model: WidthModel) -> f32 {
    let total: f32 = chars.iter().map(|&c| model.char_width(c)).sum();
    match chars.last() {
        Some(&c) if hangs(c) && chars.len() > 1 => total - model.char_width(c),
        _ => total,
    }
}

#[cfg(test)]
mod tests {

    use crate::handoff::TableSource;
    use crate::tables::rebuild;

    #[test]
    fn latin_word_spaces_are_kept() {
        let src = TableSource {
            label: String::new(),
            caption: String::new(),
            note: None,
            text_layer: Some("名称 说明 Open Data 开 放 数 据 平台 ".into()),
            text_offset: 0,
            ocr_fragments: ["名称", "说明", "开放数据", "Open Data", "平台"]
                .map(String::from)
                .to_vec(),
            body_width: 10.0,
            half_width_punct: false,
        };
        let (table, _) = rebuild(&src);
        assert_eq!(
            table.rows,
            [["Open Data", "开放数据平台"]],
            "{}",
            table.method
        );
    }
}
